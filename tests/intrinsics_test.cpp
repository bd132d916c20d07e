// Tests of the static evaluation of CloudFormation intrinsics (parsers/cloudformation/intrinsics)
// and of the ECS size units: what is known without deploying, why the rest is not, and which
// resources a value references.
#include "parsers/cloudformation/intrinsics.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parsers/units/units.h"

namespace rightfit::cfn {
namespace {

Node LoadYaml(std::string_view text) {
  doc::LoadResult result = doc::load_yaml(text);
  EXPECT_TRUE(result.ok()) << result.problem().message;
  return result.ok() ? std::move(result).value() : Node{};
}

// A template and an Evaluator over it. Values to evaluate are loaded separately with Value();
// they may refer to the template's Parameters, Mappings, Conditions and Resources.
class Template {
 public:
  explicit Template(std::string_view yaml) : root_(LoadYaml(yaml)), eval_(root_) {}
  Template(const Template&) = delete;
  Template& operator=(const Template&) = delete;

  const Evaluator& eval() const { return eval_; }

  // Loads `yaml` as a value (kept alive by this object) and returns it.
  const Node& Value(std::string_view yaml) {
    values_.push_back(std::make_unique<Node>(LoadYaml(yaml)));
    return *values_.back();
  }

  std::optional<double> Number(std::string_view yaml, std::string* why = nullptr) {
    return eval_.number(Value(yaml), why);
  }
  std::optional<std::string> String(std::string_view yaml, std::string* why = nullptr) {
    return eval_.string(Value(yaml), why);
  }

  // The reason a value cannot be reduced to a string ("" when it can).
  std::string WhyNotString(std::string_view yaml) {
    std::string why;
    if (String(yaml, &why)) return "";
    return why;
  }

  // "Name" or "Name.Attr" for every resource referenced in `yaml`, in order.
  std::vector<std::string> Refs(std::string_view yaml) {
    std::vector<std::string> out;
    for (const ResourceRef& r : eval_.resource_refs(Value(yaml))) {
      out.push_back(r.attribute.empty() ? r.name : r.name + "." + r.attribute);
    }
    return out;
  }

