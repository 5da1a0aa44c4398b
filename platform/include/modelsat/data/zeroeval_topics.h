// Subtopics of the ZeroEval questions (the `source` field), derived from the question text for the aptitude test.
#pragma once

#include <string>

namespace modelsat::data {

/// CRUXEval: the type of the call's first argument in `assert f(ARG, ...) == ??` and whether the function loops:
/// "crux-str-loop", "crux-str-straight", "crux-list-loop", "crux-list-straight", "crux-dict" (dict input, loop or
/// not), "crux-other" (numbers and anything else). Looks only at the question text, never at the gold answer.
std::string crux_topic(const std::string& question);

/// MATH level 5 (no subject field in the data): the first matching keyword rule, in this order:
/// "math-counting" (probability, ways, arrangements, \binom, dice, coins), "math-number-theory" (remainders,
/// divisors, primes, bases, digits, gcd/lcm, modular arithmetic), "math-precalculus" (trigonometry, matrices,
/// vectors, polar and complex numbers), "math-geometry" (triangles, circles, angles, areas, volumes, [asy] figures),
/// "math-intermediate-algebra" (polynomials, roots, logarithms, inequalities, functions, sequences, conics,
/// extrema, sums), else "math-algebra".
std::string math_topic(const std::string& problem);

}  // namespace modelsat::data
