// Grading a raw model reply against a gold answer: CRUXEval (Python literals) and MATH (math answers).
#pragma once

#include "modelsat/data/reply_answer.h"

#include <string>

namespace modelsat::data {

/// The outcome of grading one reply. NoAnswer (no answer could be extracted) is its own category: it scores 0 like
/// Wrong but is counted apart in the import summary.
enum class Verdict { Correct, Wrong, NoAnswer };

/// Stable lower-case name ("correct", "wrong", "no-answer").
const char* verdict_name(Verdict verdict);

struct GradedReply {
  Verdict verdict = Verdict::NoAnswer;
  ReplyAnswer answer;  ///< what was extracted and how
};

/// CRUXEval: the extracted answer equals the gold Python literal under Python's `==` (whitespace, quote style, escapes
/// and dict/set order do not matter; a list never equals a tuple). Candidates: the typed JSON value when the answer
/// was a JSON number/list/boolean; the answer text parsed as a literal (after dropping an `assert f(...) ==` prefix);
/// and, unless the answer was a typed JSON value, the text itself as a str (the prompt asked for `"answer": "..."`,
/// so `"abc"` may mean the string abc), with one layer of outer quotes removed when it has them (`'148: b'148''`
/// with unescaped inner quotes), or with its backslash escapes read when it has none (`t\nZA`). A gold that is not
/// a literal is compared as text.
GradedReply grade_crux_reply(const std::string& reply, const std::string& gold);

/// MATH: the extracted answer matches the gold under math_answers_equal (math_answer.h).
GradedReply grade_math_reply(const std::string& reply, const std::string& gold);

}  // namespace modelsat::data
