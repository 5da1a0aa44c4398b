// JSON helpers: parse files with line/column errors, describe values for messages, build JSON-pointer locations.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace modelsat {

/// Parses JSON text; `where` names the source (a file path). Throws ConfigError
/// "<where>:<line>:<column>: invalid JSON: <why>".
nlohmann::json parse_json(const std::string& text, const std::string& where);

/// Reads and parses a JSON file; IoError when unreadable, ConfigError when malformed.
nlohmann::json read_json_file(const std::string& path);

/// "integer", "number", "string", "boolean", "array", "object" or "null".
std::string json_type_name(const nlohmann::json& value);

/// A value for an error message: its type and a short rendering, e.g. `string "abc"` or `integer -3`.
std::string describe_json(const nlohmann::json& value);

/// Appends one reference token to a location "<source>#<pointer>", escaping '~' and '/' as RFC 6901 requires.
/// A location without '#' gets one: pointer_join("a.json", "k") == "a.json#/k".
std::string pointer_join(const std::string& location, const std::string& token);
std::string pointer_join(const std::string& location, size_t index);

}  // namespace modelsat
