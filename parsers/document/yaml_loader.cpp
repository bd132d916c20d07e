// YAML -> doc::Node with yaml-cpp's event parser. yaml-cpp reports byte offsets (`Mark::pos`);
// every position is recomputed from the source text so columns count code points, and the
// text is also used to find where tagged values, quoted scalars and flow collections begin
// and end, which the events do not tell.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <istream>
#include <optional>
#include <streambuf>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "parsers/document/document.h"

namespace rightfit::doc {
namespace {

constexpr std::size_t kUnknownOffset = std::string_view::npos;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kYamlTagPrefix = "tag:yaml.org,2002:";

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

uint32_t CountCodePoints(std::string_view text) {
  return static_cast<uint32_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !IsContinuationByte(c); }));
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }
bool IsFlowIndicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

// Same line, `text` further right.
Position Advance(Position from, std::string_view text) {
  return {from.line, from.column + CountCodePoints(text)};
}

std::string_view FirstLine(std::string_view text) {
  return text.substr(0, text.find_first_of("\r\n"));
}

// Read-only streambuf over the caller's text, so yaml-cpp reads it without a copy.
class ViewStreamBuf : public std::streambuf {
 public:
  explicit ViewStreamBuf(std::string_view text) {
    // The get area is only read (putback of the same character moves the pointer only).
    char* begin = const_cast<char*>(text.data());
    setg(begin, begin, begin + text.size());
  }
};

// Byte offset -> 1-based line and code-point column. Offsets mostly arrive in increasing
// order, so the column of the previous lookup on the same line is reused.
class PositionMap {
 public:
  explicit PositionMap(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    for (const char* p = text.data(); p != nullptr;) {
      const std::size_t rest = text.size() - static_cast<std::size_t>(p - text.data());
      p = static_cast<const char*>(std::memchr(p, '\n', rest));
      if (p != nullptr) line_starts_.push_back(static_cast<std::size_t>(++p - text.data()));
    }
  }

  Position at(std::size_t offset) {
    offset = std::min(offset, text_.size());
    if (!OnCachedLine(offset)) {
      const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
      cached_line_ = static_cast<std::size_t>(after - line_starts_.begin()) - 1;
      cached_offset_ = line_starts_[cached_line_];
      cached_column_ = 1;
    }
    if (offset < cached_offset_) {
      cached_offset_ = line_starts_[cached_line_];
      cached_column_ = 1;
    }
    cached_column_ += CountCodePoints(text_.substr(cached_offset_, offset - cached_offset_));
    cached_offset_ = offset;
    return {static_cast<uint32_t>(cached_line_ + 1), cached_column_};
  }

  Position at(const YAML::Mark& mark) {
    if (mark.is_null() || mark.pos < 0) return {};
    return at(static_cast<std::size_t>(mark.pos));
  }

 private:
  bool OnCachedLine(std::size_t offset) const {
    const std::size_t next = cached_line_ + 1;
    return line_starts_[cached_line_] <= offset &&
           (next == line_starts_.size() || offset < line_starts_[next]);
  }

  std::string_view text_;
  std::vector<std::size_t> line_starts_;
  std::size_t cached_line_ = 0;
  std::size_t cached_offset_ = 0;
  uint32_t cached_column_ = 1;
};

// What a node's tag asks for.
struct TagMeaning {
  enum class Kind { Plain, NonSpecific, String, Null, Intrinsic, Other };
  Kind kind = Kind::Plain;
  std::string intrinsic_key;  // "Ref", "Condition" or "Fn::<Name>" for Kind::Intrinsic
};

