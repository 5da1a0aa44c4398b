// MATH answers: normalisation of LaTeX/number answer strings and equivalence of a model's answer with the gold one.
#pragma once

#include <optional>
#include <string>

namespace modelsat::data {

/// The canonical text of a math answer: the content of the last `\boxed{}`; without `$`, `\(`/`\)`, `\left`/`\right`,
/// spacing commands, `\displaystyle`, degrees (`^\circ`, `°`), `%`, `\text{}`/`\mathrm{}` wrappers and a trailing unit
/// word (cm, degrees, dollars, ...); `\dfrac`/`\tfrac` as `\frac`, `\frac12` as `\frac{1}{2}`, `\sqrt2` as
/// `\sqrt{2}`, `x = 5` as `5`, thousands separators dropped, `_{3}` as `_3`, control characters that a JSON parser
/// made of `\frac`, `\times`, `\right`, `\boxed` restored; no whitespace.
std::string normalize_math_answer(const std::string& answer);

/// The value of a normalised answer when it is a closed arithmetic expression: numbers, + - * / ^, parentheses and
/// braces, `\frac{a}{b}`, `\sqrt{a}`, `\sqrt[n]{a}`, `\pi`, `\cdot`, `\times`, implicit multiplication (`2\sqrt{3}`).
/// nullopt for anything else (variables, intervals, text).
std::optional<double> evaluate_math_answer(const std::string& normalized);

/// True when `answer` matches `gold`: equal normalised text, or both evaluate to numbers within a relative tolerance
/// of 1e-6 (absolute below 1), or both are comma-separated lists (tuples, intervals with matching brackets; bare
/// lists in any order) whose elements match pairwise.
bool math_answers_equal(const std::string& answer, const std::string& gold);

}  // namespace modelsat::data
