// Static evaluation of Terraform expressions: HCL snippets parsed with hcl::parse_hcl and
// evaluated against a small, hand-made module (variables, locals, module outputs, resources).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>

#include "parsers/terraform/evaluator.h"
#include "parsers/terraform/hcl_ast.h"

namespace rightfit::tf {
namespace {

using Kind = Value::Kind;

Value list_of(std::vector<Value> items) {
  Value v;
  v.kind = Kind::List;
  v.items = std::move(items);
  return v;
}

Value map_of(std::vector<std::pair<std::string, Value>> entries) {
  Value v;
  v.kind = Kind::Map;
  v.map = std::move(entries);
  std::sort(v.map.begin(), v.map.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return v;
}

Value unknown_with_pattern(std::string pattern) {
  Value v = Value::unknown("known only after apply");
  v.pattern = std::move(pattern);
  return v;
}

// A module with a few names; `prefix` makes its resource addresses those of a child module.
class TestNames : public Names {
 public:
  TestNames() {
    variables["name"] = Value::of(std::string("worker"));
    variables["n"] = Value::of(5.0);
    variables["flag"] = Value::of(true);
    variables["nothing"] = Value::null();
    variables["config"] = map_of({{"visibility", Value::of(900.0)}});
    variables["services"] = map_of({{"api", Value::of(1.0)}, {"web", Value::of(2.0)}});
    variables["cluster"] = Value::unknown("variable 'cluster' has no default");
    Value with_origin = Value::of(300.0);
    with_origin.origin = SourceRange{"caller.tf", Span{{7, 3}, {7, 10}}};
    variables["from_caller"] = with_origin;

    locals["stage"] = Value::of(std::string("dev"));
    locals["timeouts"] = map_of({{"fast", Value::of(10.0)}, {"slow", Value::of(1000.0)}});
    locals["list"] = list_of(
        {Value::of(std::string("a")), Value::of(std::string("b")), Value::of(std::string("c"))});
    locals["objs"] = list_of({map_of({{"name", Value::of(std::string("x"))}}),
                              map_of({{"name", Value::of(std::string("y"))}})});
    locals["obj"] = map_of({{"name", Value::of(std::string("solo"))}});
    locals["pat"] = unknown_with_pattern("api-*");

    Value arn = Value::unknown("module.worker.function_arn is known only after apply");
    arn.refs.push_back({"module.worker.aws_lambda_function.this", "arn"});
    outputs[{"worker", "function_arn"}] = arn;
    outputs[{"worker", "timeout"}] = Value::of(120.0);

    resources = {"aws_sqs_queue.q", "aws_sqs_queue.a", "aws_sqs_queue.b", "aws_lambda_function.f"};
  }

  Value variable(const std::string& name) const override {
    auto it = variables.find(name);
    return it != variables.end() ? it->second
                                 : Value::unknown("variable '" + name + "' is not declared");
  }
  Value local(const std::string& name) const override {
    auto it = locals.find(name);
    return it != locals.end() ? it->second : Value::unknown("local '" + name + "' is not declared");
  }
  Value module_output(const std::string& module, const std::string& output) const override {
    auto it = outputs.find({module, output});
    return it != outputs.end() ? it->second : Value::unknown("no output " + output);
  }
  std::optional<std::string> resource_address(const std::string& type,
                                              const std::string& name) const override {
    if (!resources.count(type + "." + name)) return std::nullopt;
    return prefix + type + "." + name;
  }

  std::map<std::string, Value> variables;
  std::map<std::string, Value> locals;
  std::map<std::pair<std::string, std::string>, Value> outputs;
  std::set<std::string> resources;
  std::string prefix;
};

class TfEvaluator : public ::testing::Test {
 protected:
  // Parses `v = <expr>` and evaluates the attribute's value.
  Value eval(const std::string& expr, const Iteration* iteration = nullptr,
             const std::string* positions_file = nullptr) {
    hcl::File file = hcl::parse_hcl("v = " + expr + "\n");
    EXPECT_FALSE(file.error.has_value())
        << expr << ": " << (file.error ? file.error->message : std::string());
    const hcl::Attribute* v = file.body.attribute("v");
    if (!v) {
      ADD_FAILURE() << "no attribute parsed from: " << expr;
      return Value::unknown("no attribute");
    }
    return evaluate(v->value, names, iteration, positions_file);
  }

  // The JSON text of a fully known value ("<unknown>" otherwise): a compact way to compare
  // lists and maps exactly.
  std::string json(const std::string& expr) {
    Value v = eval(expr);
    return to_json(v).value_or("<unknown: " + v.string + ">");
  }

  double number(const std::string& expr) {
    Value v = eval(expr);
    EXPECT_EQ(v.kind, Kind::Number) << expr << " -> " << v.string;
    return v.number;
  }

  std::string string(const std::string& expr) {
    Value v = eval(expr);
    EXPECT_EQ(v.kind, Kind::String) << expr << " -> " << v.string;
    return v.string;
  }

  bool boolean(const std::string& expr) {
    Value v = eval(expr);
    EXPECT_EQ(v.kind, Kind::Bool) << expr << " -> " << v.string;
    return v.boolean;
  }

  TestNames names;
};

std::vector<ResourceAddress> refs(std::initializer_list<ResourceAddress> r) { return r; }

// --- literals and strings ---

TEST_F(TfEvaluator, Literals) {
  EXPECT_TRUE(eval("null").is_null());
  EXPECT_TRUE(boolean("true"));
  EXPECT_FALSE(boolean("false"));
  EXPECT_EQ(number("300"), 300);
  EXPECT_EQ(number("1.5"), 1.5);
  EXPECT_EQ(number("1.5e3"), 1500);
  EXPECT_EQ(number("2.0E-1"), 0.2);
  EXPECT_EQ(string("\"plain\""), "plain");
  EXPECT_EQ(string("\"\""), "");
  EXPECT_TRUE(eval("300").refs.empty());
  EXPECT_FALSE(eval("300").origin.has_value());
}

TEST_F(TfEvaluator, StringEscapes) {
  EXPECT_EQ(string(R"("a\"b\\c\nd\te")"), "a\"b\\c\nd\te");
  EXPECT_EQ(string(R"("caf\u00e9")"), "caf\xc3\xa9");
  EXPECT_EQ(string(R"("$${not.interpolated}")"), "${not.interpolated}");
  EXPECT_EQ(string(R"("%%{not.a.directive}")"), "%{not.a.directive}");
}

TEST_F(TfEvaluator, HeredocIsAString) {
  hcl::File file = hcl::parse_hcl("v = <<-EOT\n    line one\n      line two\n    EOT\n");
  ASSERT_FALSE(file.error.has_value());
  Value v = evaluate(file.body.attribute("v")->value, names);
  ASSERT_EQ(v.kind, Kind::String);
  EXPECT_EQ(v.string, "line one\n  line two\n");
}

// --- templates ---

TEST_F(TfEvaluator, KnownTemplateIsAString) {
  EXPECT_EQ(string(R"("fn-${var.name}-${local.stage}")"), "fn-worker-dev");
  EXPECT_EQ(string(R"("t-${1 + 2}-${true}-${var.n * 1.5}")"), "t-3-true-7.5");
  EXPECT_EQ(string(R"("${var.name}")"), "worker");
}

TEST_F(TfEvaluator, TemplateWithUnknownPartKeepsAPattern) {
  Value v = eval(R"("service/${var.cluster}/api")");
  EXPECT_EQ(v.kind, Kind::Unknown);
  EXPECT_EQ(v.pattern, "service/*/api");
  EXPECT_FALSE(v.string.empty()) << "an unknown value says why";

  // An unknown part with its own pattern contributes it.
  Value nested = eval(R"("${local.pat}/v1")");
  EXPECT_EQ(nested.kind, Kind::Unknown);
  EXPECT_EQ(nested.pattern, "api-*/v1");

  Value arn = eval(R"("queue:${aws_sqs_queue.q.arn}")");
  EXPECT_EQ(arn.kind, Kind::Unknown);
  EXPECT_EQ(arn.pattern, "queue:*");
  EXPECT_EQ(arn.refs, refs({{"aws_sqs_queue.q", "arn"}}));
}

// A template that is only one interpolation is that value, with its type (HCL spec):
// Terraform JSON syntax writes every expression this way.
TEST_F(TfEvaluator, SingleInterpolationKeepsTheValueAndItsType) {
  Value n = eval(R"("${var.n}")");
  EXPECT_EQ(n.kind, Kind::Number);
  EXPECT_EQ(n.number, 5);
  Value m = eval(R"("${var.services}")");
  ASSERT_EQ(m.kind, Kind::Map);
  EXPECT_EQ(m.map.size(), 2u);
  Value l = eval(R"("${local.list}")");
  ASSERT_EQ(l.kind, Kind::List);
  EXPECT_EQ(l.items.size(), 3u);
  Value b = eval(R"("${var.flag}")");
  EXPECT_EQ(b.kind, Kind::Bool);
}

// --- operators ---

TEST_F(TfEvaluator, ArithmeticAndPrecedence) {
  EXPECT_EQ(number("1 + 2 * 3"), 7);
  EXPECT_EQ(number("(1 + 2) * 3"), 9);
  EXPECT_EQ(number("10 - 4 - 3"), 3);
  EXPECT_EQ(number("2 * 3 % 4"), 2);
  EXPECT_EQ(number("7 % 3"), 1);
  EXPECT_EQ(number("10 / 4"), 2.5);
  EXPECT_EQ(number("15 * 60"), 900);
  EXPECT_EQ(number("var.n * 60 + 1"), 301);
  EXPECT_EQ(number("\"2\" + 3"), 5);
  EXPECT_EQ(number("-2 * 3"), -6);
  EXPECT_FALSE(eval("1 / 0").known());
  EXPECT_FALSE(eval("5 % 0").known());
  EXPECT_FALSE(eval("var.cluster + 1").known());
  EXPECT_FALSE(eval("\"abc\" + 1").known());
}

TEST_F(TfEvaluator, ComparisonIsTypeStrict) {
  EXPECT_TRUE(boolean("1 < 2"));
  EXPECT_TRUE(boolean("2 <= 2"));
  EXPECT_FALSE(boolean("3 > 4"));
  EXPECT_TRUE(boolean("4 >= 3"));
  EXPECT_TRUE(boolean("1 == 1"));
  EXPECT_FALSE(boolean("\"1\" == 1"));
  EXPECT_TRUE(boolean("\"1\" != 1"));
  EXPECT_FALSE(boolean("true == \"true\""));
  EXPECT_TRUE(boolean("\"a\" != \"b\""));
  EXPECT_TRUE(boolean("local.stage == \"dev\""));
  EXPECT_TRUE(boolean("[1, 2] == [1, 2]"));
  EXPECT_FALSE(boolean("[1, 2] == [2, 1]"));
  EXPECT_TRUE(boolean("{ a = 1 } == { a = 1 }"));
  EXPECT_TRUE(boolean("null == null"));
  EXPECT_TRUE(boolean("var.nothing == null"));
  EXPECT_FALSE(boolean("0 == null"));
  EXPECT_FALSE(eval("var.cluster == \"main\"").known());
  EXPECT_FALSE(eval("[var.cluster] == [\"main\"]").known());
}

TEST_F(TfEvaluator, LogicalOperatorsShortCircuit) {
  EXPECT_FALSE(boolean("false && var.cluster"));
  EXPECT_TRUE(boolean("true || var.cluster"));
  EXPECT_FALSE(eval("true && var.cluster").known());
  EXPECT_FALSE(eval("false || var.cluster").known());
  EXPECT_TRUE(boolean("true && true"));
  EXPECT_FALSE(boolean("true && false"));
  EXPECT_TRUE(boolean("false || true"));
  // && binds tighter than ||, comparison tighter than both.
  EXPECT_TRUE(boolean("true || false && false"));
  EXPECT_TRUE(boolean("1 + 2 == 3 && !false"));
}

TEST_F(TfEvaluator, UnaryOperators) {
  EXPECT_FALSE(boolean("!true"));
  EXPECT_TRUE(boolean("!false"));
  EXPECT_TRUE(boolean("!!true"));
  EXPECT_FALSE(boolean("!var.flag"));
  EXPECT_EQ(number("-5"), -5);
  EXPECT_EQ(number("-var.n"), -5);
  EXPECT_EQ(number("-(-3)"), 3);
  EXPECT_EQ(number("-\"3\""), -3);
  EXPECT_FALSE(eval("!var.cluster").known());
  EXPECT_FALSE(eval("-var.cluster").known());
  EXPECT_FALSE(eval("-\"abc\"").known());
}

TEST_F(TfEvaluator, ConditionalWithKnownCondition) {
  EXPECT_EQ(number("local.stage == \"prod\" ? 1000 : 60"), 60);
  EXPECT_EQ(number("var.flag ? 1 : 2"), 1);
  EXPECT_EQ(string("var.n > 3 ? \"big\" : \"small\""), "big");
  // Only the chosen branch is evaluated and linked.
  Value v = eval("true ? aws_sqs_queue.a.arn : aws_sqs_queue.b.arn");
  EXPECT_EQ(v.refs, refs({{"aws_sqs_queue.a", "arn"}}));
}

TEST_F(TfEvaluator, ConditionalWithUnknownConditionKeepsRefsOfBothBranches) {
  Value v = eval("var.cluster == \"x\" ? aws_sqs_queue.a.arn : aws_sqs_queue.b.url");
  EXPECT_EQ(v.kind, Kind::Unknown);
  EXPECT_EQ(v.refs, refs({{"aws_sqs_queue.a", "arn"}, {"aws_sqs_queue.b", "url"}}));
  Value numbers = eval("var.cluster != null ? 10 : 20");
  EXPECT_EQ(numbers.kind, Kind::Unknown);
}

// --- names ---

TEST_F(TfEvaluator, VariablesLocalsAndModuleOutputs) {
  EXPECT_EQ(string("var.name"), "worker");
  EXPECT_EQ(number("var.config.visibility"), 900);
  EXPECT_EQ(number("var.config[\"visibility\"]"), 900);
  EXPECT_EQ(number("local.timeouts.slow"), 1000);
  EXPECT_EQ(number("local.timeouts[\"fast\"]"), 10);
  EXPECT_EQ(string("local.list[1]"), "b");
  EXPECT_EQ(string("local.objs[1].name"), "y");
  EXPECT_EQ(number("module.worker.timeout"), 120);
  EXPECT_EQ(number("module.worker[0].timeout"), 120) << "the first instance's output";
  EXPECT_EQ(number("module.worker[\"a\"].timeout"), 120);

  Value arn = eval("module.worker.function_arn");
  EXPECT_EQ(arn.kind, Kind::Unknown);
  EXPECT_EQ(arn.refs, refs({{"module.worker.aws_lambda_function.this", "arn"}}));
  EXPECT_EQ(eval("module.worker[0].function_arn").refs,
            refs({{"module.worker.aws_lambda_function.this", "arn"}}));

  EXPECT_FALSE(eval("var.undeclared").known());
  EXPECT_FALSE(eval("local.undeclared").known());
  EXPECT_FALSE(eval("module.worker").known());
  EXPECT_FALSE(eval("local.timeouts.missing").known());
  EXPECT_FALSE(eval("local.list[3]").known());
  EXPECT_FALSE(eval("local.list[-1]").known());
  EXPECT_FALSE(eval("local.list[var.cluster]").known());
  EXPECT_FALSE(eval("var.nothing.field").known());
  EXPECT_FALSE(eval("path.module").known());
  EXPECT_FALSE(eval("terraform.workspace").known());
}

TEST_F(TfEvaluator, LookupsKeepTheOriginOfTheValue) {
  Value v = eval("var.from_caller");
  ASSERT_TRUE(v.origin.has_value());
  EXPECT_EQ(v.origin->file, "caller.tf");
  EXPECT_EQ(v.origin->line(), 7u);
  EXPECT_EQ(v.origin->column(), 3u);
  Value sum = eval("var.from_caller + 1");
  EXPECT_EQ(sum.number, 301);
  ASSERT_TRUE(sum.origin.has_value());
  EXPECT_EQ(sum.origin->line(), 7u);
}

TEST_F(TfEvaluator, IterationNames) {
  Iteration each{"each", Value::of(std::string("blue")), Value::of(650.0), nullptr};
  EXPECT_EQ(eval("each.value", &each).number, 650);
  EXPECT_EQ(eval("\"fn-${each.key}\"", &each).string, "fn-blue");
  Iteration count{"count", Value::of(0.0), Value::null(), nullptr};
  EXPECT_EQ(eval("\"worker-${count.index}\"", &count).string, "worker-0");
  // A dynamic block's iterator sees the resource's own iteration too.
  Iteration lb{"load_balancer", Value::of(0.0), Value::of(8080.0), &each};
  EXPECT_EQ(eval("load_balancer.value", &lb).number, 8080);
  EXPECT_EQ(eval("each.key", &lb).string, "blue");
  EXPECT_FALSE(eval("each.value").known()) << "no iteration: each is not known";
}

// --- resources ---

TEST_F(TfEvaluator, ResourceReferences) {
  Value v = eval("aws_sqs_queue.q.arn");
  EXPECT_EQ(v.kind, Kind::Unknown);
  EXPECT_EQ(v.refs, refs({{"aws_sqs_queue.q", "arn"}}));

  EXPECT_EQ(eval("aws_sqs_queue.q[0].arn").refs, refs({{"aws_sqs_queue.q", "arn"}}));
  EXPECT_EQ(eval("aws_sqs_queue.q[\"blue\"].url").refs, refs({{"aws_sqs_queue.q", "url"}}));
  EXPECT_EQ(eval("aws_sqs_queue.q[*].arn").refs, refs({{"aws_sqs_queue.q", "arn"}}));
  EXPECT_EQ(eval("aws_sqs_queue.q").refs, refs({{"aws_sqs_queue.q", ""}}));
  EXPECT_EQ(eval("aws_lambda_function.f.invoke_arn").refs,
            refs({{"aws_lambda_function.f", "invoke_arn"}}));

  // Not declared in this module: no link.
  Value missing = eval("aws_sqs_queue.nope.arn");
  EXPECT_EQ(missing.kind, Kind::Unknown);
  EXPECT_TRUE(missing.refs.empty());

  // Addresses are those of the module instance.
  names.prefix = "module.x.";
  EXPECT_EQ(eval("aws_sqs_queue.q.arn").refs, refs({{"module.x.aws_sqs_queue.q", "arn"}}));
}

TEST_F(TfEvaluator, DataSourceReferences) {
  Value v = eval("data.archive_file.x.output_path");
  EXPECT_EQ(v.kind, Kind::Unknown);
  EXPECT_EQ(v.refs, refs({{"data.archive_file.x", "output_path"}}));
  EXPECT_EQ(eval("data.aws_caller_identity.current").refs,
            refs({{"data.aws_caller_identity.current", ""}}));
}

TEST_F(TfEvaluator, ReferencesSurviveOperationsAndCollections) {
  EXPECT_EQ(eval("[aws_sqs_queue.a.arn, aws_sqs_queue.b.arn]").refs,
            refs({{"aws_sqs_queue.a", "arn"}, {"aws_sqs_queue.b", "arn"}}));
  EXPECT_EQ(eval("{ QUEUE = aws_sqs_queue.q.url }").refs, refs({{"aws_sqs_queue.q", "url"}}));
  Value m = eval("{ QUEUE = aws_sqs_queue.q.url, NAME = \"x\" }");
  ASSERT_EQ(m.kind, Kind::Map);
  EXPECT_EQ(m.get("NAME")->string, "x");
  EXPECT_FALSE(m.get("QUEUE")->known());
}

// --- for expressions and splats ---

TEST_F(TfEvaluator, ForExpressions) {
  EXPECT_EQ(json("[for s in [\"a\", \"b\"] : upper(s)]"), R"(["A","B"])");
  EXPECT_EQ(json("[for i, s in [\"a\", \"b\"] : \"${i}-${s}\"]"), R"(["0-a","1-b"])");
  EXPECT_EQ(json("[for k, v in local.timeouts : k]"), R"(["fast","slow"])");
  EXPECT_EQ(json("{for k, v in { a = 1, b = 2 } : k => v * 10}"), R"({"a":10,"b":20})");
  EXPECT_EQ(json("{for s in [\"x\", \"y\"] : s => upper(s)}"), R"({"x":"X","y":"Y"})");
  EXPECT_EQ(json("[for x in [1, 2, 3, 4] : x if x % 2 == 0]"), "[2,4]");
  EXPECT_EQ(json("{for k, v in local.timeouts : k => v if v > 100}"), R"({"slow":1000})");
  EXPECT_EQ(json("[for x in [] : x]"), "[]");
  // Nested: the inner expression sees the outer variable.
  EXPECT_EQ(json("[for a in [1, 2] : [for b in [10, 20] : a + b]]"), "[[11,21],[12,22]]");
  // Iteration variables do not leak.
  EXPECT_FALSE(eval("[[for s in [\"a\"] : s], s]").items.at(1).known());
}

TEST_F(TfEvaluator, ForExpressionGroupingCollectsValues) {
  EXPECT_EQ(json("{for k, v in { a = \"x\", b = \"y\", c = \"x\" } : v => k...}"),
            R"({"x":["a","c"],"y":["b"]})");
}

TEST_F(TfEvaluator, ForExpressionsOverUnknowns) {
  EXPECT_FALSE(eval("[for x in var.cluster : x]").known());
  EXPECT_FALSE(eval("[for x in [1, 2] : x if var.cluster]").known());
  EXPECT_FALSE(eval("{for x in [var.cluster] : x => 1}").known());
  // Items may be unknown: the list is known, its references kept.
  Value v = eval("[for n in [\"a\"] : aws_sqs_queue.q.arn]");
  ASSERT_EQ(v.kind, Kind::List);
  ASSERT_EQ(v.items.size(), 1u);
  EXPECT_FALSE(v.items[0].known());
  EXPECT_EQ(v.refs, refs({{"aws_sqs_queue.q", "arn"}}));
}

TEST_F(TfEvaluator, SplatsOverKnownLists) {
  EXPECT_EQ(json("local.objs[*].name"), R"(["x","y"])");
  EXPECT_EQ(json("local.objs.*.name"), R"(["x","y"])");
  EXPECT_EQ(json("[{ a = { b = 1 } }, { a = { b = 2 } }][*].a.b"), "[1,2]");
  // A single value becomes a one-element list; null an empty one.
  EXPECT_EQ(json("local.obj[*].name"), R"(["solo"])");
  EXPECT_EQ(json("var.nothing[*]"), "[]");
  EXPECT_FALSE(eval("var.cluster[*].name").known());
}

// --- functions ---

TEST_F(TfEvaluator, TryAndCan) {
  EXPECT_EQ(string("try(local.undeclared, \"fallback\")"), "fallback");
  EXPECT_EQ(number("try(local.timeouts.slow, 5)"), 1000);
  EXPECT_EQ(number("try(local.timeouts.missing, local.list[7], 5)"), 5);
  EXPECT_FALSE(eval("try(var.cluster)").known());
  Value linked = eval("try(aws_sqs_queue.q.arn, var.cluster)");
  EXPECT_FALSE(linked.known());
  EXPECT_EQ(linked.refs, refs({{"aws_sqs_queue.q", "arn"}}));
  EXPECT_TRUE(boolean("can(local.timeouts.slow)"));
  EXPECT_FALSE(eval("can(var.cluster)").known());
}

TEST_F(TfEvaluator, Coalesce) {
  EXPECT_EQ(string("coalesce(null, \"\", \"x\", \"y\")"), "x");
  EXPECT_EQ(number("coalesce(var.nothing, 7)"), 7);
  EXPECT_EQ(string("coalesce(\"first\", var.cluster)"), "first");
  EXPECT_FALSE(eval("coalesce(\"\", var.cluster, \"y\")").known());
  EXPECT_FALSE(eval("coalesce(null, \"\")").known());
}

TEST_F(TfEvaluator, Lookup) {
  EXPECT_EQ(number("lookup(local.timeouts, \"fast\")"), 10);
  EXPECT_EQ(number("lookup(local.timeouts, \"fast\", 99)"), 10);
  EXPECT_EQ(number("lookup(local.timeouts, \"missing\", 99)"), 99);
  EXPECT_FALSE(eval("lookup(local.timeouts, \"missing\")").known());
  EXPECT_FALSE(eval("lookup(local.timeouts, var.cluster, 1)").known());
  EXPECT_FALSE(eval("lookup(var.cluster, \"a\", 1)").known());
}

TEST_F(TfEvaluator, CollectionFunctions) {
  EXPECT_EQ(json("merge({ a = 1, b = 2 }, { b = 3, c = 4 })"), R"({"a":1,"b":3,"c":4})");
  EXPECT_EQ(json("merge({ a = 1 }, null)"), R"({"a":1})");
  EXPECT_FALSE(eval("merge({ a = 1 }, var.cluster)").known());
  EXPECT_EQ(json("concat([1], [2, 3], [])"), "[1,2,3]");
  EXPECT_FALSE(eval("concat([1], var.cluster)").known());
  EXPECT_EQ(json("flatten([[1, [2]], [], [3]])"), "[1,2,3]");
  EXPECT_EQ(json("flatten([1, [2, 3]])"), "[1,2,3]");
  EXPECT_EQ(number("length([1, 2, 3])"), 3);
  EXPECT_EQ(number("length({ a = 1 })"), 1);
  EXPECT_EQ(number("length(\"abc\")"), 3);
  EXPECT_EQ(number("length(\"caf\xc3\xa9\")"), 4) << "length counts characters, not bytes";
  EXPECT_FALSE(eval("length(var.cluster)").known());
  EXPECT_EQ(string("element([\"a\", \"b\", \"c\"], 1)"), "b");
  EXPECT_EQ(string("element([\"a\", \"b\"], 3)"), "b") << "element() wraps around";
  EXPECT_FALSE(eval("element([], 0)").known());
  EXPECT_EQ(json("keys({ b = 1, a = 2 })"), R"(["a","b"])");
  EXPECT_EQ(json("values({ b = 1, a = 2 })"), "[2,1]");
  EXPECT_TRUE(boolean("contains([\"a\", \"b\"], \"b\")"));
  EXPECT_FALSE(boolean("contains([\"a\", \"b\"], \"c\")"));
  EXPECT_FALSE(boolean("contains([1], \"1\")"));
  EXPECT_FALSE(eval("contains([\"a\"], var.cluster)").known());
  EXPECT_EQ(json("tolist(toset([\"a\"]))"), R"(["a"])");
  EXPECT_EQ(string("one([\"only\"])"), "only");
}

TEST_F(TfEvaluator, NumericFunctions) {
  EXPECT_EQ(number("max(1, 5, 3)"), 5);
  EXPECT_EQ(number("min(4, 2, 9)"), 2);
  EXPECT_EQ(number("max(\"7\", 3)"), 7);
  EXPECT_FALSE(eval("max(var.cluster, 1)").known());
  EXPECT_EQ(number("abs(-4)"), 4);
  EXPECT_EQ(number("ceil(1.2)"), 2);
  EXPECT_EQ(number("floor(1.8)"), 1);
}

TEST_F(TfEvaluator, TypeConversions) {
  EXPECT_EQ(string("tostring(5)"), "5");
  EXPECT_EQ(string("tostring(1.1)"), "1.1");
  EXPECT_EQ(string("tostring(true)"), "true");
  EXPECT_EQ(string("tostring(\"x\")"), "x");
  EXPECT_TRUE(eval("tostring(null)").is_null());
  EXPECT_EQ(number("tonumber(\"42\")"), 42);
  EXPECT_EQ(number("tonumber(\"-1.5\")"), -1.5);
  EXPECT_EQ(number("tonumber(7)"), 7);
  EXPECT_FALSE(eval("tonumber(\"abc\")").known());
  EXPECT_FALSE(eval("tonumber(\"\")").known());
  // Terraform reads decimal numbers only.
  EXPECT_FALSE(eval("tonumber(\"0x10\")").known());
  EXPECT_FALSE(eval("tonumber(\" 12\")").known());
  EXPECT_TRUE(boolean("tobool(\"true\")"));
  EXPECT_FALSE(eval("tostring([1])").known());
}

TEST_F(TfEvaluator, JsonencodeWritesExactJsonWithSortedKeys) {
  EXPECT_EQ(string(R"(jsonencode({
    name         = "web"
    image        = "nginx:1.27"
    essential    = true
    cpu          = 0.25
    memory       = 512
    command      = null
    portMappings = [{ containerPort = 8080, hostPort = 8080 }]
    environment  = [{ name = "STAGE", value = local.stage }]
  }))"),
            R"({"command":null,"cpu":0.25,"environment":[{"name":"STAGE","value":"dev"}],)"
            R"("essential":true,"image":"nginx:1.27","memory":512,)"
            R"("name":"web","portMappings":[{"containerPort":8080,"hostPort":8080}]})");
  EXPECT_EQ(string("jsonencode([1, \"two\", [3]])"), R"([1,"two",[3]])");
  EXPECT_EQ(string("jsonencode(0.1)"), "0.1");
  EXPECT_EQ(string("jsonencode(-3)"), "-3");
  EXPECT_EQ(string(R"(jsonencode("a\"b\\c\nd\te"))"), R"("a\"b\\c\nd\te")");
  // Like Terraform (Go's encoder): <, > and & are escaped.
  EXPECT_EQ(string(R"(jsonencode("<a & b>"))"), R"("\u003ca \u0026 b\u003e")");
  EXPECT_EQ(string("jsonencode({})"), "{}");