bool IsIdentifier(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

TagMeaning ClassifyTag(const std::string& tag) {
  using Kind = TagMeaning::Kind;
  if (tag.empty() || tag == "?") return {Kind::Plain, {}};
  if (tag == "!") return {Kind::NonSpecific, {}};
  std::string_view view = tag;
  if (view.starts_with(kYamlTagPrefix)) {
    view.remove_prefix(kYamlTagPrefix.size());
    if (view == "str") return {Kind::String, {}};
    if (view == "null") return {Kind::Null, {}};
    return {Kind::Other, {}};
  }
  if (view.starts_with('!') && IsIdentifier(view.substr(1))) {
    const std::string_view name = view.substr(1);
    if (name == "Ref" || name == "Condition") return {Kind::Intrinsic, std::string(name)};
    return {Kind::Intrinsic, "Fn::" + std::string(name)};
  }
  return {Kind::Other, {}};
}

bool IsNullLiteral(std::string_view text) {
  return text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// Where the parts of a node lie in the source: `&anchor !Tag content`.
struct NodeStart {
  std::size_t mark = 0;                  // first character, properties included
  std::size_t tag = kUnknownOffset;      // the `!` of the tag, if any
  std::size_t tag_end = kUnknownOffset;  // just past the tag
  std::size_t after_properties = 0;      // just past the last property
  std::size_t content = 0;               // first character of the value itself
  bool has_properties() const { return after_properties != mark; }
};

// yaml-cpp 0.7 rejects a tagged block scalar that is a block sequence entry when its text is
// indented two columns or less past the `-` ("end of sequence not found", jbeder/yaml-cpp#1163),
// i.e. the usual CloudFormation form
//   Command:
//     - !Sub |
//       echo ${Stage}
// The retry hands yaml-cpp a copy with such tags overwritten by spaces (same length, so every
// offset still matches the source) and gives each tag back to its scalar, found at the `|`/`>`.
struct HiddenTag {
  std::size_t offset = 0;  // the tag's `!` in the source
  std::string tag;         // as yaml-cpp would report it, e.g. "!Sub"
};
using HiddenTags = std::unordered_map<std::size_t, HiddenTag>;  // by offset of the `|`/`>`

// Whether `line` is `- ` (one or more) + `!Name` + blanks + a block scalar header, and where.
bool FindTagBeforeBlockScalar(std::string_view line, std::size_t& tag, std::size_t& tag_end,
                              std::size_t& indicator) {
  std::size_t i = 0;
  while (i < line.size() && IsBlank(line[i])) ++i;
  bool entry = false;
  while (i + 1 < line.size() && line[i] == '-' && IsBlank(line[i + 1])) {
    entry = true;
    ++i;
    while (i < line.size() && IsBlank(line[i])) ++i;
  }
  if (!entry || i >= line.size() || line[i] != '!') return false;
  tag = i++;
  while (i < line.size() && IsIdentifier(line.substr(i, 1))) ++i;
  if (i == tag + 1 || i >= line.size() || !IsBlank(line[i])) return false;
  tag_end = i;
  while (i < line.size() && IsBlank(line[i])) ++i;
  if (i >= line.size() || (line[i] != '|' && line[i] != '>')) return false;
  indicator = i++;
  while (i < line.size() &&
         (line[i] == '-' || line[i] == '+' || (line[i] >= '1' && line[i] <= '9'))) {
    ++i;
  }
  while (i < line.size() && IsBlank(line[i])) ++i;
  return i == line.size() || line[i] == '#' || line[i] == '\r';
}

// For a line that ends with a block scalar header (`key: |`, `- >-`, `- !Sub |2`, comments
// aside): the indentation its text must exceed (the key's column, else the last `-`'s).
std::optional<std::size_t> BlockScalarParentIndent(std::string_view line) {
  if (const std::size_t comment = line.find(" #"); comment != std::string_view::npos) {
    line = line.substr(0, comment);
  }
  while (!line.empty() && (IsBlank(line.back()) || line.back() == '\r')) line.remove_suffix(1);
  std::size_t i = line.size();
  while (i > 0 &&
         (line[i - 1] == '-' || line[i - 1] == '+' || (line[i - 1] >= '1' && line[i - 1] <= '9'))) {
    --i;
  }
  if (i < 2 || (line[i - 1] != '|' && line[i - 1] != '>') || !IsBlank(line[i - 2])) {
    return std::nullopt;
  }
  std::size_t content = 0;
  while (content < line.size() && IsBlank(line[content])) ++content;
  std::size_t parent = content;
  while (content + 1 < line.size() && line[content] == '-' && IsBlank(line[content + 1])) {
    parent = content++;
    while (content < line.size() && IsBlank(line[content])) ++content;
  }
  if (line.substr(content).find(": ") != std::string_view::npos) parent = content;
  return parent;
}

// `text` with the tags of such entries blanked out (empty when there are none). Lines inside
// a block scalar are text, not entries, and stay as they are.
std::string MaskTagsBeforeBlockScalars(std::string_view text, HiddenTags& hidden) {
  std::string masked;
  // While inside a block scalar's text: the indentation that text must exceed.
  std::size_t scalar_parent = std::string_view::npos;
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(begin, end - begin);
    const std::size_t indent = line.find_first_not_of(" \t\r");
    const bool blank = indent == std::string_view::npos;
    if (scalar_parent != std::string_view::npos && (blank || indent > scalar_parent)) {
      begin = end + 1;
      continue;
    }
    scalar_parent = std::string_view::npos;
    std::size_t tag = 0, tag_end = 0, indicator = 0;
    if (FindTagBeforeBlockScalar(line, tag, tag_end, indicator)) {
      if (masked.empty()) masked = std::string(text);
      hidden[begin + indicator] =
          HiddenTag{begin + tag, std::string(text.substr(begin + tag, tag_end - tag))};
      masked.replace(begin + tag, tag_end - tag, tag_end - tag, ' ');
    }
    if (!blank) scalar_parent = BlockScalarParentIndent(line).value_or(std::string_view::npos);
    begin = end + 1;
  }
  return masked;
}

// Thrown from the event handler to stop yaml-cpp; caught in load_yaml.
struct LoadFailure {
  LoadError error;
};

// Builds the Node tree from yaml-cpp events.
class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(std::string_view text, PositionMap& positions, const LoadLimits& limits,
              const HiddenTags& hidden_tags)
      : text_(text), positions_(positions), limits_(limits), hidden_tags_(hidden_tags) {}

  Node TakeRoot() { return root_ ? std::move(*root_) : Node{}; }
  bool HasRoot() const { return root_.has_value(); }
  std::size_t DocumentStartOffset() const { return document_start_; }

  // Where the innermost open collection starts and how deep it is (for yaml-cpp's errors).
  Position InnermostOpenPosition() const {
    return frames_.empty() ? Position{} : frames_.back().node.span.begin;
  }
  std::size_t OpenDepth() const { return frames_.empty() ? 0 : frames_.back().depth; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    document_start_ = ClampOffset(mark);
    anchors_.clear();  // anchors are local to their document
  }
  // The document just read, leaving the builder ready for the next one.
  Node TakeDocument() {
    Node out = root_ ? std::move(*root_) : Node{};
    root_.reset();
    return out;
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const std::size_t nodes_before = node_count_;
    const NodeStart start = LocateStart(mark);
    Node node;
    std::size_t end_offset = kUnknownOffset;
    const std::string_view literal = NullLiteralAt(start.content);
    if (!literal.empty()) {
      node.span.begin = positions_.at(start.content);
      end_offset = start.content + literal.size();
      node.span.end = positions_.at(end_offset);
    } else {
      node.span.begin = node.span.end = EmptyValuePosition(start);
    }
    CountNodes(1, node.span.begin);
    Complete(std::move(node), 0, end_offset, anchor, nodes_before);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const std::size_t offset = ClampOffset(mark);
    const Position where = positions_.at(offset);
    const auto found = anchors_.find(anchor);
    if (found == anchors_.end()) Fail(where, "alias refers to a node that contains it", {});
    const Anchored& anchored = found->second;
    if (node_count_ + anchored.node_count > limits_.max_nodes) {
      Fail(where,
           "too many nodes (alias expansion exceeds " + std::to_string(limits_.max_nodes) + ")",
           kMaxYamlNodesKey);
    }
    node_count_ += anchored.node_count;
    Node copy = anchored.node;
    // The copy keeps the anchored node's positions inside; its root points at the `*alias`.
    const std::size_t end_offset = TokenEnd(offset);
    copy.span = {where, positions_.at(end_offset)};
    Attach(std::move(copy), anchored.height, end_offset);
  }

  void OnScalar(const YAML::Mark& scanned_mark, const std::string& scanned_tag,
                YAML::anchor_t anchor, const std::string& value) override {
    // A tag blanked out for yaml-cpp (see HiddenTag) belongs to the block scalar after it.
    YAML::Mark mark = scanned_mark;
    const auto hidden = hidden_tags_.find(ClampOffset(scanned_mark));
    const bool was_hidden = hidden != hidden_tags_.end();
    if (was_hidden) mark.pos = static_cast<int>(hidden->second.offset);
    const std::string& tag = was_hidden ? hidden->second.tag : scanned_tag;
    const std::size_t nodes_before = node_count_;
    const TagMeaning meaning = ClassifyTag(tag);
    NodeStart start = LocateStart(mark);
    if (value.empty() && !IsQuote(CharAt(start.content))) start.content = start.after_properties;

    Node node;
    node.kind = IsNullValue(meaning, value) ? Node::Kind::Null : Node::Kind::Scalar;
    node.style = ScalarStyle(meaning, start.content);
    node.text = value;
    node.span.begin = positions_.at(start.content);
    std::size_t end_offset = ScalarEnd(start.content, node.text);
    node.span.end = end_offset != kUnknownOffset ? positions_.at(end_offset)
                                                 : Advance(node.span.begin, FirstLine(node.text));
    CountNodes(1, node.span.begin);

    std::size_t height = 0;
    if (meaning.kind == TagMeaning::Kind::Intrinsic) {
      if (meaning.intrinsic_key == "Fn::GetAtt" && node.is_scalar()) {
        node = SplitGetAtt(node, IsQuote(CharAt(start.content)));
        height = 1;
      }
      node = Wrap(meaning.intrinsic_key, start, std::move(node));
      ++height;
    }
    Complete(std::move(node), height, end_offset, anchor, nodes_before);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    Open(Node::Kind::Sequence, mark, tag, anchor, style);
  }
  void OnSequenceEnd() override { Close(']'); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    Open(Node::Kind::Mapping, mark, tag, anchor, style);
  }
  void OnMapEnd() override { Close('}'); }

 private:
  // A sequence or mapping whose children are still arriving.
  struct Frame {
    Node node;
    NodeStart start;
    std::string intrinsic_key;  // set when the collection carries a short-form tag
    YAML::anchor_t anchor = YAML::NullAnchor;
    bool flow = false;
    bool awaiting_value = false;  // mapping: the last entry has its key but not its value
    std::size_t depth = 0;        // nesting depth of this collection (wrappers included)
    std::size_t nodes_before = 0;
    std::size_t max_child_height = 0;
    std::size_t last_child_end_offset = kUnknownOffset;
  };

  // An anchored node, kept for the aliases that copy it.
  struct Anchored {
    Node node;
    std::size_t node_count = 0;
    std::size_t height = 0;  // nesting levels the node adds where an alias inserts it
  };

  [[noreturn]] void Fail(Position where, std::string message, std::string_view limit) const {
    throw LoadFailure{LoadError{where, std::move(message), limit}};
  }

  void CountNodes(std::size_t added, Position where) {
    node_count_ += added;
    if (node_count_ > limits_.max_nodes) {
      Fail(where, "too many nodes (more than " + std::to_string(limits_.max_nodes) + ")",
           kMaxYamlNodesKey);
    }
    // The clock is read once per kNodesPerDeadlineCheck nodes: cheap, and still prompt.
    if (++events_since_deadline_check_ >= kNodesPerDeadlineCheck) {
      events_since_deadline_check_ = 0;
      if (limits_.deadline.passed()) Fail(where, "parsing took too long", kParseTimeoutKey);
    }
  }

  void CheckDepth(std::size_t depth, Position where) const {
    if (depth > limits_.max_depth) {
      Fail(where, "nesting deeper than " + std::to_string(limits_.max_depth), kMaxNestingDepthKey);
    }
  }

  char CharAt(std::size_t offset) const { return offset < text_.size() ? text_[offset] : '\0'; }
  static bool IsQuote(char c) { return c == '"' || c == '\''; }

  std::size_t ClampOffset(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.pos < 0) return text_.size();
    return std::min(static_cast<std::size_t>(mark.pos), text_.size());
  }

  // Just past an anchor, alias or tag token starting at `offset`.
  std::size_t TokenEnd(std::size_t offset) const {
    if (text_.substr(offset).starts_with("!<")) {  // verbatim tag: !<...>
      const std::size_t close = text_.find('>', offset);
      return close == std::string_view::npos ? text_.size() : close + 1;
    }
    std::size_t end = offset + 1;
    while (end < text_.size() && !IsBlank(text_[end]) && !IsLineBreak(text_[end]) &&
           !IsFlowIndicator(text_[end])) {
      ++end;
    }
    return end;
  }

  // Skips blanks, line breaks and comments.
  std::size_t SkipSpace(std::size_t offset) const {
    while (offset < text_.size()) {
      const char c = text_[offset];
      if (IsBlank(c) || IsLineBreak(c)) {
        ++offset;
      } else if (c == '#') {
        offset = text_.find('\n', offset);
        if (offset == std::string_view::npos) return text_.size();
      } else {
        break;
      }
    }
    return offset;
  }

  // yaml-cpp marks a node at its first property (`&a`, `!Tag`); find the value after them.
  NodeStart LocateStart(const YAML::Mark& mark) const {
    NodeStart start;
    start.mark = start.after_properties = start.content = ClampOffset(mark);
    std::size_t offset = start.mark;
    while (CharAt(offset) == '!' || CharAt(offset) == '&') {
      const std::size_t end = TokenEnd(offset);
      if (text_[offset] == '!') {
        start.tag = offset;
        start.tag_end = end;
      }
      start.after_properties = end;
      offset = SkipSpace(end);
    }
    start.content = offset;
    return start;
  }

  std::string_view NullLiteralAt(std::size_t offset) const {
    for (std::string_view literal : {"~", "null", "Null", "NULL"}) {
      if (!text_.substr(offset).starts_with(literal)) continue;
      const char next = CharAt(offset + literal.size());
      if (next == '\0' || IsBlank(next) || IsLineBreak(next) || next == '#' || next == ',' ||
          next == ']' || next == '}') {
        return literal;
      }
    }
    return {};
  }

  // An empty value (`key:` with nothing after) has no text of its own; yaml-cpp marks it at
  // the next token, so place it just past its properties or its key's `:` instead.
  Position EmptyValuePosition(const NodeStart& start) {
    if (start.has_properties()) return positions_.at(start.after_properties);
    if (frames_.empty() || !frames_.back().awaiting_value) return positions_.at(start.mark);
    const Frame& mapping = frames_.back();
    std::size_t offset = mapping.last_child_end_offset;  // just past the key
    if (offset == kUnknownOffset) return mapping.node.entries.back().key.span.end;
    while (IsBlank(CharAt(offset))) ++offset;
    if (CharAt(offset) == ':') ++offset;
    return positions_.at(offset);
  }

  static bool IsNullValue(const TagMeaning& meaning, const std::string& value) {
    if (meaning.kind == TagMeaning::Kind::Null) return true;
    return meaning.kind == TagMeaning::Kind::Plain && (value.empty() || IsNullLiteral(value));
  }

  Node::Style ScalarStyle(const TagMeaning& meaning, std::size_t content) const {
    switch (meaning.kind) {
      case TagMeaning::Kind::Plain:
        return Node::Style::Plain;
      case TagMeaning::Kind::NonSpecific:
      case TagMeaning::Kind::String:
        return Node::Style::Quoted;
      default: {  // an explicit tag hides how the scalar was written: look at the source
        const char c = CharAt(content);
        return IsQuote(c) || c == '|' || c == '>' ? Node::Style::Quoted : Node::Style::Plain;
      }
    }
  }

  // Just past a scalar whose text starts at `content`; kUnknownOffset when the source does
  // not show it directly (block scalars, folded plain scalars).
  std::size_t ScalarEnd(std::size_t content, std::string_view value) const {
    const char first = CharAt(content);
    if (first == '"') {
      for (std::size_t i = content + 1; i < text_.size(); ++i) {
        if (text_[i] == '\\') {
          ++i;
        } else if (text_[i] == '"') {
          return i + 1;
        }
      }
      return kUnknownOffset;
    }
    if (first == '\'') {
      for (std::size_t i = content + 1; i < text_.size(); ++i) {
        if (text_[i] != '\'') continue;
        if (CharAt(i + 1) != '\'') return i + 1;
        ++i;  // '' is an escaped quote
      }
      return kUnknownOffset;
    }
    if (first == '|' || first == '>') return kUnknownOffset;
    if (text_.substr(content, value.size()) == value) return content + value.size();
    return kUnknownOffset;
  }

  // `!GetAtt A.B.C` -> [A, B.C], split on the first dot like CloudFormation does.
  Node SplitGetAtt(const Node& scalar, bool quoted) {
    const std::size_t dot = scalar.text.find('.');
    Node sequence;
    sequence.kind = Node::Kind::Sequence;
    sequence.span = scalar.span;

    Node resource;
    resource.style = scalar.style;
    resource.kind = Node::Kind::Scalar;
    resource.text = scalar.text.substr(0, dot);
    resource.span.begin = scalar.span.begin;
    if (quoted) ++resource.span.begin.column;
    resource.span.end = Advance(resource.span.begin, resource.text);
    CountNodes(1, scalar.span.begin);

    if (dot != std::string::npos) {
      Node attribute;
      attribute.style = scalar.style;
      attribute.kind = Node::Kind::Scalar;
      attribute.text = scalar.text.substr(dot + 1);
      attribute.span.begin = {resource.span.end.line, resource.span.end.column + 1};
      attribute.span.end = Advance(attribute.span.begin, attribute.text);
      sequence.items.reserve(2);
      sequence.items.push_back(std::move(resource));
      sequence.items.push_back(std::move(attribute));
      CountNodes(1, scalar.span.begin);
    } else {
      sequence.items.push_back(std::move(resource));
    }
    return sequence;
  }

  // `!Name value` -> {Key: value}; the key sits on the tag.
  Node Wrap(const std::string& key_text, const NodeStart& start, Node value) {
    const std::size_t tag = start.tag != kUnknownOffset ? start.tag : start.mark;
    const std::size_t tag_end = start.tag_end != kUnknownOffset ? start.tag_end : tag;
    Node key;
    key.kind = Node::Kind::Scalar;
    key.text = key_text;
    key.span = {positions_.at(tag), positions_.at(tag_end)};

    Node mapping;
    mapping.kind = Node::Kind::Mapping;
    mapping.span = {key.span.begin, value.span.end};
    mapping.entries.push_back(Entry{std::move(key), std::move(value)});
    CountNodes(2, mapping.span.begin);
    return mapping;
  }

  void Open(Node::Kind kind, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
            YAML::EmitterStyle::value style) {
    TagMeaning meaning = ClassifyTag(tag);
    Frame frame;
    frame.start = LocateStart(mark);
    frame.node.kind = kind;
    frame.node.span.begin = frame.node.span.end = positions_.at(frame.start.content);
    frame.anchor = anchor;
    frame.flow = style == YAML::EmitterStyle::Flow;
    frame.nodes_before = node_count_;
    const bool wrapped = meaning.kind == TagMeaning::Kind::Intrinsic;
    if (wrapped) frame.intrinsic_key = std::move(meaning.intrinsic_key);
    frame.depth = (frames_.empty() ? 0 : frames_.back().depth) + (wrapped ? 2 : 1);
    CheckDepth(frame.depth, frame.node.span.begin);
    CountNodes(1, frame.node.span.begin);
    frames_.push_back(std::move(frame));
  }

  void Close(char flow_closer) {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    std::size_t end_offset = frame.last_child_end_offset;
    if (frame.flow) {
      const bool empty = frame.node.items.empty() && frame.node.entries.empty();
      end_offset = FlowEnd(empty ? frame.start.content + 1 : end_offset, flow_closer);
    }
    if (end_offset != kUnknownOffset) frame.node.span.end = positions_.at(end_offset);

    Node node = std::move(frame.node);
    std::size_t height = frame.max_child_height + 1;
    if (!frame.intrinsic_key.empty()) {
      node = Wrap(frame.intrinsic_key, frame.start, std::move(node));
      ++height;
    }
    Complete(std::move(node), height, end_offset, frame.anchor, frame.nodes_before);
  }

  // Just past the `]`/`}` closing a flow collection whose last child ends at `from`.
  std::size_t FlowEnd(std::size_t from, char closer) const {
    if (from == kUnknownOffset) return kUnknownOffset;
    std::size_t offset = from;
    while (true) {
      offset = SkipSpace(offset);
      if (CharAt(offset) != ',') break;
      ++offset;
    }
    return CharAt(offset) == closer ? offset + 1 : kUnknownOffset;
  }

  // Registers an anchored node, then hands it to its parent.
  void Complete(Node node, std::size_t height, std::size_t end_offset, YAML::anchor_t anchor,
                std::size_t nodes_before) {
    if (anchor != YAML::NullAnchor) {
      anchors_[anchor] = Anchored{node, node_count_ - nodes_before, height};
    }
    Attach(std::move(node), height, end_offset);
  }

  void Attach(Node node, std::size_t height, std::size_t end_offset) {
    if (frames_.empty()) {
      CheckDepth(height, node.span.begin);
      if (!root_) root_ = std::move(node);
      return;
    }
    Frame& parent = frames_.back();
    CheckDepth(parent.depth + height, node.span.begin);
    parent.max_child_height = std::max(parent.max_child_height, height);
    parent.last_child_end_offset = end_offset;
    parent.node.span.end = node.span.end;
    if (parent.node.kind == Node::Kind::Sequence) {
      parent.node.items.push_back(std::move(node));
    } else if (parent.awaiting_value) {
      parent.node.entries.back().value = std::move(node);
      parent.awaiting_value = false;
    } else {
      parent.node.entries.push_back(Entry{std::move(node), Node{}});
      parent.awaiting_value = true;
    }
  }

  std::string_view text_;
  PositionMap& positions_;
  const LoadLimits& limits_;
  const HiddenTags& hidden_tags_;
  std::vector<Frame> frames_;
  std::optional<Node> root_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  std::size_t node_count_ = 0;
  std::size_t events_since_deadline_check_ = 0;
  std::size_t document_start_ = 0;
  static constexpr std::size_t kNodesPerDeadlineCheck = 256;
};

