#include "analyzer/framework_resources.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

namespace rightfit {

namespace {

// aws-cdk-lib creates these once per stack (SingletonFunction and friends), naming each by a
// fixed UUID without dashes; the construct ID is the name followed by those 32 hex digits.
struct Singleton {
  std::string_view prefix;  // the construct ID before the UUID
  std::string_view what;
};

constexpr std::array<Singleton, 5> kSingletons = {{
    {"LogRetention", "the LogRetention function that sets log groups' retention"},
    {"BucketNotificationsHandler", "the handler that writes S3 bucket notifications"},
    {"Custom::CDKBucketDeployment", "the BucketDeployment handler that copies assets to S3"},
    {"AdoptEcrRepository", "the handler that adopts ECR repositories of image assets"},
    {"AWS", "the AwsCustomResource function that makes SDK calls"},
}};

// The same UUIDs, as the synthesized logical IDs begin (`::` dropped), for templates written
// without `aws:cdk:path` (`cdk synth --no-path-metadata`).
struct SingletonLogicalId {
  std::string_view prefix;
  std::string_view what;
};

constexpr std::array<SingletonLogicalId, 5> kSingletonLogicalIds = {{
    {"LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a", kSingletons[0].what},
    {"BucketNotificationsHandler050a0587b7544547bf325f094a3db834", kSingletons[1].what},
    {"CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C", kSingletons[2].what},
    {"AdoptEcrRepositorydbc60defc59544bcaa5c28c95d68f62c", kSingletons[3].what},
    {"AWS679f53fac002430cb0da5b7982bd2287", kSingletons[4].what},
}};

// The Lambda functions of aws-cdk-lib's custom-resource Provider framework.
constexpr std::array<std::string_view, 3> kProviderFunctions = {
    "framework-onEvent", "framework-isComplete", "framework-onTimeout"};

bool all_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(c) != 0; });
}

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    const size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

constexpr std::string_view kCdk = "AWS CDK's own function (not the app's workload): ";

std::optional<std::string> by_construct_segment(std::string_view segment) {
  for (const Singleton& s : kSingletons) {
    if (segment.size() == s.prefix.size() + 32 && segment.starts_with(s.prefix) &&
        all_hex(segment.substr(s.prefix.size()))) {
      return std::string(kCdk) + std::string(s.what) + " (construct " + std::string(segment) + ")";
    }
  }
  if (std::find(kProviderFunctions.begin(), kProviderFunctions.end(), segment) !=
      kProviderFunctions.end()) {
    return std::string(kCdk) + "the custom-resource Provider framework's " + std::string(segment) +
           " function";
  }
  // CustomResourceProvider: `Custom::S3AutoDeleteObjectsCustomResourceProvider`,
  // `Custom::VpcRestrictDefaultSGCustomResourceProvider`, `AWSCDKCfnUtilsProvider...`.
  if (segment.ends_with("CustomResourceProvider")) {
    return std::string(kCdk) + "the handler of custom resource provider " + std::string(segment);
  }
  // Stacks aws-cdk-lib nests for its own providers (`@aws-cdk--aws-eks.KubectlProvider`).
  if (segment.starts_with("@aws-cdk--")) {
    return std::string(kCdk) + "a handler of the provider stack " + std::string(segment);
  }
  return std::nullopt;
}

std::optional<std::string> by_construct(std::string_view construct) {
  for (std::string_view segment : segments(construct)) {
    if (std::optional<std::string> reason = by_construct_segment(segment)) return reason;
  }
  return std::nullopt;
}

bool ends_with_hash8(std::string_view id) {
  return id.size() > 8 && all_hex(id.substr(id.size() - 8));
}

std::optional<std::string> by_logical_id(std::string_view id) {
  for (const SingletonLogicalId& s : kSingletonLogicalIds) {
    if (id.starts_with(s.prefix)) {
      return std::string(kCdk) + std::string(s.what) + " (logical ID " + std::string(id) + ")";
    }
  }
  // `CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F`
  constexpr std::string_view kProviderHandler = "CustomResourceProviderHandler";
  if (ends_with_hash8(id) && id.substr(0, id.size() - 8).ends_with(kProviderHandler)) {
    return std::string(kCdk) + "the handler of a custom resource provider (logical ID " +
           std::string(id) + ")";
  }
  // Serverless Framework's helpers for `existing: true` S3 buckets and Cognito pools, the
  // API Gateway CloudWatch role and EventBridge: `CustomDashresourceDash...LambdaFunction`.
  if (id.starts_with("CustomDashresourceDash") && id.ends_with("LambdaFunction")) {
    return "a custom resource function the Serverless Framework adds by itself (logical ID " +
           std::string(id) + ")";
  }
  return std::nullopt;
}

