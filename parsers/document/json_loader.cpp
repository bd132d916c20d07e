// JSON -> doc::Node with RapidJSON's SAX reader. The input stream counts lines and code-point
// columns as RapidJSON consumes characters, so each handler callback can tell where its value
// lies in the source.
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cassert>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "parsers/document/document.h"

namespace rightfit::doc {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Comments are accepted: CloudFormation itself rejects them, but hand-edited templates carry
// them now and then, and a linter that refuses the whole file would report nothing useful.
// Iterative parsing keeps hostile nesting (e.g. 200,000 '[') off the call stack; numbers stay
// text so "300", "1e3" and "0.50" reach the checks exactly as written.
constexpr unsigned kParseFlags = rapidjson::kParseIterativeFlag |
                                 rapidjson::kParseNumbersAsStringsFlag |
                                 rapidjson::kParseCommentsFlag;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// 1-based position of byte `offset` in `text` (used for errors only).
Position PositionOf(std::string_view text, std::size_t offset) {
  Position position{1, 1};
  for (char c : text.substr(0, offset)) {
    if (c == '\n') {
      ++position.line;
      position.column = 1;
    } else if (!IsContinuationByte(c)) {
      ++position.column;
    }
  }
  return position;
}

// RapidJSON input stream over the caller's text. Besides the read position it follows the
// lexical state (inside a string, inside a comment) so it knows where the current string
// began: RapidJSON calls the handler only after the whole token has been consumed.
class TrackingStream {
 public:
  using Ch = char;

  explicit TrackingStream(std::string_view text)
      : begin_(text.data()), current_(text.data()), end_(text.data() + text.size()) {}

  Ch Peek() const { return current_ != end_ ? *current_ : '\0'; }
  Ch Take() {
    if (current_ == end_) return '\0';
    const char c = *current_++;
    Track(c);
    return c;
  }
  std::size_t Tell() const { return static_cast<std::size_t>(current_ - begin_); }

  // Writing is only used by in-situ parsing, which this stream does not support.
  Ch* PutBegin() {
    assert(false);
    return nullptr;
  }
  void Put(Ch) { assert(false); }
  void Flush() { assert(false); }
  std::size_t PutEnd(Ch*) {
    assert(false);
    return 0;
  }

  // Just past the last character taken (= the next character, whitespace already skipped).
  Position here() const { return position_; }
  // The opening quote of the most recent string.
  Position string_start() const { return string_start_; }
  bool at_end() const { return current_ == end_; }

 private:
  enum class Lexical {
    Code,
    String,
    StringEscape,
    Slash,
    BlockComment,
    BlockCommentStar,
    LineComment
  };

  void Track(char c) {
    const Position at = position_;
    if (c == '\n') {
      ++position_.line;
      position_.column = 1;
    } else if (!IsContinuationByte(c)) {
      ++position_.column;
    }
    state_ = Next(c, at);
  }

  Lexical Next(char c, Position at) {
    switch (state_) {
      case Lexical::Code:
        if (c == '"') {
          string_start_ = at;
          return Lexical::String;
        }
        return c == '/' ? Lexical::Slash : Lexical::Code;
      case Lexical::String:
        if (c == '\\') return Lexical::StringEscape;
        return c == '"' ? Lexical::Code : Lexical::String;
      case Lexical::StringEscape:
        return Lexical::String;
      case Lexical::Slash:
        if (c == '*') return Lexical::BlockComment;
        return c == '/' ? Lexical::LineComment : Lexical::Code;
      case Lexical::BlockComment:
        return c == '*' ? Lexical::BlockCommentStar : Lexical::BlockComment;
      case Lexical::BlockCommentStar:
        if (c == '/') return Lexical::Code;
        return c == '*' ? Lexical::BlockCommentStar : Lexical::BlockComment;
      case Lexical::LineComment:
        return c == '\n' ? Lexical::Code : Lexical::LineComment;
    }
    return Lexical::Code;
  }

  const char* begin_;
  const char* current_;
  const char* end_;
  Position position_{1, 1};
  Position string_start_{1, 1};
  Lexical state_ = Lexical::Code;
};

// Builds the Node tree from RapidJSON's SAX events.
class TreeHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeHandler> {
 public:
  TreeHandler(const TrackingStream& stream, const LoadLimits& limits)
      : stream_(stream), limits_(limits) {}

