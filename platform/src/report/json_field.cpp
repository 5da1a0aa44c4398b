// A JSON value paired with its location "<file>#/<pointer>", with typed accessors that throw pointed DataErrors.
#include "json_field.h"

#include "modelsat/error.h"
#include "modelsat/json_util.h"

namespace modelsat::report {

JsonField::JsonField(const nlohmann::json* value, std::string location)
    : value_(value), location_(std::move(location)) {}

void JsonField::fail(const std::string& expected) const {
  if (!present())
    throw DataError(location_ + ": missing key: the report needs it (expected " + expected + ", got nothing)");
  throw DataError(location_ + ": wrong type (expected " + expected + ", got " + describe_json(*value_) + ")");
}

JsonField JsonField::child(const std::string& key) const {
  const std::string location = pointer_join(location_, key);
  if (!present()) return JsonField(nullptr, location);
  if (!value_->is_object()) fail("object");
  const auto found = value_->find(key);
  return JsonField(found == value_->end() ? nullptr : &*found, location);
}

const JsonField& JsonField::require_object() const {
  if (!present() || !value_->is_object()) fail("object");
  return *this;
}

double JsonField::number() const {
  if (!present() || !value_->is_number()) fail("number");
  return value_->get<double>();
}

std::optional<double> JsonField::optional_number() const {
  if (!present()) return std::nullopt;
  return number();
}

std::string JsonField::string() const {
  if (!present() || !value_->is_string()) fail("string");
  return value_->get<std::string>();
}

std::string JsonField::string_or(const std::string& fallback) const { return present() ? string() : fallback; }

bool JsonField::boolean_or(bool fallback) const {
  if (!present()) return fallback;
  if (!value_->is_boolean()) fail("boolean");
  return value_->get<bool>();
}

std::vector<JsonField> JsonField::items() const {
  if (!present() || !value_->is_array()) fail("array");
  std::vector<JsonField> out;
  for (size_t i = 0; i < value_->size(); ++i) out.emplace_back(&(*value_)[i], pointer_join(location_, i));
  return out;
}

std::vector<JsonField> JsonField::optional_items() const { return present() ? items() : std::vector<JsonField>{}; }

std::vector<std::pair<std::string, JsonField>> JsonField::optional_members() const {
  std::vector<std::pair<std::string, JsonField>> out;
  if (!present()) return out;
  require_object();
  for (auto it = value_->begin(); it != value_->end(); ++it)
    out.emplace_back(it.key(), JsonField(&it.value(), pointer_join(location_, it.key())));
  return out;
}

std::pair<double, double> JsonField::interval() const {
  if (!present() || !value_->is_array() || value_->size() != 2) fail("array of 2 numbers");
  const auto bounds = items();
  return {bounds[0].number(), bounds[1].number()};
}

std::vector<std::string> JsonField::optional_strings() const {
  std::vector<std::string> out;
  for (const auto& item : optional_items()) out.push_back(item.string());
  return out;
}

std::vector<double> JsonField::optional_numbers() const {
  std::vector<double> out;
  for (const auto& item : optional_items()) out.push_back(item.number());
  return out;
}

}  // namespace modelsat::report
