// Keyword and code-feature rules that give each ZeroEval question a subtopic (CRUXEval by code, MATH by keywords).
#include "modelsat/data/zeroeval_topics.h"

#include <cctype>
#include <regex>

namespace modelsat::data {

std::string crux_topic(const std::string& question) {
  static const std::regex call(R"(assert f\(([\s\S]*)\) == \?\?)");
  static const std::regex loop(R"(\b(for|while)\b)");
  std::smatch match;
  std::string argument;
  if (std::regex_search(question, match, call)) argument = match[1].str();
  const size_t first = argument.find_first_not_of(" \t\n");
  const char c = first == std::string::npos ? '\0' : argument[first];
  const size_t code_start = question.find("[PYTHON]");
  const std::string code = code_start == std::string::npos ? question : question.substr(code_start);
  const std::string shape = std::regex_search(code, loop) ? "-loop" : "-straight";
  if (c == '\'' || c == '"') return "crux-str" + shape;
  if (c == '[') return "crux-list" + shape;
  if (c == '{') return "crux-dict";
  return "crux-other";
}

std::string math_topic(const std::string& problem) {
  std::string text = problem;
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  static const std::pair<const char*, std::regex> kRules[] = {
      {"math-counting",
       std::regex(R"(probab|how many ways|arrange|committee|\\binom|choose|dice|die |coin|select|permutation)")},
      {"math-number-theory",
       std::regex(R"(remainder|divisib|divisor|prime|base |_\{?\d+\}?|digit|gcd|lcm|greatest common|least common|modulo|\\pmod|factors|integer n)")},
      {"math-precalculus",
       std::regex(R"(\\sin|\\cos|\\tan|matri|vector|\\begin\{pmatrix|polar|\\theta|rectangular coordinates|complex number)")},
      {"math-geometry",
       std::regex(R"(triangle|circle|angle|square|area|perimeter|radius|polygon|hexagon|rectangle|volume|cube|sphere|cylinder|cone|trapezoid|diagram|\[asy\])")},
      {"math-intermediate-algebra",
       std::regex(R"(polynomial|roots|\\log|inequalit|real numbers|function|f\(x\)|sequence|ellipse|hyperbola|parabola|maximum|minimum|sum)")},
  };
  for (const auto& [topic, rule] : kRules)
    if (std::regex_search(text, rule)) return topic;
  return "math-algebra";
}

}  // namespace modelsat::data