// Whether a `---` or `...` line lies in text[from, to), i.e. `to` is in a later document.
bool DocumentMarkerBetween(std::string_view text, std::size_t from, std::size_t to) {
  to = std::min(to, text.size());
  for (std::size_t line = text.find('\n', from); line != std::string_view::npos && line < to;
       line = text.find('\n', line + 1)) {
    const std::string_view rest = text.substr(line + 1);
    if (!rest.starts_with("---") && !rest.starts_with("...")) continue;
    if (rest.size() == 3 || IsBlank(rest[3]) || IsLineBreak(rest[3])) return true;
  }
  return false;
}

LoadResult Failure(LoadError error) { return fail_with(std::move(error)); }

// `scanned` is what yaml-cpp reads: `text` itself, or a copy with hidden tags.
LoadResult LoadFirstDocument(std::string_view text, std::string_view scanned,
                             const HiddenTags& hidden_tags, const LoadLimits& limits) {
  PositionMap positions(text);
  TreeBuilder builder(text, positions, limits, hidden_tags);
  ViewStreamBuf buffer(scanned);
  std::istream input(&buffer);
  try {
    YAML::Parser parser(input);
    parser.HandleNextDocument(builder);  // later documents are never read
    return builder.TakeRoot();
  } catch (const LoadFailure& failure) {
    return Failure(failure.error);
  } catch (const YAML::DeepRecursion&) {  // yaml-cpp's own recursion guard, below max_depth
    return Failure(
        {builder.InnermostOpenPosition(),
         "nesting deeper than " + std::to_string(builder.OpenDepth()) + " (YAML parser limit)",
         {}});
  } catch (const YAML::Exception& e) {  // ParserException and anything else yaml-cpp throws
    // yaml-cpp scans ahead; an error in a later document does not spoil the first one.
    const std::size_t error_offset =
        e.mark.is_null() ? text.size() : static_cast<std::size_t>(std::max(e.mark.pos, 0));
    if (builder.HasRoot() &&
        DocumentMarkerBetween(text, builder.DocumentStartOffset(), error_offset)) {
      return builder.TakeRoot();
    }
    return Failure({positions.at(e.mark), e.msg, {}});
  }
}