  bool Null() { return AddLiteral(Node::Kind::Null, "null"); }
  bool Bool(bool value) { return AddLiteral(Node::Kind::Scalar, value ? "true" : "false"); }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    return AddLiteral(Node::Kind::Scalar, std::string_view(text, length));
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    return Add(QuotedScalar(text, length));
  }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    if (!CountNode()) return false;
    frames_.back().entries.push_back(Entry{QuotedScalar(text, length), Node{}});
    return true;
  }

  // The iterative parser reports '{' / '[' and '}' / ']' before taking them from the stream,
  // so the bracket is the next character.
  bool StartObject() { return Open(Node::Kind::Mapping); }
  bool StartArray() { return Open(Node::Kind::Sequence); }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool EndArray(rapidjson::SizeType) { return Close(); }

  Node TakeRoot() { return std::move(root_); }
  const std::optional<LoadError>& failure() const { return failure_; }

 private:
  Node QuotedScalar(const char* text, rapidjson::SizeType length) const {
    Node node;
    node.kind = Node::Kind::Scalar;
    node.style = Node::Style::Quoted;
    node.text.assign(text, length);
    node.span = {stream_.string_start(), stream_.here()};
    return node;
  }

  // Numbers, true, false and null are ASCII on one line: they start `text.size()` columns
  // before the current position.
  bool AddLiteral(Node::Kind kind, std::string_view text) {
    Node node;
    node.kind = kind;
    if (kind == Node::Kind::Scalar) node.text = text;
    node.span.end = stream_.here();
    node.span.begin = {node.span.end.line,
                       node.span.end.column - static_cast<uint32_t>(text.size())};
    return Add(std::move(node));
  }

  bool Add(Node node) {
    if (!CountNode()) return false;
    Attach(std::move(node));
    return true;
  }

  bool Open(Node::Kind kind) {
    if (frames_.size() >= limits_.max_depth) {
      return Fail("nesting deeper than " + std::to_string(limits_.max_depth), kMaxNestingDepthKey);
    }
    if (!CountNode()) return false;
    Node node;
    node.kind = kind;
    node.span.begin = stream_.here();
    frames_.push_back(std::move(node));
    return true;
  }

  bool Close() {
    Node node = std::move(frames_.back());
    frames_.pop_back();
    const Position bracket = stream_.here();
    node.span.end = {bracket.line, bracket.column + 1};
    Attach(std::move(node));
    return true;
  }

  void Attach(Node node) {
    if (frames_.empty()) {
      root_ = std::move(node);
    } else if (frames_.back().kind == Node::Kind::Sequence) {
      frames_.back().items.push_back(std::move(node));
    } else {
      frames_.back().entries.back().value = std::move(node);
    }
  }

  bool CountNode() {
    if (++node_count_ > limits_.max_nodes) {
      return Fail("too many nodes (more than " + std::to_string(limits_.max_nodes) + ")",
                  kMaxYamlNodesKey);
    }
    // The clock is read once per kNodesPerDeadlineCheck nodes: cheap, and still prompt.
    if (node_count_ % kNodesPerDeadlineCheck == 0 && limits_.deadline.passed()) {
      return Fail("parsing took too long", kParseTimeoutKey);
    }
    return true;
  }

  bool Fail(std::string message, std::string_view limit) {
    failure_ = LoadError{stream_.here(), std::move(message), limit};
    return false;
  }

  static constexpr std::size_t kNodesPerDeadlineCheck = 256;

  const TrackingStream& stream_;
  const LoadLimits& limits_;
  std::vector<Node> frames_;  // open objects and arrays, innermost last
  Node root_;
  std::size_t node_count_ = 0;
  std::optional<LoadError> failure_;
};

LoadResult Failure(LoadError error) { return fail_with(std::move(error)); }

LoadResult Parse(std::string_view text, const LoadLimits& limits) {
  TrackingStream stream(text);
  TreeHandler handler(stream, limits);
  rapidjson::Reader reader;
  const rapidjson::ParseResult result = reader.Parse<kParseFlags>(stream, handler);
  if (result.IsError()) {
    const std::optional<LoadError>& failure = handler.failure();
    if (result.Code() == rapidjson::kParseErrorTermination && failure) {
      return Failure(*failure);
    }
    return Failure({PositionOf(text, result.Offset()), GetParseError_En(result.Code()), {}});
  }
  // RapidJSON reads '\0' as the end of input; text after an embedded NUL is not JSON.
  if (!stream.at_end()) return Failure({stream.here(), "unexpected NUL character", {}});
  return handler.TakeRoot();
}

}  // namespace

bool json_nests_deeper_than(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      in_string = c != '"';
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

LoadResult load_json(std::string_view text, const LoadLimits& limits) {
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  try {
    return Parse(text, limits);
  } catch (const std::exception& e) {  // e.g. std::bad_alloc
    return Failure({{}, e.what(), {}});
  } catch (...) {
    return Failure({{}, "unknown error while loading JSON", {}});
  }
}

}  // namespace rightfit::doc
