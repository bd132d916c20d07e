// Comma-separated values as RFC 4180 writes them (the shape of AWS Compute Optimizer's export
// files): a header row, fields quoted when they hold commas, quotes or line breaks ("" is a
// quote inside one), CRLF or LF line ends, an optional UTF-8 byte order mark.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/result.h"

namespace rightfit::usage {

struct CsvRow {
  unsigned line = 0;  // where the row starts, from 1
  std::vector<std::string> fields;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;  // blank lines left out
};

// The table, or why it is not one ("line N: ..."): a quote left open, a row with more fields
// than the header. A row with fewer fields is kept (its missing fields read as empty).
Result<CsvTable> parse_csv(std::string_view text);

// The first line of `text` split as a header, for recognising a file by its columns.
std::vector<std::string> csv_header(std::string_view text);

}  // namespace rightfit::usage
