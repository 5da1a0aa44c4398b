// Typed field access on JSON objects for the data layer; every failure is a DataError naming where and which field.
#pragma once

#include "modelsat/error.h"
#include "modelsat/json_util.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace modelsat::data::detail {

[[noreturn]] inline void wrong_type(const std::string& where, const std::string& key, const char* expected,
                                    const nlohmann::json& got) {
  throw DataError(where + ": " + key + ": wrong type (expected " + expected + ", got " + describe_json(got) + ")");
}

inline const nlohmann::json& require(const nlohmann::json& object, const std::string& key, const std::string& where) {
  if (!object.is_object()) wrong_type(where, "record", "an object", object);
  const auto it = object.find(key);
  if (it == object.end()) throw DataError(where + ": " + key + ": missing required field");
  return *it;
}

inline std::string as_string(const nlohmann::json& value, const std::string& key, const std::string& where) {
  if (!value.is_string()) wrong_type(where, key, "a string", value);
  return value.get<std::string>();
}

inline std::string string_field(const nlohmann::json& object, const std::string& key, const std::string& where) {
  return as_string(require(object, key, where), key, where);
}

/// Empty string when absent or null.
inline std::string optional_string(const nlohmann::json& object, const std::string& key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  return as_string(*it, key, where);
}

inline double as_number(const nlohmann::json& value, const std::string& key, const std::string& where) {
  if (!value.is_number()) wrong_type(where, key, "a number", value);
  const double v = value.get<double>();
  if (!std::isfinite(v)) throw DataError(where + ": " + key + ": not a finite number (got " + std::to_string(v) + ")");
  return v;
}

inline std::vector<std::string> string_array(const nlohmann::json& value, const std::string& key,
                                             const std::string& where) {
  if (!value.is_array()) wrong_type(where, key, "an array of strings", value);
  std::vector<std::string> out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) out.push_back(as_string(value[i], key + "[" + std::to_string(i) + "]", where));
  return out;
}

/// Throws when object has a key outside `allowed`.
inline void no_unknown_keys(const nlohmann::json& object, const std::vector<std::string>& allowed,
                            const std::string& where) {
  for (const auto& item : object.items()) {
    bool ok = false;
    for (const auto& key : allowed) ok = ok || key == item.key();
    if (!ok) {
      std::string list;
      for (const auto& key : allowed) list += (list.empty() ? "" : ", ") + key;
      throw DataError(where + ": " + item.key() + ": unknown field (expected one of: " + list + ")");
    }
  }
}

}  // namespace modelsat::data::detail
