// Component config schemas: a JSON-Schema subset that is validated, filled with defaults and rejects unknown keys.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace modelsat {

/// Supported keywords: type (object, integer, number, string, boolean, array), properties, required, default, enum,
/// minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, items, minItems, maxItems, description.
/// Objects never allow keys outside `properties`, except objects marked "additionalProperties": true, which are
/// passed through unchecked (a free-form block that another schema checks later, e.g. a component's config inside a
/// manifest). A missing object property is filled from its own defaults unless it has required keys.
class ConfigSchema {
 public:
  /// Parses and checks a schema; throws ConfigError "<where>#<pointer>: invalid schema: <why>" for unknown keywords,
  /// bad types or defaults that violate their own schema.
  static ConfigSchema parse(const std::string& schema_json, const std::string& where);

  /// Validates config against the schema and returns it with every missing defaulted property filled in (nested
  /// objects too). A null config means {}. Throws ConfigError
  /// "<location>/<key>: <what>: <why> (expected X, got Y)"; location is e.g. "run.json#/routers/0/config".
  nlohmann::json resolve(const nlohmann::json& config, const std::string& location) const;

  const nlohmann::json& json() const { return schema_; }

 private:
  explicit ConfigSchema(nlohmann::json schema) : schema_(std::move(schema)) {}
  nlohmann::json schema_;
};

}  // namespace modelsat
