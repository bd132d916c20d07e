// The interface of a rule. One rule per file in checks/, registered in checks/registry.cpp,
// with its help page (`<file>.md`) beside it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/finding.h"
#include "analyzer/rule_info.h"
#include "analyzer/workload_graph.h"

namespace rightfit {

struct CheckContext {
  const WorkloadGraph& graph;
  const Config& config;
};

class Check {
 public:
  explicit Check(RuleInfo info) : info_(std::move(info)) {}
  virtual ~Check() = default;

  const RuleInfo& info() const { return info_; }
  virtual void run(const CheckContext& ctx, std::vector<Finding>& out) const = 0;
  // Runs once every enabled rule has run and suppressions are marked, for rules about the
  // findings themselves (RF004: a suppression no finding needed). `findings` is every
  // finding so far; add to it.
  virtual void after_suppressions(const CheckContext& ctx, std::vector<Finding>& findings) const {
    (void)ctx;
    (void)findings;
  }

 protected:
  // A finding of this rule at its default severity.
  Finding diag(const SourceRange& where, std::string message) const;
  // This rule's option `name` as configured (or its declared default).
  double option(const CheckContext& ctx, std::string_view name) const {
    return ctx.config.option(info_, name);
  }

 private:
  RuleInfo info_;
};

// Fills a RuleInfo, taking the help text from the page embedded from checks/<stem>.md.
RuleInfo describe_rule(std::string id, std::string name, Severity severity,
                       std::string short_description, std::string_view stem);

// The embedded help page checks/<stem>.md (generated at build time); empty when missing.
std::string_view help_page(std::string_view stem);

// Every rule, in ID order.
std::vector<std::unique_ptr<Check>> make_all_checks();
// Their descriptions (ID, name, default severity, help), in the same order.
std::vector<RuleInfo> all_rules();

// `900`, `0.5`, `1.25`: numbers as people write them in messages.
std::string format_number(double value);

}  // namespace rightfit
