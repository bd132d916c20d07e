#include "parsers/terraform/hcl_ast.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rightfit::hcl {
namespace {

using Kind = Expr::Kind;

std::string kind_name(Kind kind) {
  // In the order of Expr::Kind.
  static constexpr const char* kNames[] = {
      "Null",    "Bool",  "Number", "String", "Template",    "Variable",
      "GetAttr", "Index", "Splat",  "Call",   "Conditional", "Unary",
      "Binary",  "Tuple", "Object", "For",    "Unsupported"};
  return kNames[static_cast<std::size_t>(kind)];
}

// A compact picture of an expression's shape: Kind[text](children...).
std::string shape(const Expr& expr) {
  std::string out = kind_name(expr.kind);
  if (!expr.text.empty()) out += "[" + expr.text + "]";
  if (!expr.children.empty()) {
    out += "(";
    for (std::size_t i = 0; i < expr.children.size(); ++i) {
      if (i > 0) out += ", ";
      out += shape(expr.children[i]);
    }
    out += ")";
  }
  return out;
}

Span span(uint32_t line, uint32_t column, uint32_t end_line, uint32_t end_column) {
  return {{line, column}, {end_line, end_column}};
}

File parse_valid(std::string_view text) {
  File file = parse_hcl(text);
  EXPECT_FALSE(file.error.has_value())
      << file.error->message << " at " << file.error->where.line << ":" << file.error->where.column;
  return file;
}

// A parsed file with one attribute, whose value the test looks at.
struct OneValue {
  File file;
  const Expr& value() const { return file.body.attributes.at(0).value; }
};

OneValue value_of(std::string_view text) {
  OneValue one{parse_valid(text)};
  EXPECT_EQ(one.file.body.attributes.size(), 1u);
  return one;
}

std::string shape_of(std::string_view text) {
  File file = parse_valid(text);
  if (file.body.attributes.size() != 1)
    return "<" + std::to_string(file.body.attributes.size()) + " attributes>";
  return shape(file.body.attributes[0].value);
}

// --- blocks and attributes ---

TEST(HclAst, ResourceBlockWithLabelsHeaderAndLastLine) {
  File file = parse_valid(
      "# queues\n"
      "resource \"aws_sqs_queue\" \"jobs\" {\n"
      "  visibility_timeout_seconds = 300\n"
      "  name                       = \"jobs\"\n"
      "}\n");
  ASSERT_EQ(file.body.blocks.size(), 1u);
  const Block& block = file.body.blocks[0];
  EXPECT_EQ(block.type, "resource");
  EXPECT_EQ(block.labels, (std::vector<std::string>{"aws_sqs_queue", "jobs"}));
  EXPECT_EQ(block.header, span(2, 1, 2, 34));
  EXPECT_EQ(block.last_line, 5u);
  ASSERT_EQ(block.body.attributes.size(), 2u);
  const Attribute& timeout = block.body.attributes[0];
  EXPECT_EQ(timeout.name, "visibility_timeout_seconds");
  EXPECT_EQ(timeout.name_span, span(3, 3, 3, 29));
  EXPECT_EQ(shape(timeout.value), "Number[300]");
  EXPECT_EQ(timeout.value.span, span(3, 32, 3, 35));
  EXPECT_EQ(block.body.attribute("name"), &block.body.attributes[1]);
  EXPECT_EQ(block.body.attribute("missing"), nullptr);
}

// The grammar's whitespace is lexed a run at a time (cmake/tree-sitter-hcl-whitespace.patch):
// positions after runs of spaces, tabs and CRLF, and whitespace inside strings, stay exact.
TEST(HclAst, PositionsStayExactAfterRunsOfWhitespace) {
  File file = parse_valid("a\t\t =   \"x  y\"\r\n\n   \t b = [ 1 ,   2 ]\n");
  ASSERT_EQ(file.body.attributes.size(), 2u);
  const Attribute& a = file.body.attributes[0];
  EXPECT_EQ(a.name_span, span(1, 1, 1, 2));
  EXPECT_EQ(a.value.text, "x  y");
  EXPECT_EQ(a.value.span, span(1, 9, 1, 15));
  const Attribute& b = file.body.attributes[1];
  EXPECT_EQ(b.name_span, span(3, 6, 3, 7));
  EXPECT_EQ(b.value.span, span(3, 10, 3, 21));
  ASSERT_EQ(b.value.children.size(), 2u);
  EXPECT_EQ(b.value.children[0].span, span(3, 12, 3, 13));
  EXPECT_EQ(b.value.children[1].span, span(3, 18, 3, 19));
}

TEST(HclAst, IdentifierLabelsAndEmptyBlocks) {
  File file = parse_valid("locals {}\nterraform {\n}\nresource aws_sqs_queue q {}\n");
  ASSERT_EQ(file.body.blocks.size(), 3u);
  EXPECT_EQ(file.body.blocks[0].type, "locals");
  EXPECT_TRUE(file.body.blocks[0].labels.empty());
  EXPECT_EQ(file.body.blocks[0].last_line, 1u);
  EXPECT_EQ(file.body.blocks[1].last_line, 3u);
  EXPECT_EQ(file.body.blocks[2].labels, (std::vector<std::string>{"aws_sqs_queue", "q"}));
  EXPECT_EQ(file.body.blocks[2].header, span(4, 1, 4, 27));
}

TEST(HclAst, NestedDynamicBlocks) {
  File file = parse_valid(
      "resource \"aws_ecs_service\" \"s\" {\n"
      "  dynamic \"load_balancer\" {\n"
      "    for_each = var.lbs\n"
      "    content {\n"
      "      container_port = load_balancer.value.port\n"
      "    }\n"
      "  }\n"
      "  desired_count = 2\n"
      "}\n");
  ASSERT_EQ(file.body.blocks.size(), 1u);
  const Block& service = file.body.blocks[0];
  EXPECT_EQ(service.last_line, 9u);
  ASSERT_EQ(service.body.blocks_of("dynamic").size(), 1u);
  EXPECT_TRUE(service.body.blocks_of("content").empty());
  const Block& dynamic = *service.body.blocks_of("dynamic")[0];
  EXPECT_EQ(dynamic.labels, (std::vector<std::string>{"load_balancer"}));
  EXPECT_EQ(dynamic.header, span(2, 3, 2, 28));
  EXPECT_EQ(dynamic.last_line, 7u);
  EXPECT_EQ(shape(dynamic.body.attribute("for_each")->value), "GetAttr[lbs](Variable[var])");
  ASSERT_EQ(dynamic.body.blocks_of("content").size(), 1u);
  const Block& content = *dynamic.body.blocks_of("content")[0];
  EXPECT_EQ(content.header, span(4, 5, 4, 14));
  EXPECT_EQ(content.last_line, 6u);
  const Attribute* port = content.body.attribute("container_port");
  ASSERT_NE(port, nullptr);
  EXPECT_EQ(port->name_span, span(5, 7, 5, 21));
  EXPECT_EQ(shape(port->value), "GetAttr[port](GetAttr[value](Variable[load_balancer]))");
  EXPECT_EQ(port->value.span, span(5, 24, 5, 48));
  EXPECT_EQ(shape(service.body.attribute("desired_count")->value), "Number[2]");
}

TEST(HclAst, HeaderStopsAtTheEndOfTheFirstLine) {
  File file = parse_valid("resource \"a\"\n  \"b\" {\n  x = 1\n}\n");
  ASSERT_EQ(file.body.blocks.size(), 1u);
  EXPECT_EQ(file.body.blocks[0].labels, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(file.body.blocks[0].header, span(1, 1, 1, 13));
  EXPECT_EQ(file.body.blocks[0].last_line, 4u);
}

TEST(HclAst, BlocksOfReturnsEveryBlockOfTheTypeInOrder) {
  File file = parse_valid("variable \"a\" {}\nlocals {}\nvariable \"b\" {}\n");
  auto variables = file.body.blocks_of("variable");
  ASSERT_EQ(variables.size(), 2u);
  EXPECT_EQ(variables[0]->labels[0], "a");
  EXPECT_EQ(variables[1]->labels[0], "b");
  EXPECT_TRUE(file.body.blocks_of("output").empty());
}

// --- literals and strings ---

TEST(HclAst, NumbersBoolsAndNull) {
  File file = parse_valid("a = 300\nb = 1.5\nc = 1.5e3\nd = true\ne = false\nf = null\n");
  ASSERT_EQ(file.body.attributes.size(), 6u);
  EXPECT_EQ(shape(file.body.attributes[0].value), "Number[300]");
  EXPECT_EQ(shape(file.body.attributes[1].value), "Number[1.5]");
  EXPECT_EQ(shape(file.body.attributes[2].value), "Number[1.5e3]");
  EXPECT_EQ(shape(file.body.attributes[3].value), "Bool[true]");
  EXPECT_EQ(shape(file.body.attributes[4].value), "Bool[false]");
  EXPECT_EQ(shape(file.body.attributes[5].value), "Null");
  EXPECT_EQ(file.body.attributes[5].value.span, span(6, 5, 6, 9));
}

TEST(HclAst, StringEscapesAreDecoded) {
  auto one = value_of(R"(s = "a\"b\\c\nd\te\r\u00e9\U0001F600 $${x} %%{y} $z 100%")"
                      "\n");
  EXPECT_EQ(one.value().kind, Kind::String);
  EXPECT_EQ(one.value().text, "a\"b\\c\nd\te\r\xC3\xA9\xF0\x9F\x98\x80 ${x} %{y} $z 100%");
  EXPECT_EQ(one.value().span.begin, (Position{1, 5}));
}

TEST(HclAst, EmptyStringAndLeadingSpacesAreKept) {
  File file = parse_valid("a = \"\"\nb = \"  two spaces\"\n");
  EXPECT_EQ(shape(file.body.attributes[0].value), "String");
  EXPECT_EQ(file.body.attributes[1].value.text, "  two spaces");
}

TEST(HclAst, TemplateWithInterpolations) {
  auto one = value_of("name = \"arn:${var.region}: ${local.x} \"\n");
  const Expr& value = one.value();
  EXPECT_EQ(shape(value),
            "Template(String[arn:], GetAttr[region](Variable[var]), String[: ], "
            "GetAttr[x](Variable[local]), String[ ])");
  EXPECT_EQ(value.span, span(1, 8, 1, 40));
  EXPECT_EQ(value.children[0].span, span(1, 9, 1, 13));
  EXPECT_EQ(value.children[1].span, span(1, 15, 1, 25));
  EXPECT_EQ(value.children[2].span, span(1, 26, 1, 28));
}

TEST(HclAst, InterpolationOnlyTemplateKeepsOnePart) {
  EXPECT_EQ(shape_of("a = \"${var.x}\"\n"), "Template(GetAttr[x](Variable[var]))");
}

TEST(HclAst, StripMarkersTrimAdjacentLiterals) {
  EXPECT_EQ(shape_of("a = \"x  ${~ y ~}  z\"\n"), "Template(String[x], Variable[y], String[z])");
}

TEST(HclAst, TemplateDirectivesAreUnsupportedParts) {
  EXPECT_EQ(shape_of("a = \"%{if var.on}yes%{endif}!\"\n"),
            "Template(Unsupported[template_if], String[!])");
}

TEST(HclAst, HeredocWithoutInterpolationIsAString) {
  auto one = value_of(
      "policy = <<EOF\n"
      "{\n"
      "  \"a\": \"$${b}\\n\"\n"
      "}\n"
      "EOF\n");
  EXPECT_EQ(one.value().kind, Kind::String);
  EXPECT_EQ(one.value().text, "{\n  \"a\": \"${b}\\n\"\n}\n");
  EXPECT_EQ(one.value().span, span(1, 10, 5, 4));
}

TEST(HclAst, IndentedHeredocStripsTheCommonIndentation) {
  auto one = value_of(
      "x = <<-EOT\n"
      "    Foo\n"
      "      ${bar}\n"
      "\n"
      "    Baz\n"
      "  EOT\n");
  EXPECT_EQ(shape(one.value()), "Template(String[Foo\n  ], Variable[bar], String[\n\nBaz\n])");
  EXPECT_EQ(one.value().children[1].span, span(3, 9, 3, 12));  // the expression inside ${}
}

// Lines of spaces and tabs only are neither counted nor stripped (as HashiCorp's parser does).
TEST(HclAst, IndentedHeredocLeavesWhitespaceOnlyLinesAlone) {
  auto one = value_of("x = <<-EOT\n    Foo\n  \n      \n    Bar\n  EOT\n");
  EXPECT_EQ(one.value().text, "Foo\n  \n      \nBar\n");
}

TEST(HclAst, IndentedHeredocLinesLessIndentedThanOthers) {
  auto one = value_of("x = <<-EOT\n    Foo\n  Bar\n\tBaz\n  EOT\n");
  EXPECT_EQ(one.value().text, "   Foo\n Bar\nBaz\n");
  auto plain = value_of("x = <<EOT\n    Foo\n  EOT\n");
  EXPECT_EQ(plain.value().text, "    Foo\n");
}

TEST(HclAst, HeredocAtTheEndOfAFileWithoutNewline) {
  auto one = value_of("x = <<EOF\nhello\nEOF");
  EXPECT_EQ(one.value().text, "hello\n");
  auto empty = value_of("x = <<EOF\nEOF\n");
  EXPECT_EQ(shape(empty.value()), "String");
}

TEST(HclAst, WindowsLineEndings) {
  File file = parse_valid("a = 1\r\nb = <<-EOF\r\n  hi\r\n  there\r\n  EOF\r\nc = \"x\"\r\n");
  ASSERT_EQ(file.body.attributes.size(), 3u);
  EXPECT_EQ(file.body.attributes[1].value.text, "hi\r\nthere\r\n");
  EXPECT_EQ(file.body.attributes[2].name_span, span(6, 1, 6, 2));
  EXPECT_EQ(file.body.attributes[2].value.span, span(6, 5, 6, 8));
}

// --- traversals ---

TEST(HclAst, AttributeTraversal) {
  auto one = value_of("queue = aws_sqs_queue.jobs.arn\n");
  EXPECT_EQ(shape(one.value()), "GetAttr[arn](GetAttr[jobs](Variable[aws_sqs_queue]))");
  EXPECT_EQ(one.value().span, span(1, 9, 1, 31));
  EXPECT_EQ(one.value().children[0].span, span(1, 9, 1, 27));
  EXPECT_EQ(one.value().children[0].children[0].span, span(1, 9, 1, 22));
}

TEST(HclAst, IndexAndModuleOutputs) {
  File file = parse_valid("a = var.list[0]\nb = module.x.out\nc = var.m[\"k\"].v\nd = a.0.b\n");
  EXPECT_EQ(shape(file.body.attributes[0].value), "Index(GetAttr[list](Variable[var]), Number[0])");
  EXPECT_EQ(file.body.attributes[0].value.span, span(1, 5, 1, 16));
  EXPECT_EQ(shape(file.body.attributes[1].value), "GetAttr[out](GetAttr[x](Variable[module]))");
  EXPECT_EQ(shape(file.body.attributes[2].value),
            "GetAttr[v](Index(GetAttr[m](Variable[var]), String[k]))");
  // The legacy index `.0` is an Index whose key is the number.
  const Expr& legacy = file.body.attributes[3].value;
  EXPECT_EQ(shape(legacy), "GetAttr[b](Index(Variable[a], Number[0]))");
  EXPECT_EQ(legacy.children[0].children[1].span, span(4, 7, 4, 8));
}

TEST(HclAst, Splats) {
  File file = parse_valid("a = aws_instance.a[*].id\nb = aws_instance.a.*.id\nc = x[*].y[0]\n");
  EXPECT_EQ(shape(file.body.attributes[0].value),
            "GetAttr[id](Splat(GetAttr[a](Variable[aws_instance])))");
  EXPECT_EQ(file.body.attributes[0].value.children[0].span, span(1, 5, 1, 22));
  EXPECT_EQ(file.body.attributes[0].value.span, span(1, 5, 1, 25));
  EXPECT_EQ(shape(file.body.attributes[1].value),
            "GetAttr[id](Splat(GetAttr[a](Variable[aws_instance])))");
  EXPECT_EQ(shape(file.body.attributes[2].value),
            "Index(GetAttr[y](Splat(Variable[x])), Number[0])");
}

TEST(HclAst, ParenthesesAreTheInnerExpression) {
  auto one = value_of("a = (var.x).y\n");
  EXPECT_EQ(shape(one.value()), "GetAttr[y](GetAttr[x](Variable[var]))");
  EXPECT_EQ(one.value().span, span(1, 5, 1, 14));
  EXPECT_EQ(one.value().children[0].span, span(1, 6, 1, 11));
}

// --- calls and operators ---

TEST(HclAst, FunctionCalls) {
  File file = parse_valid(
      "a = jsonencode({\n"
      "  image = var.image\n"
      "})\n"
      "b = lookup(m, \"k\", 1)\n"
      "c = timestamp()\n"
      "d = concat(var.lists...)\n"
      "e = provider::aws::arn_parse(x)\n");
  EXPECT_EQ(shape(file.body.attributes[0].value),
            "Call[jsonencode](Object(String[image], GetAttr[image](Variable[var])))");
  EXPECT_EQ(file.body.attributes[0].value.span, span(1, 5, 3, 3));
  EXPECT_EQ(shape(file.body.attributes[1].value),
            "Call[lookup](Variable[m], String[k], Number[1])");
  EXPECT_EQ(shape(file.body.attributes[2].value), "Call[timestamp]");
  EXPECT_EQ(shape(file.body.attributes[3].value), "Call[concat](GetAttr[lists](Variable[var]))");
  EXPECT_EQ(shape(file.body.attributes[4].value), "Call[provider::aws::arn_parse](Variable[x])");
}

TEST(HclAst, ConditionalAndComparison) {
  auto one = value_of("t = var.env == \"prod\" ? 900 : 30\n");
  EXPECT_EQ(shape(one.value()),
            "Conditional(Binary[==](GetAttr[env](Variable[var]), String[prod]), Number[900], "
            "Number[30])");
  EXPECT_EQ(one.value().span, span(1, 5, 1, 33));
}

TEST(HclAst, BinaryOperatorPrecedence) {
  File file = parse_valid("a = 1 + 2 * 3\nb = (1 + 2) * 3\nc = a || b && !c\nd = 10 - 4 - 3\n");
  EXPECT_EQ(shape(file.body.attributes[0].value),
            "Binary[+](Number[1], Binary[*](Number[2], Number[3]))");
  EXPECT_EQ(file.body.attributes[0].value.children[1].span, span(1, 9, 1, 14));
  EXPECT_EQ(shape(file.body.attributes[1].value),
            "Binary[*](Binary[+](Number[1], Number[2]), Number[3])");
  EXPECT_EQ(shape(file.body.attributes[2].value),
            "Binary[||](Variable[a], Binary[&&](Variable[b], Unary[!](Variable[c])))");
  EXPECT_EQ(shape(file.body.attributes[3].value),
            "Binary[-](Binary[-](Number[10], Number[4]), Number[3])");
}

TEST(HclAst, UnaryOperators) {
  File file = parse_valid("a = -1\nb = !var.enabled\nc = -var.n * 2\n");
  EXPECT_EQ(shape(file.body.attributes[0].value), "Unary[-](Number[1])");
  EXPECT_EQ(file.body.attributes[0].value.span, span(1, 5, 1, 7));
  EXPECT_EQ(shape(file.body.attributes[1].value), "Unary[!](GetAttr[enabled](Variable[var]))");
  EXPECT_EQ(shape(file.body.attributes[2].value),
            "Binary[*](Unary[-](GetAttr[n](Variable[var])), Number[2])");
}

// --- collections and for ---

TEST(HclAst, Tuples) {
  auto one = value_of("a = [1, \"two\", [3], ]\n");
  EXPECT_EQ(shape(one.value()), "Tuple(Number[1], String[two], Tuple(Number[3]))");
  EXPECT_EQ(one.value().children[2].span, span(1, 16, 1, 19));
  EXPECT_EQ(shape_of("a = []\n"), "Tuple");
}

TEST(HclAst, ObjectKeys) {
  auto one = value_of(
      "o = {\n"
      "  plain    = 1\n"
      "  \"quoted\" = 2,\n"
      "  (var.k)  = 3\n"
      "  colon: 4\n"
      "}\n");
  EXPECT_EQ(shape(one.value()),
            "Object(String[plain], Number[1], String[quoted], Number[2], "
            "GetAttr[k](Variable[var]), Number[3], String[colon], Number[4])");
  EXPECT_EQ(one.value().children[0].span, span(2, 3, 2, 8));
  EXPECT_EQ(one.value().children[2].span, span(3, 3, 3, 11));
  EXPECT_EQ(one.value().span, span(1, 5, 6, 2));
  EXPECT_EQ(shape_of("o = {}\n"), "Object");
}

TEST(HclAst, ForTupleExpression) {
  auto one = value_of("a = [for k, v in var.m : upper(v) if k != \"x\"]\n");
  const Expr& value = one.value();
  EXPECT_EQ(value.kind, Kind::For);
  EXPECT_FALSE(value.for_object);
  EXPECT_FALSE(value.for_grouping);
  EXPECT_EQ(value.for_key_var(), "k");
  EXPECT_EQ(value.for_value_var(), "v");
  EXPECT_EQ(shape(value),
            "For[k v](GetAttr[m](Variable[var]), Call[upper](Variable[v]), "
            "Binary[!=](Variable[k], String[x]))");
  EXPECT_EQ(value.span, span(1, 5, 1, 47));
}

TEST(HclAst, ForObjectExpression) {
  File file = parse_valid(
      "a = {for s in var.list : s.name => s.port}\n"
      "b = {for s in var.list : s.group => s... if s.on}\n");
  const Expr& plain = file.body.attributes[0].value;
  EXPECT_TRUE(plain.for_object);
  EXPECT_FALSE(plain.for_grouping);
  EXPECT_EQ(plain.for_key_var(), "");
  EXPECT_EQ(plain.for_value_var(), "s");
  EXPECT_EQ(shape(plain),
            "For[s](GetAttr[list](Variable[var]), GetAttr[name](Variable[s]), "
            "GetAttr[port](Variable[s]))");
  const Expr& grouped = file.body.attributes[1].value;
  EXPECT_TRUE(grouped.for_object);
  EXPECT_TRUE(grouped.for_grouping);
  EXPECT_EQ(shape(grouped),
            "For[s](GetAttr[list](Variable[var]), GetAttr[group](Variable[s]), Variable[s], "
            "GetAttr[on](Variable[s]))");
}

// --- positions, comments, errors ---

TEST(HclAst, ColumnsCountCodePoints) {
  File file = parse_valid(
      "tags = { \"caf\xC3\xA9\" = \"\xE2\x82\xAC\xF0\x9F\x98\x80\", n = 5 }\n"
      "# \xC3\xA9\xC3\xA9\n"
      "x = 1\n");
  const Expr& tags = file.body.attributes[0].value;
  ASSERT_EQ(tags.children.size(), 4u);
  EXPECT_EQ(tags.children[0].text, "caf\xC3\xA9");
  EXPECT_EQ(tags.children[1].span, span(1, 19, 1, 23));
  EXPECT_EQ(tags.children[2].span, span(1, 25, 1, 26));
  EXPECT_EQ(tags.children[3].span, span(1, 29, 1, 30));
  EXPECT_EQ(file.body.attributes[1].name_span, span(3, 1, 3, 2));
}

TEST(HclAst, CommentsAreIgnored) {
  File file = parse_valid(
      "# hash\n"
      "// slashes\n"
      "/* block\n"
      "   comment */\n"
      "resource \"a\" \"b\" { # trailing\n"
      "  x = [1, /* inline */ 2] // after\n"
      "  y = { a = 1 # inside\n"
      "    b = 2 }\n"
      "  z = f(1, # arg\n"
      "    2)\n"
      "}\n");
  ASSERT_EQ(file.body.blocks.size(), 1u);
  const Body& body = file.body.blocks[0].body;
  ASSERT_EQ(body.attributes.size(), 3u);
  EXPECT_EQ(shape(body.attributes[0].value), "Tuple(Number[1], Number[2])");
  EXPECT_EQ(shape(body.attributes[1].value), "Object(String[a], Number[1], String[b], Number[2])");
  EXPECT_EQ(shape(body.attributes[2].value), "Call[f](Number[1], Number[2])");
  EXPECT_EQ(file.body.blocks[0].header, span(5, 1, 5, 19));
}

TEST(HclAst, EmptyFile) {
  File file = parse_valid("");
  EXPECT_TRUE(file.body.attributes.empty());
  EXPECT_TRUE(file.body.blocks.empty());
  EXPECT_FALSE(parse_hcl("# only a comment").error.has_value());
}

TEST(HclAst, SyntaxErrorReportsTheFirstErrorAndKeepsWhatParsed) {
  File file = parse_hcl(
      "a = 1\n"
      "resource \"x\" \"y\" {\n"
      "  b = f(1,, 2)\n"
      "  d = 4\n"
      "}\n"
      "c = 3\n");
  ASSERT_TRUE(file.error.has_value());
  EXPECT_EQ(file.error->where, (Position{3, 10}));  // the ERROR node holds the first comma
  EXPECT_EQ(file.error->message, "syntax error near `,, 2)`");
  EXPECT_EQ(shape(file.body.attribute("a")->value), "Number[1]");
  EXPECT_EQ(shape(file.body.attribute("c")->value), "Number[3]");
  ASSERT_EQ(file.body.blocks.size(), 1u);
  EXPECT_EQ(shape(file.body.blocks[0].body.attribute("b")->value), "Call[f](Number[1], Number[2])");
  EXPECT_EQ(shape(file.body.blocks[0].body.attribute("d")->value), "Number[4]");
}

TEST(HclAst, RecoveryTokensOtherThanClosersAreReportedAsSyntaxErrors) {
  // tree-sitter recovers from `= =` by inventing a heredoc's `<<`: not worth repeating.
  File file = parse_hcl("b = = 2\n");
  ASSERT_TRUE(file.error.has_value());
  EXPECT_EQ(file.error->message.rfind("syntax error near `", 0), 0u) << file.error->message;
  EXPECT_EQ(file.error->where.line, 1u);
}

// tree-sitter-hcl 1.2.0's number token needs a fraction before an exponent; `1e3` is valid
// HCL all the same, and is read as written (issue 24), in every place a number goes.
TEST(HclAst, ExponentWithoutFractionIsANumber) {
  File file = parse_hcl("c = 1e3\nd = [2E-5, -3e+2]\ne = \"${4e1}\"\n# 5e5\nf = \"6e6\"\n");
  ASSERT_FALSE(file.error.has_value()) << file.error->message;
  EXPECT_EQ(shape(file.body.attribute("c")->value), "Number[1e3]");
  const std::string d = shape(file.body.attribute("d")->value);
  EXPECT_NE(d.find("Number[2E-5]"), std::string::npos) << d;
  EXPECT_NE(d.find("Number[3e+2]"), std::string::npos) << d;
  EXPECT_NE(shape(file.body.attribute("e")->value).find("Number[4e1]"), std::string::npos)
      << shape(file.body.attribute("e")->value);
  EXPECT_EQ(file.body.attribute("c")->value.span.begin.column, 5u);
  EXPECT_EQ(file.body.attribute("c")->value.span.end.column, 8u);
}

TEST(HclAst, MissingClosingBraceIsReported) {
  File file = parse_hcl("resource \"x\" \"y\" {\n  b = 2\n");
  ASSERT_TRUE(file.error.has_value());
  EXPECT_EQ(file.error->message, "missing `}`");
  EXPECT_EQ(file.error->where.line, 3u);
  ASSERT_EQ(file.body.blocks.size(), 1u);
  EXPECT_EQ(shape(file.body.blocks[0].body.attribute("b")->value), "Number[2]");
}

TEST(HclAst, InvalidEscapeIsASyntaxError) {
  File file = parse_hcl("a = \"x\\qy\"\n");
  ASSERT_TRUE(file.error.has_value());
  EXPECT_EQ(file.error->where.line, 1u);
}

TEST(HclAst, TopLevelObjectIsNotABody) {
  File file = parse_hcl("{ a = 1 }\n");
  ASSERT_TRUE(file.error.has_value());
  EXPECT_TRUE(file.body.attributes.empty());
}

TEST(HclAst, DeeplyNestedTuplesDoNotCrash) {
  std::string open(100'000, '[');
  File unbalanced = parse_hcl("a = " + open + "\n");
  EXPECT_TRUE(unbalanced.error.has_value());

  File balanced = parse_hcl("a = " + open + std::string(100'000, ']') + "\n");
  ASSERT_TRUE(balanced.error.has_value());
  EXPECT_EQ(balanced.error->message, "too deeply nested");
  ASSERT_EQ(balanced.body.attributes.size(), 1u);
  const Expr* innermost = &balanced.body.attributes[0].value;
  while (!innermost->children.empty()) innermost = &innermost->children[0];
  EXPECT_EQ(innermost->kind, Kind::Unsupported);
  EXPECT_EQ(innermost->text, "too deeply nested");
}

TEST(HclAst, LongTraversalsAndOperatorChainsAreCapped) {
  std::string chain = "a = x";
  for (int i = 0; i < 20'000; ++i) chain += ".y";
  File traversal = parse_hcl(chain + "\n");
  ASSERT_TRUE(traversal.error.has_value());
  EXPECT_EQ(traversal.error->message, "too deeply nested");

  std::string sum = "a = 1";
  for (int i = 0; i < 20'000; ++i) sum += " + 1";
  File operators = parse_hcl(sum + "\n");
  ASSERT_TRUE(operators.error.has_value());
  EXPECT_EQ(operators.error->message, "too deeply nested");

  std::string blocks;
  for (int i = 0; i < 2'000; ++i) blocks += "b {\n";
  for (int i = 0; i < 2'000; ++i) blocks += "}\n";
  File nested = parse_hcl(blocks);
  ASSERT_TRUE(nested.error.has_value());
  EXPECT_EQ(nested.error->message, "too deeply nested");
}

// Every Terraform file of the shared corpus (real-world modules and examples) parses.
TEST(HclAst, CorpusParsesWithoutErrors) {
  namespace fs = std::filesystem;
  const fs::path corpus = fs::path(RIGHTFIT_SOURCE_DIR) / ".." / "shared" / "corpus" / "terraform";
  ASSERT_TRUE(fs::is_directory(corpus)) << "corpus missing: " << corpus;
  std::size_t parsed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (!entry.is_regular_file()) continue;
    std::string extension = entry.path().extension().string();
    if (extension != ".tf" && extension != ".tfvars") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    File file = parse_hcl(text.str());
    EXPECT_FALSE(file.error.has_value()) << entry.path() << ":" << file.error->where.line << ":"
                                         << file.error->where.column << ": " << file.error->message;
    ++parsed;
  }
  EXPECT_GT(parsed, 0u);
}

}  // namespace
}  // namespace rightfit::hcl
