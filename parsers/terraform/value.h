// A Terraform value as far as it can be known statically, with where it was written and
// which resources it was computed from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/source_range.h"

namespace rightfit::tf {

// A resource (or module-created resource) a value refers to, by full address within the
// root module: "aws_sqs_queue.jobs", "module.worker.aws_sqs_queue.this".
struct ResourceAddress {
  std::string address;
  std::string attribute;  // "arn", "invoke_arn", ... (may be empty)

  friend bool operator==(const ResourceAddress&, const ResourceAddress&) = default;
};

struct Value {
  enum class Kind : unsigned char { Unknown, Null, Bool, Number, String, List, Map };

  // Declared here and defaulted in value.cpp: `map` holds pairs of Value, and clang with
  // libstdc++ cannot complete std::pair<std::string, Value> while it is still declaring Value's
  // implicit members.
  Value();
  Value(const Value&);
  Value(Value&&) noexcept;
  Value& operator=(const Value&);
  Value& operator=(Value&&) noexcept;
  ~Value();

  Kind kind = Kind::Unknown;
  bool boolean = false;
  double number = 0;
  std::string string;  // String; Unknown: why
  // Unknown strings built from a template: the known text with `*` for each unknown part
  // ("service/*/api-*"), so names can still be matched; empty when nothing is known.
  std::string pattern;
  std::vector<Value> items;                        // List (also tuples and sets)
  std::vector<std::pair<std::string, Value>> map;  // Map (also objects), sorted by key
  std::vector<ResourceAddress> refs;               // resources this value came from
  std::optional<SourceRange> origin;               // where the value was written

  static Value unknown(std::string why);
  // An input of a reusable module analysed where nothing calls it: its callers decide it.
  static Value set_by_callers(const std::string& variable);
  // Whether an unknown's reason is set_by_callers' (through the expressions built on it).
  static bool decided_by_callers(std::string_view why);
  static Value null();
  static Value of(bool b);
  static Value of(double n);
  static Value of(std::string s);

  bool known() const { return kind != Kind::Unknown; }
  bool is_null() const { return kind == Kind::Null; }
  const Value* get(const std::string& key) const;  // Map lookup
  // Number, or a string holding one ("300"), as Terraform converts them.
  std::optional<double> as_number() const;
  // String, number or bool as Terraform's string conversion writes them.
  std::optional<std::string> as_string() const;
  std::optional<bool> as_bool() const;
};

}  // namespace rightfit::tf
