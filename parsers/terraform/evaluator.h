// Static evaluation of Terraform expressions: literals, variables, locals, module outputs,
// operators, conditionals with known operands, `for`, splats and the common functions.
// What cannot be known becomes Value::Kind::Unknown with the reason; references to
// resources are collected on the way so links survive unknown values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parsers/parse_limits.h"
#include "parsers/terraform/hcl_ast.h"
#include "parsers/terraform/value.h"

namespace rightfit::tf {

// What evaluating one root module, with every module it calls, may spend (ParseLimits'
// max_eval_*). Past any of them every further expression is unknown with the reason, so the
// findings that need one say why (RF002) and the other files are still analysed.
class EvaluationBudget {
 public:
  explicit EvaluationBudget(const ParseLimits& limits);
  // One expression evaluated; false once the budget is spent.
  bool step();
  // `v`, just produced: its values (by size) and string bytes; false once the budget is
  // spent. Walks at most what is left of the budget, so counting costs no more than it allows.
  bool charge(const Value& v);
  // "evaluation budget exceeded: ..." once spent, else empty.
  const std::string& exceeded() const { return exceeded_; }

 private:
  bool spend(const Value& v);
  void exceed(std::string_view key, std::size_t limit, std::string_view what);

  std::size_t values_left_;
  std::size_t bytes_left_;
  std::size_t steps_left_;
  std::size_t values_limit_;
  std::size_t bytes_limit_;
  std::size_t steps_limit_;
  std::string exceeded_;
};

// What the names of one module instance mean.
class Names {
 public:
  virtual ~Names() = default;
  virtual Value variable(const std::string& name) const = 0;
  virtual Value local(const std::string& name) const = 0;
  virtual Value module_output(const std::string& module, const std::string& output) const = 0;
  // Full address of resource `type.name` of this module ("module.x.aws_sqs_queue.q"), or
  // nullopt when the module declares no such resource.
  virtual std::optional<std::string> resource_address(const std::string& type,
                                                      const std::string& name) const = 0;
  // An argument written in resource `type.name`'s own block, which Terraform echoes as the
  // attribute of that name: `path` is {"name"} or through nested blocks {"metadata", "name"}
  // (`metadata[0].name`). Unknown when not written or not statically known.
  virtual Value resource_argument(const std::string& type, const std::string& name,
                                  const std::vector<std::string>& path) const {
    (void)type, (void)name, (void)path;
    return Value::unknown("not read");
  }
  // The module's directory (path.module), as shown to users; empty when unknown.
  virtual std::string directory() const { return {}; }
  // What evaluation may spend here; null: unbounded (a single expression of a test).
  virtual EvaluationBudget* budget() const { return nullptr; }
};

// The current instance of a `count`/`for_each` resource or `dynamic` block.
struct Iteration {
  std::string name;  // "each", "count", or a dynamic block's iterator name
  Value key;         // each.key / iterator.key / count.index
  Value value;       // each.value / iterator.value
  const Iteration* outer = nullptr;
};

// With `positions_file`, the elements of object constructors remember where they were written
// (key positions in that file): used for module inputs, whose nested values are what users
// change.
Value evaluate(const hcl::Expr& expr, const Names& names, const Iteration* iteration = nullptr,
               const std::string* positions_file = nullptr);

// The JSON text of a value (jsonencode); nullopt when any part is unknown.
std::optional<std::string> to_json(const Value& v);

}  // namespace rightfit::tf
