// ZeroEval's own extraction and grading rules, re-implemented to explain where the checker and the official Acc differ.
#pragma once

#include "modelsat/data/reply_answer.h"

#include <string>

namespace modelsat::data {

/// ZeroEval's extraction (src/evaluation/eval_utils.py): the first balanced `{...}` block parsed as JSON after deleting
/// line breaks; else the regex chain `"answer"\s*:\s*"([^"]*?)"`, `"answer"\s*:\s*"(.*?)"`, `"answer"\s*:\s*([^,\s]*)`,
/// `answer\s*:\s*([^,\s]*)`; else, for model names containing "Llama-3.1", `\boxed{([\w\d]+)}`. Method Json for the
/// first, FieldScan for the regexes, Boxed for the last, None when nothing matched.
ReplyAnswer zeroeval_extract(const std::string& model, const std::string& reply);

/// ZeroEval's crux rule (src/evaluation/crux_eval.py): `str(answer).strip("'\"")` with newlines written as `\n`
/// equals `gold.strip("'\"")` as text, both non-empty (the published crux.summary.json predates the script's later
/// "both empty counts as equal" clause: without it the published Acc is reproduced). Typed JSON values are printed
/// as Python's str() would.
bool zeroeval_crux_rule(const ReplyAnswer& answer, const std::string& gold);

/// ZeroEval's math rule (src/evaluation/math_eval.py): after dropping `$` and `,` (and evaluating a plain `a/b`),
/// the first number (`-?\d+(\.\d+)?`) of the answer equals the first number of the gold.
bool zeroeval_math_rule(const ReplyAnswer& answer, const std::string& gold);

}  // namespace modelsat::data
