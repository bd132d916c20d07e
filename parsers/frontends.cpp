#include "parsers/frontends.h"

#include <algorithm>

#include "parsers/cdk/cdk_frontend.h"
#include "parsers/cdk/cdk_template.h"
#include "parsers/cloudformation/cloudformation_frontend.h"
#include "parsers/cpp/cpp_frontend.h"
#include "parsers/dockerfile/dockerfile_frontend.h"
#include "parsers/kubernetes/kubernetes_frontend.h"
#include "parsers/node/node_frontend.h"
#include "parsers/python/python_frontend.h"
#include "parsers/serverless/serverless_frontend.h"
#include "parsers/terraform/terraform_frontend.h"

namespace rightfit {

namespace {

// The order matters where names overlap: a front-end that claims a file by a name of its own
// comes before those that share JSON/YAML extensions (a CDK assembly's manifest.json, a
// serverless.yml, a main.tf.json are not templates), and among those CloudFormation looks
// before Kubernetes. Python comes before Node.js where a handler setting could name either.
std::vector<std::unique_ptr<const Frontend>> make_frontends() {
  std::vector<std::unique_ptr<const Frontend>> list;
  list.push_back(cdk::make_frontend());
  list.push_back(dockerfile::make_frontend());
  list.push_back(cpp::make_frontend());
  list.push_back(sls::make_frontend());
  list.push_back(python::make_frontend());
  list.push_back(node::make_frontend());
  list.push_back(tf::make_frontend());
  list.push_back(cfn::make_frontend({&cdk::read_cdk_metadata}));
  list.push_back(k8s::make_frontend());
  return list;
}

FileFacts unreadable(const std::string& path, const SourceProblem& problem) {
  FileFacts facts;
  facts.file = path;
  facts.parse_errors.push_back(
      {SourceRange{path, Span{problem.where, problem.where}}, problem.message});
  return facts;
}

// Whether some front-end recognises `text`, which is not valid text, as its format.
bool recognised_undecodable(std::string_view text) {
  return std::any_of(frontends().begin(), frontends().end(),
                     [text](const auto& f) { return f->recognises_undecodable(text); });
}

// Whether a file that was not read is still one to report: always when its format is ours by
// name; when the front-ends decide by content, only when its head (a file too large to read)
// says it is theirs. A 5 MB package-lock.json is nobody's, so its size is nobody's business.
bool reported_unread(const std::vector<const Frontend*>& found, const SourceProblem& problem) {
  if (!problem.head || !found.front()->shares_extensions()) return true;
  const std::string_view head = *problem.head;
  return std::any_of(found.begin(), found.end(),
                     [head](const Frontend* f) { return f->claims_content(head); });
}

}  // namespace

const std::vector<std::unique_ptr<const Frontend>>& frontends() {
  static const std::vector<std::unique_ptr<const Frontend>> list = make_frontends();
  return list;
}

const Frontend* frontend_named(std::string_view name) {
  for (const auto& f : frontends()) {
    if (f->name() == name) return f.get();
  }
  return nullptr;
}

std::vector<const Frontend*> claimants(std::string_view path) {
  std::vector<const Frontend*> sharing;
  for (const auto& f : frontends()) {
    if (!f->claims_name(path)) continue;
    if (!f->shares_extensions()) return {f.get()};
    sharing.push_back(f.get());
  }
  return sharing;
}

NameClaim name_claim(std::string_view path) {
  const std::vector<const Frontend*> found = claimants(path);
  return {
      found.empty() ? nullptr : found.front(),
      std::all_of(found.begin(), found.end(), [](const Frontend* f) { return f->cacheable(); })};
}

bool is_claimed(std::string_view path) {
  return std::any_of(frontends().begin(), frontends().end(),
                     [path](const auto& f) { return f->claims_name(path); });
}

const Frontend* claimant_of(std::string_view path, std::string_view text) {
  for (const Frontend* f : claimants(path)) {
    if (f->claims_content(text)) return f;
  }
  return nullptr;
}

const Frontend* project_frontend_of(std::string_view path) {
  std::vector<const Frontend*> found = claimants(path);
  return !found.empty() && found.front()->project_level() ? found.front() : nullptr;
}

std::optional<FileFacts> parse_claimed(const std::string& path, const ParseContext& context) {
  const std::vector<const Frontend*> found = claimants(path);
  if (found.empty() || found.front()->leaves_unread(path, context.limits)) return std::nullopt;
  SourceText source = context.read(path, context.limits);
  if (!source.ok()) {
    if (!reported_unread(found, source.problem())) return std::nullopt;
    return unreadable(path, source.problem());
  }
  const std::string_view text = *source;
  const Frontend& first = *found.front();
  if (first.checks_encoding()) {
    // Not text: a problem where the format is ours by name or the text says it is a template;
    // anything else is some other tool's file.
    if (std::optional<SourceProblem> bad = check_text_encoding(text)) {
      if (!first.reports_undecodable() && !recognised_undecodable(text)) return std::nullopt;
      return unreadable(path, *bad);
    }
  }
  for (const Frontend* f : found) {
    if (!f->claims_content(text)) continue;
    std::optional<FileFacts> facts = f->parse(path, text, context);
    if (facts || !f->shares_extensions()) return facts;
  }
  return std::nullopt;
}

FileFacts parse_as(const Frontend& frontend, const std::string& path, const ParseContext& context) {
  SourceText source = context.read(path, context.limits);
  if (!source.ok()) return unreadable(path, source.problem());
  if (frontend.checks_encoding()) {
    if (std::optional<SourceProblem> bad = check_text_encoding(*source))
      return unreadable(path, *bad);
  }
  std::optional<FileFacts> facts = frontend.parse(path, *source, context);
  if (facts) return std::move(*facts);
  FileFacts none;
  none.file = path;
  return none;
}

std::string_view comment_marker(std::string_view path) {
  const std::vector<const Frontend*> found = claimants(path);
  return found.empty() ? "#" : found.front()->comment_marker(path);
}

std::vector<std::string> handler_usrs(const std::string& code_dir, const std::string& handler) {
  std::vector<std::string> out;
  for (const auto& f : frontends()) {
    for (std::string& usr : f->handler_usrs(code_dir, handler)) out.push_back(std::move(usr));
  }
  return out;
}

const CodeIdioms& code_idioms(std::string_view language) {
  const Frontend* fallback = nullptr;
  for (const auto& f : frontends()) {
    if (!f->idioms()) continue;
    if (f->writes_language(language)) return *f->idioms();
    if (f->writes_language("c++")) fallback = f.get();
  }
  return *fallback->idioms();
}

bool handler_named_by_setting(std::string_view language) {
  return std::any_of(frontends().begin(), frontends().end(), [language](const auto& f) {
    return f->writes_language(language) && f->names_handlers_by_setting();
  });
}

}  // namespace rightfit
