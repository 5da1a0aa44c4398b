// A JSON value paired with its location "<file>#/<pointer>", with typed accessors that throw pointed DataErrors.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace modelsat::report {

/// A possibly absent JSON value and where it is. Absent and null read the same. Accessors throw DataError
/// "<location>: missing key: the report needs it (expected X, got nothing)" or "<location>: wrong type (expected X,
/// got Y)". The referenced JSON must outlive the field.
class JsonField {
 public:
  JsonField(const nlohmann::json* value, std::string location);

  bool present() const { return value_ != nullptr && !value_->is_null(); }
  const std::string& location() const { return location_; }

  /// A member (absent when missing); throws when this field is present but not an object.
  JsonField child(const std::string& key) const;
  /// Throws unless this field is an object; returns *this for chaining.
  const JsonField& require_object() const;

  double number() const;
  std::optional<double> optional_number() const;
  std::string string() const;
  std::string string_or(const std::string& fallback) const;
  bool boolean_or(bool fallback) const;

  /// The elements of a required array (items) or of an optional one (empty when absent).
  std::vector<JsonField> items() const;
  std::vector<JsonField> optional_items() const;
  /// The members of an optional object, in key order (empty when absent).
  std::vector<std::pair<std::string, JsonField>> optional_members() const;
  /// A required array of exactly two numbers.
  std::pair<double, double> interval() const;
  std::vector<std::string> optional_strings() const;
  std::vector<double> optional_numbers() const;

 private:
  [[noreturn]] void fail(const std::string& expected) const;

  const nlohmann::json* value_;
  std::string location_;
};

}  // namespace modelsat::report
