// JSON parsing with positioned errors, value descriptions for messages, and JSON-pointer locations.
#include "modelsat/json_util.h"

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"

namespace modelsat {

nlohmann::json parse_json(const std::string& text, const std::string& where) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    size_t line = 1;
    size_t column = 1;
    const size_t end = std::min(error.byte > 0 ? error.byte - 1 : 0, text.size());
    for (size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string why = error.what();
    const auto colon = why.find("; ");
    if (colon != std::string::npos) why = why.substr(colon + 2);
    throw ConfigError(where + ":" + std::to_string(line) + ":" + std::to_string(column) + ": invalid JSON: " + why);
  }
}

nlohmann::json read_json_file(const std::string& path) { return parse_json(read_file(path), path); }

std::string json_type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "integer";
    case nlohmann::json::value_t::number_float: return "number";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::boolean: return "boolean";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::object: return "object";
    case nlohmann::json::value_t::null: return "null";
    default: return "value";
  }
}

std::string describe_json(const nlohmann::json& value) {
  if (value.is_array()) return "array of " + std::to_string(value.size());
  if (value.is_object()) return "object";
  std::string text = value.dump();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return json_type_name(value) + " " + text;
}

std::string pointer_join(const std::string& location, const std::string& token) {
  std::string escaped;
  for (char c : token) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  const bool has_pointer = location.find('#') != std::string::npos;
  return location + (has_pointer ? "/" : "#/") + escaped;
}

std::string pointer_join(const std::string& location, size_t index) { return pointer_join(location, std::to_string(index)); }

}  // namespace modelsat
