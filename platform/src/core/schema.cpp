// JSON-Schema-subset validation with default filling and JSON-pointer error locations.
#include "modelsat/schema.h"

#include "modelsat/error.h"
#include "modelsat/json_util.h"

#include <set>

namespace modelsat {
namespace {
using nlohmann::json;

const std::set<std::string> kKeywords = {"type",    "properties",       "required",         "default",
                                         "enum",    "minimum",          "maximum",          "exclusiveMinimum",
                                         "exclusiveMaximum", "minLength", "items",          "minItems",
                                         "maxItems", "description",     "additionalProperties"};
const std::set<std::string> kTypes = {"object", "integer", "number", "string", "boolean", "array"};

bool matches_type(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "array") return value.is_array();
  return false;
}

std::string number_text(const json& value) { return value.dump(); }

std::string join_keys(const json& properties) {
  std::string out;
  for (auto it = properties.begin(); it != properties.end(); ++it) {
    if (!out.empty()) out += ", ";
    out += it.key();
  }
  return out.empty() ? "no keys" : out;
}

[[noreturn]] void fail(const std::string& location, const std::string& what, const std::string& expected,
                       const json& got) {
  throw ConfigError(location + ": " + what + " (expected " + expected + ", got " + describe_json(got) + ")");
}

json resolve_value(const json& schema, const json& value, const std::string& location);

json resolve_object(const json& schema, const json& value, const std::string& location) {
  if (schema.value("additionalProperties", false) == true) return value;
  const json properties = schema.value("properties", json::object());
  json out = json::object();
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!properties.contains(it.key())) {
      throw ConfigError(pointer_join(location, it.key()) + ": unknown key: not part of this config (expected one of " +
                        join_keys(properties) + ")");
    }
    out[it.key()] = resolve_value(properties.at(it.key()), it.value(), pointer_join(location, it.key()));
  }
  for (const auto& name : schema.value("required", json::array())) {
    const std::string key = name.get<std::string>();
    if (!out.contains(key)) {
      throw ConfigError(pointer_join(location, key) + ": missing key: required by the schema (expected " +
                        properties.at(key).value("type", std::string("a value")) + ", got nothing)");
    }
  }
  for (auto it = properties.begin(); it != properties.end(); ++it) {
    if (out.contains(it.key())) continue;
    if (it.value().contains("default")) {
      out[it.key()] = it.value().at("default");
    } else if (it.value().value("type", std::string()) == "object" && it.value().contains("properties") &&
               it.value().value("required", json::array()).empty()) {
      out[it.key()] = resolve_object(it.value(), json::object(), pointer_join(location, it.key()));
    }
  }
  return out;
}

json resolve_value(const json& schema, const json& value, const std::string& location) {
  const std::string type = schema.value("type", std::string());
  if (!type.empty() && !matches_type(value, type)) fail(location, "wrong type", type, value);
  if (schema.contains("enum")) {
    bool found = false;
    for (const auto& option : schema.at("enum")) found = found || option == value;
    if (!found) {
      std::string options;
      for (const auto& option : schema.at("enum")) options += (options.empty() ? "" : ", ") + option.dump();
      fail(location, "invalid value: not an allowed choice", "one of " + options, value);
    }
  }
  if (value.is_number()) {
    const double x = value.get<double>();
    if (schema.contains("minimum") && x < schema.at("minimum").get<double>())
      fail(location, "out of range", type + " >= " + number_text(schema.at("minimum")), value);
    if (schema.contains("maximum") && x > schema.at("maximum").get<double>())
      fail(location, "out of range", type + " <= " + number_text(schema.at("maximum")), value);
    if (schema.contains("exclusiveMinimum") && x <= schema.at("exclusiveMinimum").get<double>())
      fail(location, "out of range", type + " > " + number_text(schema.at("exclusiveMinimum")), value);
    if (schema.contains("exclusiveMaximum") && x >= schema.at("exclusiveMaximum").get<double>())
      fail(location, "out of range", type + " < " + number_text(schema.at("exclusiveMaximum")), value);
  }
  if (value.is_string() && schema.contains("minLength") &&
      value.get<std::string>().size() < schema.at("minLength").get<size_t>()) {
    fail(location, "string too short", "at least " + schema.at("minLength").dump() + " characters", value);
  }
  if (value.is_array()) {
    if (schema.contains("minItems") && value.size() < schema.at("minItems").get<size_t>())
      fail(location, "too few items", "at least " + schema.at("minItems").dump(), value);
    if (schema.contains("maxItems") && value.size() > schema.at("maxItems").get<size_t>())
      fail(location, "too many items", "at most " + schema.at("maxItems").dump(), value);
    if (schema.contains("items")) {
      json out = json::array();
      for (size_t i = 0; i < value.size(); ++i)
        out.push_back(resolve_value(schema.at("items"), value[i], pointer_join(location, i)));
      return out;
    }
  }
  if (value.is_object() && type == "object") return resolve_object(schema, value, location);
  return value;
}