 private:
  Node root_;
  Evaluator eval_;
  std::vector<std::unique_ptr<Node>> values_;
};

using Names = std::vector<std::string>;

constexpr std::string_view kTemplate = R"(AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Timeout:
    Type: Number
    Default: 300
  Caller:
    Type: Number
  Stage:
    Type: String
    Default: prod
  Index:
    Type: Number
    Default: "1"
  ImportedDefault:
    Type: String
    Default: !ImportValue shared
Mappings:
  StageSettings:
    prod:
      Timeout: 900
      Zones: [a, b, c]
    dev:
      Timeout: 30
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsDev: !Not [!Condition IsProd]
  InUsEast: !Equals [!Ref "AWS::Region", us-east-1]
  ProdAndEast: !And [!Condition IsProd, !Condition InUsEast]
  DevAndEast: !And [!Condition IsDev, !Condition InUsEast]
  ProdOrEast: !Or [!Condition IsProd, !Condition InUsEast]
  DevOrEast: !Or [!Condition IsDev, !Condition InUsEast]
  ProdAndProd:
    Fn::And:
      - Condition: IsProd
      - Fn::Equals: [prod, !Ref Stage]
  Literal: true
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Table:
    Type: AWS::DynamoDB::Table
  Db:
    Type: AWS::RDS::DBInstance
  Worker:
    Type: AWS::Serverless::Function
  Plain:
    Type: AWS::Lambda::Function
)";

// ---------------------------------------------------------------------------------------------
// Ref

TEST(Intrinsics, RefToParameterDefault) {
  Template t(kTemplate);
  EXPECT_EQ(t.Number("!Ref Timeout"), 300);
  EXPECT_EQ(t.Number("Ref: Timeout"), 300);
  EXPECT_EQ(t.String("!Ref Stage"), "prod");
  EXPECT_EQ(t.Number("!Ref Index"), 1);  // a quoted default is still a number
  Resolved r = t.eval().resolve(t.Value("!Ref Stage"));
  ASSERT_NE(r.node, nullptr);
  EXPECT_EQ(r.node->text, "prod");
  EXPECT_FALSE(r.no_value);
}

TEST(Intrinsics, RefToParameterWithoutDefaultSaysWhy) {
  Template t(kTemplate);
  std::string why;
  EXPECT_EQ(t.Number("!Ref Caller", &why), std::nullopt);
  EXPECT_EQ(why, "Parameter 'Caller' has no Default");
  EXPECT_EQ(t.WhyNotString("!Ref ImportedDefault"),
            "it is imported from another stack (Fn::ImportValue)");
}

TEST(Intrinsics, RefToResourceIsNotAValue) {
  Template t(kTemplate);
  Resolved r = t.eval().resolve(t.Value("!Ref Queue"));
  EXPECT_EQ(r.node, nullptr);
  EXPECT_FALSE(r.no_value);
  EXPECT_EQ(r.why, "it refers to resource 'Queue'");
  EXPECT_EQ(t.WhyNotString("!Ref Nowhere"),
            "'Nowhere' is not a Parameter or resource of this template");
  EXPECT_EQ(t.WhyNotString("Ref: [a, b]"), "its Ref is not a name");
}

TEST(Intrinsics, PseudoParameters) {
  Template t(kTemplate);
  EXPECT_EQ(t.WhyNotString("!Ref AWS::Region"), "it depends on the deployment (AWS::Region)");
  EXPECT_EQ(t.WhyNotString("!Ref AWS::AccountId"), "it depends on the deployment (AWS::AccountId)");
  Resolved none = t.eval().resolve(t.Value("!Ref AWS::NoValue"));
  EXPECT_EQ(none.node, nullptr);
  EXPECT_TRUE(none.no_value);
  std::string why;
  EXPECT_EQ(t.Number("!Ref AWS::NoValue", &why), std::nullopt);
  EXPECT_EQ(why, "it is AWS::NoValue");
}

TEST(Intrinsics, LiteralsAndOtherFunctions) {
  Template t(kTemplate);
  EXPECT_EQ(t.Number("42"), 42);
  EXPECT_EQ(t.Number("\"42\""), 42);
  std::string why;
  EXPECT_EQ(t.Number("forty", &why), std::nullopt);
  EXPECT_EQ(why, "it is not a number");
  EXPECT_EQ(t.WhyNotString("[a, b]"), "it is not a single value");
  EXPECT_EQ(t.WhyNotString("!GetAtt Queue.Arn"),
            "it is an attribute of another resource (Fn::GetAtt)");
  EXPECT_EQ(t.WhyNotString("!ImportValue shared"),
            "it is imported from another stack (Fn::ImportValue)");
  EXPECT_EQ(t.WhyNotString("!GetAZs ''"), "it is computed by Fn::GetAZs");
}

TEST(Intrinsics, IntrinsicArgument) {
  Node ref = LoadYaml("{Ref: X}");
  std::string_view name;
  const Node* arg = intrinsic_argument(ref, &name);
  ASSERT_NE(arg, nullptr);
  EXPECT_EQ(name, "Ref");
  EXPECT_EQ(arg->text, "X");
  EXPECT_NE(intrinsic_argument(LoadYaml("!Condition IsProd")), nullptr);
  EXPECT_NE(intrinsic_argument(LoadYaml("!Sub x")), nullptr);
  EXPECT_EQ(intrinsic_argument(LoadYaml("{Ref: X, Other: Y}")), nullptr);
  EXPECT_EQ(intrinsic_argument(LoadYaml("{Timeout: 3}")), nullptr);
  EXPECT_EQ(intrinsic_argument(LoadYaml("Ref")), nullptr);
}

// ---------------------------------------------------------------------------------------------
// Conditions

TEST(Intrinsics, IfWithKnownCondition) {
  Template t(kTemplate);
  EXPECT_EQ(t.Number("!If [IsProd, 900, 30]"), 900);
  EXPECT_EQ(t.Number("!If [IsDev, 900, 30]"), 30);
  EXPECT_EQ(t.Number("Fn::If: [IsDev, 1, !If [IsProd, 2, 3]]"), 2);
  Resolved none = t.eval().resolve(t.Value("!If [IsProd, !Ref AWS::NoValue, 30]"));
  EXPECT_TRUE(none.no_value);
}

TEST(Intrinsics, IfWithUnknownCondition) {
  Template t(kTemplate);
  std::string why;
  EXPECT_EQ(t.Number("!If [InUsEast, 900, 30]", &why), std::nullopt);
  EXPECT_EQ(why, "it depends on Condition 'InUsEast'");
  EXPECT_EQ(t.WhyNotString("!If [NoSuchCondition, a, b]"),
            "it depends on Condition 'NoSuchCondition'");
  EXPECT_EQ(t.WhyNotString("!If [IsProd, a]"), "malformed Fn::If");
}

TEST(Intrinsics, ConditionFunctions) {
  Template t(kTemplate);
  const Evaluator& e = t.eval();
  EXPECT_EQ(e.condition("IsProd"), true);
  EXPECT_EQ(e.condition("IsDev"), false);
  EXPECT_EQ(e.condition("InUsEast"), std::nullopt);
  // And/Or decide without the unknown operand when the known one settles it.
  EXPECT_EQ(e.condition("DevAndEast"), false);
  EXPECT_EQ(e.condition("ProdOrEast"), true);
  EXPECT_EQ(e.condition("ProdAndEast"), std::nullopt);
  EXPECT_EQ(e.condition("DevOrEast"), std::nullopt);
  EXPECT_EQ(e.condition("ProdAndProd"), true);
  EXPECT_EQ(e.condition("Literal"), true);
  EXPECT_EQ(e.condition("Missing"), std::nullopt);
  // Asking again gives the memoized answer.
  EXPECT_EQ(e.condition("IsProd"), true);
  EXPECT_EQ(e.condition("InUsEast"), std::nullopt);
}

TEST(Intrinsics, EqualsComparesResolvedStrings) {
  Template t(R"(Parameters:
  Count:
    Type: Number
    Default: 3
Conditions:
  ThreeAsText: !Equals [!Ref Count, "3"]
  SubEquals: !Equals [!Sub "${Count}-x", 3-x]
  JoinEquals: !Equals [!Join ["", [a, b]], ab]
  Different: !Equals [a, b]
  UnknownSide: !Equals [!Ref Missing, a]
  Malformed: !Equals [a]
  NotOfUnknown: !Not [!Condition UnknownSide]
Resources: {}
)");
  const Evaluator& e = t.eval();
  EXPECT_EQ(e.condition("ThreeAsText"), true);
  EXPECT_EQ(e.condition("SubEquals"), true);
  EXPECT_EQ(e.condition("JoinEquals"), true);
  EXPECT_EQ(e.condition("Different"), false);
  EXPECT_EQ(e.condition("UnknownSide"), std::nullopt);
  EXPECT_EQ(e.condition("Malformed"), std::nullopt);
  EXPECT_EQ(e.condition("NotOfUnknown"), std::nullopt);
}

TEST(Intrinsics, ConditionCycleIsUnknownNotInfinite) {
  Template t(R"(Conditions:
  A: !Condition B
  B: !Not [!Condition A]
  Self: !And [!Condition Self, !Equals [a, a]]
  UsesCycle: !Or [!Condition A, !Equals [a, b]]
Resources:
  Fn:
    Type: AWS::Lambda::Function
)");
  const Evaluator& e = t.eval();
  EXPECT_EQ(e.condition("A"), std::nullopt);
  EXPECT_EQ(e.condition("B"), std::nullopt);
  EXPECT_EQ(e.condition("Self"), std::nullopt);
  EXPECT_EQ(e.condition("UsesCycle"), std::nullopt);
  // The cycle is named (issue 24), whichever of its conditions an Fn::If asks for.
  EXPECT_EQ(t.WhyNotString("!If [A, x, y]"),
            "its Condition is part of a cycle: Condition A -> Condition B -> Condition A");
  EXPECT_EQ(t.WhyNotString("!If [Self, x, y]"),
            "its Condition is part of a cycle: Condition Self -> Condition Self");
}

// C<n> = C<n-1> AND C<n-2>: evaluated naively this takes Fibonacci(60) steps; memoized it is
// linear. All are true, so And cannot short-circuit.
TEST(Intrinsics, LongConditionChainIsMemoized) {
  std::string yaml = "Conditions:\n  C0: !Equals [a, a]\n  C1: !Equals [b, b]\n";
  for (int i = 2; i < 60; ++i) {
    yaml += "  C" + std::to_string(i) + ": !And [!Condition C" + std::to_string(i - 1) +
            ", !Condition C" + std::to_string(i - 2) + "]\n";
  }
  yaml += "  Last: !Not [!Condition C59]\nResources: {}\n";
  Template t(yaml);
  EXPECT_EQ(t.eval().condition("C59"), true);
  EXPECT_EQ(t.eval().condition("Last"), false);
  EXPECT_EQ(t.Number("!If [C59, 1, 2]"), 1);
}

// ---------------------------------------------------------------------------------------------
// Fn::FindInMap, Fn::Select, Fn::Sub, Fn::Join

TEST(Intrinsics, FindInMap) {
  Template t(kTemplate);
  EXPECT_EQ(t.Number("!FindInMap [StageSettings, prod, Timeout]"), 900);
  EXPECT_EQ(t.Number("!FindInMap [StageSettings, !Ref Stage, Timeout]"), 900);
  EXPECT_EQ(t.Number("Fn::FindInMap: [StageSettings, dev, Timeout]"), 30);
  EXPECT_EQ(t.WhyNotString("!FindInMap [StageSettings, test, Timeout]"),
            "Fn::FindInMap finds no such entry in Mappings");
  EXPECT_EQ(t.WhyNotString("!FindInMap [StageSettings, !Ref AWS::Region, Timeout]"),
            "its Fn::FindInMap key is not known: it depends on the deployment (AWS::Region)");
  EXPECT_EQ(t.WhyNotString("!FindInMap [StageSettings, prod]"), "malformed Fn::FindInMap");
  // AWS::LanguageExtensions: a DefaultValue when the entry is missing.
  EXPECT_EQ(t.Number("!FindInMap [StageSettings, test, Timeout, {DefaultValue: 60}]"), 60);
  Resolved zones = t.eval().resolve(t.Value("!FindInMap [StageSettings, prod, Zones]"));
  ASSERT_NE(zones.node, nullptr);
  EXPECT_TRUE(zones.node->is_sequence());
}

TEST(Intrinsics, Select) {
  Template t(kTemplate);
  EXPECT_EQ(t.String("!Select [1, [a, b, c]]"), "b");
  EXPECT_EQ(t.String("!Select [!Ref Index, [a, b, c]]"), "b");
  EXPECT_EQ(t.String("!Select [\"0\", [a, b]]"), "a");
  EXPECT_EQ(t.String("!Select [2, !FindInMap [StageSettings, prod, Zones]]"), "c");
  EXPECT_EQ(t.Number("Fn::Select: [0, [!Ref Timeout, 5]]"), 300);
  EXPECT_EQ(t.Number("!Select [1, !If [IsProd, [1, 2], [3, 4]]]"), 2);
  EXPECT_EQ(t.WhyNotString("!Select [3, [a, b, c]]"), "Fn::Select index is out of range");
  EXPECT_EQ(t.WhyNotString("!Select [-1, [a, b, c]]"), "Fn::Select index is out of range");
  EXPECT_EQ(t.WhyNotString("!Select [0, abc]"), "Fn::Select is not given a list");
  EXPECT_EQ(t.WhyNotString("!Select [!Ref Caller, [a]]"),
            "its Fn::Select index is not known: Parameter 'Caller' has no Default");
  EXPECT_EQ(t.WhyNotString("!Select [0, !GetAZs '']"), "it is computed by Fn::GetAZs");
  EXPECT_EQ(t.WhyNotString("!Select [0]"), "malformed Fn::Select");
}

TEST(Intrinsics, SubWithParametersAndVariables) {
  Template t(kTemplate);
  EXPECT_EQ(t.String("!Sub \"${Stage}-app\""), "prod-app");
  EXPECT_EQ(t.String("Fn::Sub: timeout=${Timeout}s"), "timeout=300s");
  EXPECT_EQ(t.String("!Sub [\"${A}-${B}\", {A: x, B: !Ref Stage}]"), "x-prod");
  EXPECT_EQ(t.String("!Sub [\"${Stage}\", {Stage: shadowed}]"), "shadowed");
  EXPECT_EQ(t.String("!Sub \"${!Literal}-${Stage}\""), "${Literal}-prod");
  EXPECT_EQ(t.String("!Sub no variables"), "no variables");
}

TEST(Intrinsics, SubThatCannotBeResolved) {
  Template t(kTemplate);
  EXPECT_EQ(t.WhyNotString("!Sub \"${Queue.Arn}\""), "it uses the attribute ${Queue.Arn}");
  EXPECT_EQ(t.WhyNotString("!Sub \"${Queue}\""), "it refers to resource 'Queue'");
  EXPECT_EQ(t.WhyNotString("!Sub \"arn:${AWS::Partition}:x\""),
            "it depends on the deployment (AWS::Partition)");
  EXPECT_EQ(t.WhyNotString("!Sub \"${Caller}\""), "Parameter 'Caller' has no Default");
  EXPECT_EQ(t.WhyNotString("!Sub [\"${A}\", {A: !Ref Caller}]"),
            "Parameter 'Caller' has no Default");
  EXPECT_EQ(t.WhyNotString("!Sub \"${Unclosed\""), "malformed Fn::Sub");
  EXPECT_EQ(t.WhyNotString("!Sub [[a], {}]"), "malformed Fn::Sub");
}

TEST(Intrinsics, Join) {
  Template t(kTemplate);
  EXPECT_EQ(t.String("!Join [\"-\", [a, !Ref Stage, !Sub \"${Timeout}s\"]]"), "a-prod-300s");
  EXPECT_EQ(t.String("Fn::Join: [\"\", [x]]"), "x");
  EXPECT_EQ(t.String("!Join [\",\", []]"), "");
  EXPECT_EQ(t.String("!Join [\"/\", !FindInMap [StageSettings, prod, Zones]]"), "a/b/c");
  EXPECT_EQ(t.WhyNotString("!Join [\"-\", [a, !Ref AWS::Region]]"),
            "it depends on the deployment (AWS::Region)");
  EXPECT_EQ(t.WhyNotString("!Join [\"-\", abc]"), "Fn::Join of a non-list");
  EXPECT_EQ(t.WhyNotString("!Join [\"-\"]"), "malformed Fn::Join");
}

// ---------------------------------------------------------------------------------------------
// Resource references

TEST(Intrinsics, ResourceTypes) {
  Template t(kTemplate);
  EXPECT_TRUE(t.eval().is_resource("Queue"));
  EXPECT_FALSE(t.eval().is_resource("Stage"));
  EXPECT_EQ(t.eval().resource_type("Db"), "AWS::RDS::DBInstance");
  EXPECT_EQ(t.eval().resource_type("Nope"), "");
}

TEST(Intrinsics, RefsByRefAndGetAtt) {
  Template t(kTemplate);
  EXPECT_EQ(t.Refs("!Ref Queue"), Names{"Queue"});
  EXPECT_EQ(t.Refs("Ref: Queue"), Names{"Queue"});
  EXPECT_EQ(t.Refs("!Ref Stage"), Names{});  // a Parameter, not a resource
  EXPECT_EQ(t.Refs("!Ref AWS::Region"), Names{});
  EXPECT_EQ(t.Refs("!GetAtt Queue.Arn"), Names{"Queue.Arn"});
  EXPECT_EQ(t.Refs("!GetAtt [Queue, Arn]"), Names{"Queue.Arn"});
  EXPECT_EQ(t.Refs("Fn::GetAtt: [Queue, Arn]"), Names{"Queue.Arn"});
  EXPECT_EQ(t.Refs("Fn::GetAtt: Queue.Arn"), Names{"Queue.Arn"});
  EXPECT_EQ(t.Refs("!GetAtt Db.Endpoint.Address"), Names{"Db.Endpoint.Address"});
  EXPECT_EQ(t.Refs("Fn::GetAtt: Db.Endpoint.Address"), Names{"Db.Endpoint.Address"});
  EXPECT_EQ(t.Refs("!GetAtt Nope.Arn"), Names{});
}

TEST(Intrinsics, RefsNestedInValues) {
  Template t(kTemplate);
  EXPECT_EQ(t.Refs("{Variables: {A: !Ref Queue, B: [x, !GetAtt Table.StreamArn]}}"),
            (Names{"Queue", "Table.StreamArn"}));
  EXPECT_EQ(t.Refs("!Join [\"/\", [service, !Ref Queue, !GetAtt Db.Endpoint.Port]]"),
            (Names{"Queue", "Db.Endpoint.Port"}));
  EXPECT_EQ(t.Refs("!If [IsProd, !Ref Queue, !Ref Table]"), (Names{"Queue", "Table"}));
  EXPECT_EQ(t.Refs("plain text"), Names{});
}

TEST(Intrinsics, RefsInSub) {
  Template t(kTemplate);
  EXPECT_EQ(t.Refs("!Sub \"${Queue.Arn}/${Table}\""), (Names{"Queue.Arn", "Table"}));
  EXPECT_EQ(t.Refs("!Sub \"postgres://${Db.Endpoint.Address}:5432\""),
            Names{"Db.Endpoint.Address"});
  EXPECT_EQ(t.Refs("!Sub \"${AWS::Region}-${Stage}-${!Queue}\""), Names{});
  EXPECT_EQ(t.Refs("Fn::Sub: [\"${X}\", {X: !GetAtt Queue.Arn}]"), Names{"Queue.Arn"});
}

// A name bound in Fn::Sub's variable map is that variable, even when a resource has the name.
TEST(Intrinsics, SubVariablesShadowResources) {
  Template t(kTemplate);
  EXPECT_EQ(t.Refs("!Sub [\"${Queue}\", {Queue: literal}]"), Names{});
  EXPECT_EQ(t.Refs("Fn::Sub: [\"${Db}:${Table}\", {Db: localhost}]"), Names{"Table"});
  EXPECT_EQ(t.Refs("!Sub [\"${Queue}\", {Queue: !Ref Table}]"), Names{"Table"});
}

TEST(Intrinsics, SamAliasAndVersionRefsNameTheFunction) {
  Template t(kTemplate);
  EXPECT_EQ(t.Refs("!Ref Worker.Alias"), Names{"Worker.Alias"});
  EXPECT_EQ(t.Refs("!Ref Worker.Version"), Names{"Worker.Version"});
  EXPECT_EQ(t.Refs("!Ref Plain.Alias"), Names{});  // only SAM functions have them
  EXPECT_EQ(t.Refs("!Ref Worker.Other"), Names{});
  EXPECT_EQ(t.WhyNotString("!Ref Worker.Alias"), "it refers to resource 'Worker'");
}

TEST(Intrinsics, RefPointsAtTheNamingNode) {
  Template t(kTemplate);
  const Node& value = t.Value("Env:\n  A: x\n  B: !Ref Queue\n");
  std::vector<ResourceRef> refs = t.eval().resource_refs(value);
  ASSERT_EQ(refs.size(), 1u);
  ASSERT_NE(refs[0].at, nullptr);
  EXPECT_EQ(refs[0].at->span.begin.line, 3u);
  EXPECT_EQ(refs[0].at->text, "Queue");
}

// ---------------------------------------------------------------------------------------------
// Numbers and units

TEST(Intrinsics, ParseNumber) {
  EXPECT_EQ(parse_number("300"), 300);
  EXPECT_EQ(parse_number("0.5"), 0.5);
  EXPECT_EQ(parse_number("-1"), -1);
  EXPECT_EQ(parse_number("1e3"), 1000);
  EXPECT_EQ(parse_number(""), std::nullopt);
  EXPECT_EQ(parse_number("abc"), std::nullopt);
  EXPECT_EQ(parse_number("30s"), std::nullopt);
  EXPECT_EQ(parse_number(" 300"), std::nullopt);
  EXPECT_EQ(parse_number("300 "), std::nullopt);
  EXPECT_EQ(parse_number("0x10"), std::nullopt);
  EXPECT_EQ(parse_number("inf"), std::nullopt);
  EXPECT_EQ(parse_number("nan"), std::nullopt);
  EXPECT_EQ(parse_number("1e999"), std::nullopt);  // out of range
  EXPECT_EQ(parse_number(std::string(65, '1')), std::nullopt);
}

TEST(Intrinsics, CpuUnits) {
  EXPECT_EQ(parse_cpu_units("256"), 256);
  EXPECT_EQ(parse_cpu_units("1 vCPU"), 1024);
  EXPECT_EQ(parse_cpu_units("0.25 vcpu"), 256);
  EXPECT_EQ(parse_cpu_units("2vCPU"), 2048);
  EXPECT_EQ(parse_cpu_units("4 VCPU"), 4096);
  EXPECT_EQ(parse_cpu_units("1 GB"), std::nullopt);
  EXPECT_EQ(parse_cpu_units("vCPU"), std::nullopt);
  EXPECT_EQ(parse_cpu_units(""), std::nullopt);
}

TEST(Intrinsics, MemoryMegabytes) {
  EXPECT_EQ(parse_memory_mb("512"), 512);
  EXPECT_EQ(parse_memory_mb("2 GB"), 2048);
  EXPECT_EQ(parse_memory_mb("0.5 GB"), 512);
  EXPECT_EQ(parse_memory_mb("1GiB"), 1024);
  EXPECT_EQ(parse_memory_mb("2048 MiB"), 2048);
  EXPECT_EQ(parse_memory_mb("3072 MB"), 3072);
  EXPECT_EQ(parse_memory_mb("1 TB"), std::nullopt);
  EXPECT_EQ(parse_memory_mb("GB"), std::nullopt);
  EXPECT_EQ(parse_memory_mb(""), std::nullopt);
}

}  // namespace
}  // namespace rightfit::cfn
