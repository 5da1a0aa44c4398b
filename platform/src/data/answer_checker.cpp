// Grading CRUXEval and MATH replies: extraction (reply_answer) then Python-literal or math-answer equivalence.
#include "modelsat/data/answer_checker.h"

#include "modelsat/data/math_answer.h"
#include "modelsat/data/python_literal.h"

#include <optional>
#include <vector>

namespace modelsat::data {
namespace {

/// The right-hand side of `assert f(...) == X` or `f(...) == X` (models often restate the assertion), else the text.
std::string drop_assertion(const std::string& text) {
  const size_t eq = text.find("==");
  if (eq == std::string::npos) return text;
  const size_t first = text.find_first_not_of(" \t\n");
  if (first == std::string::npos) return text;
  const std::string head = text.substr(first, eq - first);
  const bool is_assertion = head.rfind("assert ", 0) == 0 || head.rfind("f(", 0) == 0;
  return is_assertion ? text.substr(eq + 2) : text;
}

PyValue str_value(const std::string& text) {
  PyValue value;
  value.kind = PyValue::Kind::Str;
  value.text = text;
  return value;
}

std::vector<PyValue> crux_candidates(const ReplyAnswer& answer) {
  std::vector<PyValue> candidates;
  const bool typed = answer.json_value && !answer.json_value->is_string();
  if (typed) candidates.push_back(python_value_from_json(*answer.json_value));
  const std::optional<PyValue> literal = parse_python_literal(drop_assertion(answer.text));
  if (literal) candidates.push_back(*literal);
  if (typed) return candidates;
  // The prompt asked for `"answer": "..."`, so the text may also be the string itself: as written, with one layer of
  // outer quotes removed (inner quotes left unescaped: `'148: b'148''`), or with its escapes read (`t\nZA`).
  candidates.push_back(str_value(answer.text));
  const std::string& t = answer.text;
  if (t.size() >= 2 && (t.front() == '\'' || t.front() == '"') && t.back() == t.front()) {
    candidates.push_back(str_value(t.substr(1, t.size() - 2)));
  } else if (t.find('\\') != std::string::npos) {
    const std::optional<PyValue> unescaped = parse_python_literal("'''" + t + "'''");
    if (unescaped) candidates.push_back(*unescaped);
  }
  return candidates;
}

}  // namespace

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::Correct: return "correct";
    case Verdict::Wrong: return "wrong";
    default: return "no-answer";
  }
}

GradedReply grade_crux_reply(const std::string& reply, const std::string& gold) {
  GradedReply graded;
  graded.answer = extract_reply_answer(reply);
  if (!graded.answer.found()) return graded;
  graded.verdict = Verdict::Wrong;
  const std::optional<PyValue> expected = parse_python_literal(gold);
  for (const PyValue& candidate : crux_candidates(graded.answer)) {
    const bool equal = expected ? python_equal(candidate, *expected) : graded.answer.text == gold;
    if (equal) graded.verdict = Verdict::Correct;
  }
  return graded;
}

GradedReply grade_math_reply(const std::string& reply, const std::string& gold) {
  GradedReply graded;
  graded.answer = extract_reply_answer(reply);
  if (!graded.answer.found()) return graded;
  graded.verdict = math_answers_equal(graded.answer.text, gold) ? Verdict::Correct : Verdict::Wrong;
  return graded;
}

}  // namespace modelsat::data
