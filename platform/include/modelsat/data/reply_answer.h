// Extracting the `answer` field from a model's raw reply that was asked for JSON {"reasoning", "answer"}.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace modelsat::data {

/// How an answer was found in a reply (kept per reply for the import summary).
enum class ExtractionMethod {
  None,         ///< no answer found: an extraction failure, its own category (neither right nor wrong)
  Json,         ///< a `{...}` block of the reply is valid JSON with an "answer" key
  RepairedJson, ///< valid after repairs: raw newlines/tabs, LaTeX backslashes (`\frac`), trailing commas
  FieldScan,    ///< the JSON was broken; the value after `"answer":` (or `'answer':`, `answer:`) was read directly
  Boxed,        ///< no answer field at all; the last `\boxed{...}` of the reply
};

/// Stable lower-case name of a method ("none", "json", "repaired-json", "field-scan", "boxed").
const char* extraction_method_name(ExtractionMethod method);

struct ReplyAnswer {
  ExtractionMethod method = ExtractionMethod::None;
  /// The answer text: a JSON string's content, the JSON text of a non-string value, or the raw value read by a scan.
  std::string text;
  /// The parsed value when the answer came from valid JSON (keeps numbers, lists, booleans typed); nullopt otherwise.
  std::optional<nlohmann::json> json_value;
  bool found() const { return method != ExtractionMethod::None; }
};

/// Finds the answer in `reply`, in this order: each balanced `{...}` block (fenced or not, with trailing text) parsed
/// as JSON, then repaired and parsed; then a scan for the answer field in broken JSON (double, single or no quotes;
/// unescaped LaTeX and quotes inside the value); then the last `\boxed{...}`. An answer that is only the prompt's
/// placeholder (`"___"`, echoed by some models before their real answer) is skipped. Never throws.
ReplyAnswer extract_reply_answer(const std::string& reply);

}  // namespace modelsat::data
