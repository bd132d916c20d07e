#include "integrations/usage/csv_table.h"

namespace rightfit::usage {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string_view without_bom(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  return text;
}

// Reads one record from `text` at `pos`; `line` counts the line breaks passed (quoted ones
// too). False with `problem` set when a quoted field is never closed.
class RecordReader {
 public:
  explicit RecordReader(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  unsigned line() const { return line_; }

  // The next record's fields; `problem` non-empty when it cannot be read.
  std::vector<std::string> next(std::string& problem) {
    std::vector<std::string> fields(1);
    const unsigned start = line_;
    bool quoted = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (quoted) {
        if (c == '"' && pos_ < text_.size() && text_[pos_] == '"') {
          fields.back() += '"';
          ++pos_;
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') ++line_;
          fields.back() += c;
        }
      } else if (c == '"' && fields.back().empty()) {
        quoted = true;
      } else if (c == ',') {
        fields.emplace_back();
      } else if (c == '\n') {
        ++line_;
        break;
      } else if (c != '\r' || pos_ >= text_.size() || text_[pos_] != '\n') {
        fields.back() += c;
      }
    }
    if (quoted) problem = "line " + std::to_string(start) + ": a quoted field is never closed";
    return fields;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  unsigned line_ = 1;
};

bool blank(const std::vector<std::string>& fields) {
  return fields.size() == 1 && fields[0].empty();
}

}  // namespace

Result<CsvTable> parse_csv(std::string_view text) {
  RecordReader reader(without_bom(text));
  CsvTable table;
  std::string problem;
  while (!reader.done() && table.header.empty()) {
    std::vector<std::string> header = reader.next(problem);
    if (!problem.empty()) return fail(problem);
    if (!blank(header)) table.header = std::move(header);
  }
  while (!reader.done()) {
    const unsigned line = reader.line();
    std::vector<std::string> fields = reader.next(problem);
    if (!problem.empty()) return fail(problem);
    if (blank(fields)) continue;
    if (fields.size() > table.header.size())
      return fail("line " + std::to_string(line) + ": " + std::to_string(fields.size()) +
                  " fields, the header names " + std::to_string(table.header.size()));
    table.rows.push_back({line, std::move(fields)});
  }
  return table;
}

std::vector<std::string> csv_header(std::string_view text) {
  RecordReader reader(without_bom(text));
  std::string problem;
  std::vector<std::string> header = reader.next(problem);
  return problem.empty() ? header : std::vector<std::string>{};
}

}  // namespace rightfit::usage
