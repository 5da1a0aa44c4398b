// Strict readers for JSON request bodies: parse errors, unknown keys, missing fields and wrong types become ApiErrors.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace modelsat::serve {

/// Parses a request body that must be one JSON object. where is "<METHOD> <path>". Throws ApiError 400
/// "<where>: body: malformed JSON: <why>" or "<where>: body: wrong type (expected an object, got array of 2)".
nlohmann::json parse_body_object(const std::string& body, const std::string& where);

/// Throws ApiError 422 "<where>#/<key>: unknown key (expected one of a, b)" for a key outside allowed.
void reject_unknown_keys(const nlohmann::json& object, const std::vector<std::string>& allowed, const std::string& where);

/// The string at object[key]. Throws ApiError 422 for a missing key (when required) or another type.
/// Returns fallback when the key is absent and not required.
std::string read_string(const nlohmann::json& object, const std::string& key, const std::string& where, bool required,
                        const std::string& fallback = "");

/// A non-empty array of strings at object[key] (the key must be present). Throws ApiError 422.
std::vector<std::string> read_string_array(const nlohmann::json& object, const std::string& key,
                                           const std::string& where);

/// A finite number >= 0 at object[key], or fallback when absent. Throws ApiError 422.
double read_non_negative_number(const nlohmann::json& object, const std::string& key, const std::string& where,
                                double fallback);

/// An aptitude vector at object[key]: an array of exactly expected_length finite numbers in [0, 1] (accuracy per
/// task). Throws ApiError 422 "<where>#/aptitude: aptitude results of the wrong length (expected 50, got 3)" or
/// "<where>#/aptitude/4: out of range (expected an accuracy in [0, 1], got number 55)".
std::vector<float> read_aptitude(const nlohmann::json& object, const std::string& key, size_t expected_length,
                                 const std::string& where);

}  // namespace modelsat::serve
