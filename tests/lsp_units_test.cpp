// The language server's pure parts: framing, UTF-16 positions and incremental edits, URIs.
#include <gtest/gtest.h>

#include <string>

#include "integrations/lsp/message_reader.h"
#include "integrations/lsp/text_document.h"
#include "integrations/lsp/uri.h"

namespace rightfit::lsp {
namespace {

std::string frame(const std::string& body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(LspMessageReader, ReadsMessagesSplitAnywhere) {
  const std::string stream = frame(R"({"a":1})") +
                             "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" +
                             frame(R"({"b":"é"})");
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    MessageReader reader;
    reader.feed(stream.substr(0, cut));
    std::vector<std::string> bodies;
    while (auto m = reader.next()) bodies.push_back(m->body);
    reader.feed(stream.substr(cut));
    while (auto m = reader.next()) {
      ASSERT_TRUE(m->ok()) << m->error;
      bodies.push_back(m->body);
    }
    ASSERT_EQ(bodies, (std::vector<std::string>{R"({"a":1})", R"({"b":"é"})"})) << "cut " << cut;
    EXPECT_EQ(reader.pending(), 0u);
  }
}

TEST(LspMessageReader, MalformedHeadersAreErrorsAndReadingGoesOn) {
  MessageReader reader;
  reader.feed("Content-Length: ten\r\n\r\n");
  reader.feed("X-Nothing: 1\r\n\r\n");
  reader.feed("garbage without colon\r\n\r\n");
  reader.feed(frame("{}"));
  std::vector<std::string> errors;
  std::optional<FramedMessage> m;
  while ((m = reader.next()) && !m->ok()) errors.push_back(m->error);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_NE(errors[0].find("not a number: 'ten'"), std::string::npos);
  EXPECT_EQ(errors[1], "the header has no Content-Length");
  EXPECT_NE(errors[2].find("no ':'"), std::string::npos);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->body, "{}");
}

TEST(LspMessageReader, EndlessHeaderAndHugeLengthAreRejected) {
  MessageReader reader;
  reader.feed(std::string(MessageReader::kMaxHeaderBytes + 1, 'x'));
  std::optional<FramedMessage> m = reader.next();
  ASSERT_TRUE(m && !m->ok());
  EXPECT_EQ(reader.pending(), 0u);
  reader.feed("Content-Length: 99999999999\r\n\r\n");
  m = reader.next();
  ASSERT_TRUE(m && !m->ok());
  EXPECT_NE(m->error.find("exceeds the limit"), std::string::npos);
  EXPECT_FALSE(reader.next().has_value());
}

// A Content-Length that is wrong for its body desynchronises the stream; the reader finds the
// next header again instead of taking every later body for a header.
TEST(LspMessageReader, AShortContentLengthLosesOneMessageNotTheRest) {
  MessageReader reader;
  reader.feed("Content-Length: 3\r\n\r\n{\"id\":1}");
  reader.feed(frame(R"({"id":2})"));
  reader.feed(frame(R"({"id":3})"));
  std::vector<std::string> bodies;
  std::size_t errors = 0;
  while (std::optional<FramedMessage> m = reader.next()) {
    if (m->ok()) {
      bodies.push_back(m->body);
    } else {
      ++errors;
    }
  }
  EXPECT_EQ(bodies, (std::vector<std::string>{R"({"i)", R"({"id":2})", R"({"id":3})"}));
  EXPECT_EQ(errors, 1u);
  EXPECT_EQ(reader.pending(), 0u);
}

TEST(LspMessageReader, ALongContentLengthRecoversAtALaterHeader) {
  MessageReader reader;
  reader.feed("Content-Length: 30\r\n\r\n{\"id\":1}");
  for (int id = 2; id <= 5; ++id) reader.feed(frame("{\"id\":" + std::to_string(id) + "}"));
  std::vector<std::string> bodies;
  while (std::optional<FramedMessage> m = reader.next()) {
    if (m->ok()) bodies.push_back(m->body);
  }
  ASSERT_GE(bodies.size(), 2u);
  EXPECT_EQ(bodies.back(), R"({"id":5})");
  EXPECT_EQ(bodies[bodies.size() - 2], R"({"id":4})");
  EXPECT_EQ(reader.pending(), 0u);
}

TEST(LspMessageReader, NegativeAndMissingLengthsResynchronise) {
  for (const std::string bad :
       {"Content-Length: -5\r\n\r\n{\"id\":1}", "Content-Type: x\r\n\r\n{\"id\":1}"}) {
    MessageReader reader;
    reader.feed(bad);
    reader.feed(frame(R"({"id":2})"));
    std::vector<std::string> bodies;
    while (std::optional<FramedMessage> m = reader.next()) {
      if (m->ok()) bodies.push_back(m->body);
    }
    EXPECT_EQ(bodies, std::vector<std::string>{R"({"id":2})"}) << bad;
  }
}

TEST(LspPositions, Utf16UnitsAndCodePoints) {
  // "é" is 1 UTF-16 unit (2 bytes), "😀" is 2 units (4 bytes, a surrogate pair).
  const std::string text = "a: é😀x\r\nsecond\n";
  EXPECT_EQ(byte_offset(text, {0, 3}), 3u);
  EXPECT_EQ(byte_offset(text, {0, 4}), 5u);    // after é
  EXPECT_EQ(byte_offset(text, {0, 6}), 9u);    // after the emoji
  EXPECT_EQ(byte_offset(text, {0, 5}), 9u);    // inside the pair: after it
  EXPECT_EQ(byte_offset(text, {0, 99}), 10u);  // past the end: end of line, before \r
  EXPECT_EQ(byte_offset(text, {1, 0}), 12u);
  EXPECT_EQ(byte_offset(text, {9, 0}), text.size());  // past the last line
  // rightfit columns count code points: 'x' is column 6.
  EXPECT_EQ(to_lsp_position(text, Position{1, 6}), (LspPosition{0, 6}));
  EXPECT_EQ(from_lsp_position(text, LspPosition{0, 6}), (Position{1, 6}));
  EXPECT_EQ(to_lsp_position(text, Position{2, 1}), (LspPosition{1, 0}));
}

TEST(LspPositions, IncrementalEditsApplyInOrder) {
  std::string text = "Resources:\n  Fn:\n    Timeout: 60 # é\n";
  apply_changes(text, {
                          {LspRange{{2, 13}, {2, 15}}, "20"},
                          {LspRange{{2, 19}, {2, 19}}, "😀"},
                          {LspRange{{3, 0}, {3, 0}}, "# end\n"},
                          {LspRange{{0, 0}, {1, 0}}, ""},
                      });
  EXPECT_EQ(text, "  Fn:\n    Timeout: 20 # é😀\n# end\n");
  apply_changes(text, {{std::nullopt, "whole\n"}});
  EXPECT_EQ(text, "whole\n");
}

TEST(LspUris, RoundTripWithPercentEncoding) {
  const std::string path = "/tmp/my stack/tëmplate#1.yaml";
  const std::string uri = uri_from_path(path);
  EXPECT_EQ(uri, "file:///tmp/my%20stack/t%C3%ABmplate%231.yaml");
  EXPECT_EQ(path_from_uri(uri), path);
  EXPECT_EQ(path_from_uri("file:///a/b/../c.yaml"), "/a/c.yaml");
  EXPECT_EQ(path_from_uri("untitled:Untitled-1"), std::nullopt);
  EXPECT_EQ(path_from_uri("file://server/share/x"), std::nullopt);
  EXPECT_EQ(path_from_uri("file:///bad%zz"), std::nullopt);
}

}  // namespace
}  // namespace rightfit::lsp