void check_schema(const json& schema, const std::string& location) {
  auto invalid = [&](const std::string& why) { throw ConfigError(location + ": invalid schema: " + why); };
  if (!schema.is_object()) invalid("a schema must be an object, got " + describe_json(schema));
  for (auto it = schema.begin(); it != schema.end(); ++it) {
    if (!kKeywords.count(it.key())) invalid("unknown keyword '" + it.key() + "'");
  }
  if (schema.contains("type")) {
    const json& type = schema.at("type");
    if (!type.is_string() || !kTypes.count(type.get<std::string>()))
      invalid("type must be one of object, integer, number, string, boolean, array, got " + describe_json(type));
  }
  if (schema.contains("additionalProperties")) {
    if (!schema.at("additionalProperties").is_boolean()) invalid("additionalProperties must be true or false");
    if (schema.at("additionalProperties") == true && schema.contains("properties"))
      invalid("additionalProperties true (a free-form object, checked elsewhere) cannot list properties");
  }
  for (const char* key : {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}) {
    if (schema.contains(key) && !schema.at(key).is_number()) invalid(std::string(key) + " must be a number");
  }
  for (const char* key : {"minLength", "minItems", "maxItems"}) {
    if (schema.contains(key) && !schema.at(key).is_number_unsigned() && !(schema.at(key).is_number_integer() && schema.at(key).get<int64_t>() >= 0))
      invalid(std::string(key) + " must be a non-negative integer");
  }
  if (schema.contains("enum") && (!schema.at("enum").is_array() || schema.at("enum").empty()))
    invalid("enum must be a non-empty array");
  if (schema.contains("description") && !schema.at("description").is_string()) invalid("description must be a string");
  if (schema.contains("properties")) {
    const json& properties = schema.at("properties");
    if (!properties.is_object()) invalid("properties must be an object");
    for (auto it = properties.begin(); it != properties.end(); ++it)
      check_schema(it.value(), pointer_join(pointer_join(location, "properties"), it.key()));
  }
  if (schema.contains("items")) check_schema(schema.at("items"), pointer_join(location, "items"));
  if (schema.contains("required")) {
    const json& required = schema.at("required");
    if (!required.is_array()) invalid("required must be an array of property names");
    for (const auto& name : required) {
      if (!name.is_string() || !schema.value("properties", json::object()).contains(name.get<std::string>()))
        invalid("required names " + describe_json(name) + ", which is not a property");
    }
  }
  if (schema.contains("default")) {
    try {
      resolve_value(schema, schema.at("default"), location + "/default");
    } catch (const ConfigError& error) {
      invalid(std::string("default does not satisfy its own schema: ") + error.what());
    }
  }
}

}  // namespace

ConfigSchema ConfigSchema::parse(const std::string& schema_json, const std::string& where) {
  nlohmann::json schema = parse_json(schema_json, where);
  const std::string location = where.find('#') == std::string::npos ? where + "#" : where;
  check_schema(schema, location);
  if (schema.value("type", std::string()) != "object")
    throw ConfigError(location + ": invalid schema: a component config schema must have \"type\": \"object\"");
  return ConfigSchema(std::move(schema));
}

nlohmann::json ConfigSchema::resolve(const nlohmann::json& config, const std::string& location) const {
  const std::string where = location.find('#') == std::string::npos ? location + "#" : location;
  return resolve_value(schema_, config.is_null() ? nlohmann::json::object() : config, where);
}

}  // namespace modelsat
