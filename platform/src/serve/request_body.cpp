// Strict JSON request-body readers: every rejection names the request, the JSON pointer and what was expected.
#include "request_body.h"

#include "api_error.h"

#include "modelsat/json_util.h"

#include <algorithm>
#include <cmath>

namespace modelsat::serve {
namespace {

constexpr int kBadRequest = 400;
constexpr int kUnprocessable = 422;

std::string join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

[[noreturn]] void wrong_type(const std::string& location, const std::string& expected, const nlohmann::json& got) {
  throw ApiError(kUnprocessable, location + ": wrong type (expected " + expected + ", got " + describe_json(got) + ")");
}

const nlohmann::json* find(const nlohmann::json& object, const std::string& key, const std::string& where,
                           bool required, const std::string& expected) {
  const auto it = object.find(key);
  if (it != object.end()) return &*it;
  if (required) throw ApiError(kUnprocessable, pointer_join(where, key) + ": missing field (expected " + expected + ")");
  return nullptr;
}

}  // namespace

nlohmann::json parse_body_object(const std::string& body, const std::string& where) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos)
    throw ApiError(kBadRequest, where + ": body: empty (expected a JSON object)");
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& error) {
    std::string why = error.what();
    const auto colon = why.find("; ");
    if (colon != std::string::npos) why = why.substr(colon + 2);
    throw ApiError(kBadRequest, where + ": body: malformed JSON: " + why);
  }
  if (!parsed.is_object())
    throw ApiError(kBadRequest, where + ": body: wrong type (expected a JSON object, got " + describe_json(parsed) + ")");
  return parsed;
}

void reject_unknown_keys(const nlohmann::json& object, const std::vector<std::string>& allowed,
                         const std::string& where) {
  for (const auto& item : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
      throw ApiError(kUnprocessable,
                     pointer_join(where, item.key()) + ": unknown key (expected one of " + join(allowed) + ")");
  }
}

std::string read_string(const nlohmann::json& object, const std::string& key, const std::string& where, bool required,
                        const std::string& fallback) {
  const nlohmann::json* value = find(object, key, where, required, "a string");
  if (value == nullptr) return fallback;
  if (!value->is_string()) wrong_type(pointer_join(where, key), "a string", *value);
  return value->get<std::string>();
}

std::vector<std::string> read_string_array(const nlohmann::json& object, const std::string& key,
                                           const std::string& where) {
  const nlohmann::json& value = *find(object, key, where, true, "an array of strings");
  if (!value.is_array()) wrong_type(pointer_join(where, key), "an array of strings", value);
  if (value.empty())
    throw ApiError(kUnprocessable, pointer_join(where, key) + ": empty (expected at least one model name)");
  std::vector<std::string> names;
  for (size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) wrong_type(pointer_join(pointer_join(where, key), i), "a string", value[i]);
    names.push_back(value[i].get<std::string>());
  }
  return names;
}

double read_non_negative_number(const nlohmann::json& object, const std::string& key, const std::string& where,
                                double fallback) {
  const nlohmann::json* value = find(object, key, where, false, "a number");
  if (value == nullptr) return fallback;
  if (!value->is_number()) wrong_type(pointer_join(where, key), "a number >= 0", *value);
  const double number = value->get<double>();
  if (!std::isfinite(number) || number < 0)
    throw ApiError(kUnprocessable,
                   pointer_join(where, key) + ": out of range (expected a number >= 0, got " + describe_json(*value) + ")");
  return number;
}

std::vector<float> read_aptitude(const nlohmann::json& object, const std::string& key, size_t expected_length,
                                 const std::string& where) {
  const std::string expected = "an array of " + std::to_string(expected_length) + " accuracies in [0, 1]";
  const nlohmann::json& value = *find(object, key, where, true, expected);
  if (!value.is_array()) wrong_type(pointer_join(where, key), expected, value);
  if (value.size() != expected_length)
    throw ApiError(kUnprocessable, pointer_join(where, key) + ": aptitude results of the wrong length (expected " +
                                       std::to_string(expected_length) + ", got " + std::to_string(value.size()) + ")");
  std::vector<float> aptitude;
  aptitude.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string location = pointer_join(pointer_join(where, key), i);
    if (!value[i].is_number()) wrong_type(location, "an accuracy in [0, 1]", value[i]);
    const double accuracy = value[i].get<double>();
    if (!(accuracy >= 0.0 && accuracy <= 1.0))
      throw ApiError(kUnprocessable, location + ": out of range (expected an accuracy in [0, 1], got " +
                                         describe_json(value[i]) + ")");
    aptitude.push_back(static_cast<float>(accuracy));
  }
  return aptitude;
}

}  // namespace modelsat::serve