// The text as it is; on a yaml-cpp error, once more with the tags yaml-cpp 0.7 trips over
// hidden (see HiddenTag). Files it reads at the first attempt are never rewritten.
LoadResult LoadFirstDocument(std::string_view text, const LoadLimits& limits) {
  LoadResult first = LoadFirstDocument(text, text, {}, limits);
  if (first.ok() || !first.problem().limit.empty()) return first;
  HiddenTags hidden;
  const std::string masked = MaskTagsBeforeBlockScalars(text, hidden);
  if (hidden.empty()) return first;
  return LoadFirstDocument(text, masked, hidden, limits);
}

// Every document; `scanned` as for LoadFirstDocument.
DocumentsResult LoadAllDocuments(std::string_view text, std::string_view scanned,
                                 const HiddenTags& hidden_tags, const LoadLimits& limits) {
  PositionMap positions(text);
  TreeBuilder builder(text, positions, limits, hidden_tags);
  ViewStreamBuf buffer(scanned);
  std::istream input(&buffer);
  DocumentsResult out;
  auto fail = [&](LoadError error) {
    out.error = std::move(error);
    return std::move(out);
  };
  try {
    YAML::Parser parser(input);
    while (parser.HandleNextDocument(builder)) out.documents.push_back(builder.TakeDocument());
    return out;
  } catch (const LoadFailure& failure) {
    return fail(failure.error);
  } catch (const YAML::DeepRecursion&) {
    return fail(
        {builder.InnermostOpenPosition(),
         "nesting deeper than " + std::to_string(builder.OpenDepth()) + " (YAML parser limit)",
         {}});
  } catch (const YAML::Exception& e) {
    return fail({positions.at(e.mark), e.msg, {}});
  }
}

DocumentsResult LoadAllDocuments(std::string_view text, const LoadLimits& limits) {
  DocumentsResult first = LoadAllDocuments(text, text, {}, limits);
  if (!first.error || !first.error->limit.empty()) return first;
  HiddenTags hidden;
  const std::string masked = MaskTagsBeforeBlockScalars(text, hidden);
  if (hidden.empty()) return first;
  return LoadAllDocuments(text, masked, hidden, limits);
}

}  // namespace

DocumentsResult load_yaml_documents(std::string_view text, const LoadLimits& limits) {
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  try {
    return LoadAllDocuments(text, limits);
  } catch (const std::exception& e) {
    return {{}, LoadError{{}, e.what(), {}}};
  } catch (...) {
    return {{}, LoadError{{}, "unknown error while loading YAML", {}}};
  }
}

LoadResult load_yaml(std::string_view text, const LoadLimits& limits) {
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  try {
    return LoadFirstDocument(text, limits);
  } catch (const std::exception& e) {  // e.g. std::bad_alloc
    return Failure({{}, e.what(), {}});
  } catch (...) {
    return Failure({{}, "unknown error while loading YAML", {}});
  }
}

}  // namespace rightfit::doc