std::optional<std::string> by_handler(const Function& f) {
  if (!f.handler.value) return std::nullopt;
  const std::string& h = *f.handler.value;
  if (h == "framework.onEvent" || h == "framework.isComplete" || h == "framework.onTimeout") {
    return std::string(kCdk) + "the custom-resource Provider framework (Handler " + h + ")";
  }
  if (h == "__entrypoint__.handler") {
    return std::string(kCdk) + "the handler of a custom resource provider (Handler " + h + ")";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> framework_function_reason(const Function& f,
                                                     const FrameworkEvidence& evidence) {
  if (!evidence.construct.empty()) {
    if (std::optional<std::string> reason = by_construct(evidence.construct)) return reason;
  }
  if (evidence.marked_library_handler) {
    return std::string(kCdk) +
           "marked in the assembly's metadata as a custom resource handler "
           "of aws-cdk-lib (construct " +
           evidence.construct + ")";
  }
  if (std::optional<std::string> reason = by_logical_id(f.id.name)) return reason;
  return by_handler(f);
}

bool in_deployment_copy(std::string_view path) {
  constexpr std::string_view kAsset = "asset.";
  for (std::string_view segment : segments(path)) {
    if (segment == ".cdk.staging") return true;
    if (segment.size() >= kAsset.size() + 64 && segment.starts_with(kAsset) &&
        all_hex(segment.substr(kAsset.size(), 64))) {
      return true;
    }
  }
  return false;
}

namespace {

// The construct path of every synthesized resource, and the constructs the assembly
// metadata marks as aws-cdk-lib's own handlers, by template directory (the assembly).
class CdkEvidence {
 public:
  explicit CdkEvidence(const Facts& facts) {
    for (const SynthesizedResource& r : facts.synthesized_resources) paths_[r.id] = r.construct;
    for (const ConstructTrace& t : facts.construct_traces) {
      if (t.library_handler) marked_.insert({normal(t.assembly), t.construct});
    }
  }

  FrameworkEvidence of(const Function& f) const {
    FrameworkEvidence e;
    auto it = paths_.find(f.id);
    if (it == paths_.end()) return e;
    e.construct = it->second;
    const std::string assembly = directory_of(f.id.scope);
    for (const auto& [dir, construct] : marked_) {
      if (dir != assembly) continue;
      if (e.construct == construct || e.construct.starts_with(construct + "/"))
        e.marked_library_handler = true;
    }
    return e;
  }

 private:
  static std::string normal(std::string path) {
    while (path.starts_with("./")) path.erase(0, 2);
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path.empty() ? "." : path;
  }
  static std::string directory_of(const std::string& file) {
    const size_t slash = file.rfind('/');
    return normal(slash == std::string::npos ? "." : file.substr(0, slash));
  }

  std::map<EntityId, std::string> paths_;
  std::set<std::pair<std::string, std::string>> marked_;
};

}  // namespace

void exclude_framework_functions(Facts& facts, std::vector<ExcludedResource>& excluded) {
  const CdkEvidence evidence(facts);
  std::set<EntityId> left_out;
  std::erase_if(facts.functions, [&](const Function& f) {
    std::optional<std::string> reason = framework_function_reason(f, evidence.of(f));
    if (!reason) return false;
    excluded.push_back({f.id, f.type, f.header, std::move(*reason)});
    left_out.insert(f.id);
    return true;
  });
  if (left_out.empty()) return;
  auto invokes_left_out = [&](const auto& x) {
    return left_out.count(EntityId{x.scope, x.function}) > 0;
  };
  std::erase_if(facts.triggers, invokes_left_out);
  std::erase_if(facts.api_integrations, invokes_left_out);
  std::erase_if(facts.unresolved,
                [&](const Unresolved& u) { return left_out.count(u.resource) > 0; });
}

}  // namespace rightfit