  Value unknown = eval("jsonencode({ queue = aws_sqs_queue.q.url })");
  EXPECT_EQ(unknown.kind, Kind::Unknown);
  EXPECT_EQ(unknown.refs, refs({{"aws_sqs_queue.q", "url"}}));
}

TEST_F(TfEvaluator, StringFunctions) {
  EXPECT_EQ(string("join(\"-\", [\"a\", \"b\", \"c\"])"), "a-b-c");
  EXPECT_EQ(string("join(\",\", [\"a\"], [\"b\", 1])"), "a,b,1");
  EXPECT_EQ(string("join(\"-\", [])"), "");
  EXPECT_FALSE(eval("join(\"-\", [var.cluster])").known());
  EXPECT_EQ(string("format(\"%s-%d\", \"web\", 3)"), "web-3");
  EXPECT_EQ(string("format(\"100%% %s\", var.name)"), "100% worker");
  EXPECT_EQ(string("format(\"%v/%v\", 1, true)"), "1/true");
  EXPECT_EQ(string("format(\"%03d\", 7)"), "007");
  EXPECT_EQ(string("format(\"%-4s|\", \"ab\")"), "ab  |");
  EXPECT_EQ(string("format(\"%.2f\", 3.14159)"), "3.14");
  EXPECT_FALSE(eval("format(\"%s-%s\", \"only\")").known());
  EXPECT_FALSE(eval("format(\"%d\", 1.5)").known());
  EXPECT_FALSE(eval("format(\"%q\", \"x\")").known()) << "a verb it does not write";
  EXPECT_FALSE(eval("format(\"%[2]s\", \"a\", \"b\")").known());
  EXPECT_FALSE(eval("format(\"%99999999999s\", \"x\")").known());
  EXPECT_FALSE(eval("format(\"%99999d\", 1)").known());
  EXPECT_FALSE(eval("format(\"%\", 1)").known());
  EXPECT_FALSE(eval("format(\"%t\", 1)").known());
  EXPECT_EQ(string("format(\"%t\", false)"), "false");
  EXPECT_EQ(string("format(\"%5.1f|%e\", 3.14159, 1)"), "  3.1|1.000000e+00");
  EXPECT_FALSE(eval("format(\"%s\", var.cluster)").known());
  EXPECT_EQ(string("lower(\"MiXeD\")"), "mixed");
  EXPECT_EQ(string("upper(\"MiXeD\")"), "MIXED");
  EXPECT_EQ(string("trimspace(\"  x \\n\")"), "x");
}

TEST_F(TfEvaluator, UnknownFunctionIsUnknownAndKeepsReferences) {
  Value v = eval("templatefile(\"task.json.tpl\", { queue = aws_sqs_queue.q.arn })");
  EXPECT_EQ(v.kind, Kind::Unknown);
  EXPECT_NE(v.string.find("templatefile"), std::string::npos) << v.string;
  EXPECT_EQ(v.refs, refs({{"aws_sqs_queue.q", "arn"}}));
  Value known_args = eval("no_such_function(1, \"a\")");
  EXPECT_EQ(known_args.kind, Kind::Unknown);
  EXPECT_NE(known_args.string.find("no_such_function"), std::string::npos) << known_args.string;
}

// --- robustness ---

TEST_F(TfEvaluator, DeeplyNestedSourceIsUnknownNotACrash) {
  const int depth = 2000;
  std::string parens = std::string(depth, '(') + "1" + std::string(depth, ')');
  hcl::File file = hcl::parse_hcl("v = " + parens + "\n");
  const hcl::Attribute* v = file.body.attribute("v");
  ASSERT_NE(v, nullptr);
  EXPECT_FALSE(evaluate(v->value, names).known());

  std::string sums;
  for (int i = 0; i < depth; ++i) sums += "1 + (";
  sums += "1" + std::string(depth, ')');
  file = hcl::parse_hcl("v = " + sums + "\n");
  v = file.body.attribute("v");
  ASSERT_NE(v, nullptr);
  EXPECT_FALSE(evaluate(v->value, names).known());
}

TEST_F(TfEvaluator, DeeplyNestedAstIsUnknownNotACrash) {
  // Built directly, past any limit of the parser: the evaluator has its own.
  hcl::Expr e;
  e.kind = hcl::Expr::Kind::Number;
  e.text = "1";
  for (int i = 0; i < 2000; ++i) {
    hcl::Expr outer;
    outer.kind = hcl::Expr::Kind::Unary;
    outer.text = "-";
    outer.children.push_back(std::move(e));
    e = std::move(outer);
  }
  Value v = evaluate(e, names);
  EXPECT_EQ(v.kind, Kind::Unknown);

  hcl::Expr tuple;
  tuple.kind = hcl::Expr::Kind::Number;
  tuple.text = "1";
  for (int i = 0; i < 2000; ++i) {
    hcl::Expr outer;
    outer.kind = hcl::Expr::Kind::Tuple;
    outer.children.push_back(std::move(tuple));
    tuple = std::move(outer);
  }
  Value nested = evaluate(tuple, names);
  EXPECT_FALSE(to_json(nested).has_value()) << "the innermost part is not known";
}

// --- positions ---

TEST_F(TfEvaluator, PositionsFileGivesObjectElementsAnOriginAtTheirKey) {
  const std::string source =
      "v = {\n"                       // 1
      "  timeout = 30\n"              // 2
      "  nested = {\n"                // 3
      "    visibility = 60\n"         // 4
      "  }\n"                         // 5
      "  \"quoted key\" = \"x\"\n"    // 6
      "  passed = var.from_caller\n"  // 7
      "  items  = [1, 2]\n"           // 8
      "}\n";
  hcl::File file = hcl::parse_hcl(source);
  ASSERT_FALSE(file.error.has_value());
  const hcl::Attribute* attr = file.body.attribute("v");
  ASSERT_NE(attr, nullptr);
  const std::string path = "modules.tf";
  Value v = evaluate(attr->value, names, nullptr, &path);
  ASSERT_EQ(v.kind, Kind::Map);

  auto origin_of = [](const Value* value) -> std::string {
    if (!value || !value->origin) return "none";
    return value->origin->file + ":" + std::to_string(value->origin->line()) + ":" +
           std::to_string(value->origin->column());
  };
  EXPECT_EQ(origin_of(v.get("timeout")), "modules.tf:2:3");
  EXPECT_EQ(origin_of(v.get("nested")), "modules.tf:3:3");
  ASSERT_NE(v.get("nested"), nullptr);
  EXPECT_EQ(origin_of(v.get("nested")->get("visibility")), "modules.tf:4:5");
  EXPECT_EQ(origin_of(v.get("quoted key")), "modules.tf:6:3");
  EXPECT_EQ(origin_of(v.get("passed")), "caller.tf:7:3") << "an origin it had is kept";
  EXPECT_EQ(origin_of(v.get("items")), "modules.tf:8:3");

  // Without a positions file, literals have no origin.
  Value plain = evaluate(attr->value, names);
  EXPECT_EQ(origin_of(plain.get("timeout")), "none");
  EXPECT_EQ(origin_of(plain.get("nested")->get("visibility")), "none");
}

}  // namespace
}  // namespace rightfit::tf
