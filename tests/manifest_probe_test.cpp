// Manifest probing (issue 23): a JSON/YAML file is loaded as a Kubernetes manifest only when
// `apiVersion` and `kind` are keys of its top level, decided from its bytes before any load.
#include "parsers/kubernetes/manifest_probe.h"

#include <gtest/gtest.h>

#include <string>

#include "parsers/frontends.h"
#include "parsers/kubernetes/manifest_parser.h"

namespace rightfit {
namespace {

using k8s::has_top_level_manifest_keys;

TEST(ManifestProbe, YamlKeysAtTheStartOfALineOfAnyDocument) {
  EXPECT_TRUE(has_top_level_manifest_keys("apiVersion: v1\nkind: Service\n"));
  EXPECT_TRUE(has_top_level_manifest_keys(
      "# settings first\nlogLevel: debug\n---\napiVersion: apps/v1\nkind: Deployment\n"));
  EXPECT_TRUE(has_top_level_manifest_keys("\"apiVersion\" : v1\r\n'kind': Pod\r\n"));
  EXPECT_TRUE(
      has_top_level_manifest_keys("\xEF\xBB\xBF"
                                  "apiVersion: v1\nkind: Pod\n"));
}

TEST(ManifestProbe, YamlKeysIndentedUnderAnotherKeyAreNotTopLevel) {
  EXPECT_FALSE(
      has_top_level_manifest_keys("chart:\n  apiVersion: v2\n  kind: application\nreplicas: 2\n"));
  EXPECT_FALSE(has_top_level_manifest_keys("apiVersion: v1\nitems: []\n"));  // no kind
  EXPECT_FALSE(has_top_level_manifest_keys("apiVersionSuffix: 1\nkind: x\n"));
  EXPECT_FALSE(has_top_level_manifest_keys("notes: |\napiVersion kind\n"));
}

TEST(ManifestProbe, JsonKeysOfTheOutermostObjectOnly) {
  EXPECT_TRUE(has_top_level_manifest_keys(
      "{\"metadata\": {\"name\": \"a\"}, \"apiVersion\": \"v1\", \"kind\": \"Pod\"}"));
  EXPECT_TRUE(has_top_level_manifest_keys(
      "  {\n  \"kind\": \"List\",\n  \"items\": [],\n  \"apiVersion\": \"v1\"\n}\n"));
  EXPECT_TRUE(has_top_level_manifest_keys("{apiVersion: v1, kind: ConfigMap}\n"));
  // An API model: "apiVersion" inside `metadata`, "kind" in a shape, neither at the top.
  EXPECT_FALSE(has_top_level_manifest_keys(
      "{\"version\": \"2.0\", \"metadata\": {\"apiVersion\": \"2012-11-05\"},\n"
      " \"shapes\": {\"Attr\": {\"type\": \"structure\", \"kind\": \"x\"}},\n"
      " \"documentation\": \"apiVersion \\\" kind\"}"));
  // Values are not keys, and nothing after the root object counts.
  EXPECT_FALSE(has_top_level_manifest_keys("{\"apiVersion\": \"v1\", \"note\": \"kind\"}"));
  EXPECT_FALSE(has_top_level_manifest_keys("{\"a\": 1} {\"apiVersion\": 1, \"kind\": 2}"));
}

TEST(ManifestProbe, TheKubernetesFrontEndClaimsOnlyTopLevelManifests) {
  const Frontend* manifest = claimant_of("a.json", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}");
  ASSERT_NE(manifest, nullptr);
  EXPECT_EQ(manifest->name(), "Kubernetes");
  EXPECT_EQ(claimant_of("service-2.json",
                        "{\"metadata\": {\"apiVersion\": \"2012-11-05\", \"kind\": \"rest\"}}"),
            nullptr);
  EXPECT_EQ(claimant_of("values.yaml", "service:\n  apiVersion: v1\n  kind: Service\n"), nullptr);
}

TEST(ManifestProbe, ABrokenManifestStillSaysSoAndABrokenModelStaysSilent) {
  const std::optional<FileFacts> broken =
      k8s::parse_manifests("d.json", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {");
  ASSERT_TRUE(broken);
  EXPECT_FALSE(broken->parse_errors.empty());
  EXPECT_FALSE(k8s::parse_manifests(
      "m.json", "{\"metadata\": {\"apiVersion\": \"1\"}, \"shapes\": {\"kind\": \"x\"},"));
}

}  // namespace
}  // namespace rightfit
