// MATH answer normalisation (LaTeX clean-up, units, fractions) and numeric/list equivalence.
#include "modelsat/data/math_answer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace modelsat::data {
namespace {

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

/// Index of the brace closing the one at `open`, or npos.
size_t matching_brace(const std::string& s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '{') ++depth;
    else if (s[i] == '}' && --depth == 0) return i;
  }
  return std::string::npos;
}

std::string last_boxed_content(const std::string& s) {
  for (const char* command : {"\\boxed{", "\\fbox{"}) {
    const size_t at = s.rfind(command);
    if (at == std::string::npos) continue;
    const size_t open = at + std::strlen(command) - 1;
    const size_t close = matching_brace(s, open);
    if (close != std::string::npos) return s.substr(open + 1, close - open - 1);
  }
  return s;
}

/// JSON decoding turns `\frac`, `\times`, `\boxed`, `\right`, `\neq` into control characters; put the commands back.
std::string restore_control_characters(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool letter_follows = i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i + 1]));
    if (c == '\f') out += "\\f";
    else if (c == '\t') out += "\\t";
    else if (c == '\b') out += "\\b";
    else if (c == '\r') out += "\\r";
    else if (c == '\v') out += "\\v";
    else if (c == '\n' && letter_follows) out += "\\n";
    else out += c;
  }
  return out;
}

void unwrap_command(std::string& s, const std::string& command) {
  for (size_t at = s.find(command + "{"); at != std::string::npos; at = s.find(command + "{", at)) {
    const size_t open = at + command.size();
    const size_t close = matching_brace(s, open);
    if (close == std::string::npos) return;
    s = s.substr(0, at) + s.substr(open + 1, close - open - 1) + s.substr(close + 1);
  }
}

/// `\frac12` -> `\frac{1}{2}`, `\frac1{2}` -> `\frac{1}{2}`, `\sqrt2` -> `\sqrt{2}`.
void brace_single_arguments(std::string& s, const std::string& command, int arguments) {
  for (size_t at = s.find(command); at != std::string::npos; at = s.find(command, at + 1)) {
    size_t pos = at + command.size();
    for (int a = 0; a < arguments && pos < s.size(); ++a) {
      if (s[pos] == '{') {
        const size_t close = matching_brace(s, pos);
        if (close == std::string::npos) return;
        pos = close + 1;
      } else if (std::isalnum(static_cast<unsigned char>(s[pos]))) {
        s.insert(pos + 1, "}");
        s.insert(pos, "{");
        pos += 3;
      }
    }
  }
}

bool is_unit_word(const std::string& word) {
  static const char* const kUnits[] = {
      "units", "unit", "degrees", "degree", "cm", "m", "km", "mm", "meters", "meter", "inches", "inch", "feet", "foot",
      "ft", "yards", "miles", "mile", "mph", "dollars", "dollar", "cents", "cent", "seconds", "second", "minutes",
      "minute", "hours", "hour", "days", "day", "kg", "g", "grams", "pounds", "square", "sq", "cubic", "ways",
      "people", "students", "times", "percent", "points", "integers", "numbers", "terms", "digits"};
  for (const char* unit : kUnits)
    if (word == unit) return true;
  return false;
}

/// Drops trailing words that are units ("12 cm", "5 square units").
std::string drop_trailing_units(std::string s) {
  while (true) {
    size_t end = s.find_last_not_of(' ');
    if (end == std::string::npos) return s;
    size_t start = end;
    while (start > 0 && std::isalpha(static_cast<unsigned char>(s[start - 1]))) --start;
    if (start == 0 || s[start - 1] != ' ' || !is_unit_word(s.substr(start, end - start + 1))) return s.substr(0, end + 1);
    s = s.substr(0, start - 1);
  }
}

bool is_grouped_thousands(const std::string& s) {
  size_t i = s[0] == '-' ? 1 : 0;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (digits == 0 || digits > 3 || i == s.size() || s[i] != ',') return false;
  while (i < s.size() && s[i] == ',') {
    for (int k = 1; k <= 3; ++k)
      if (i + k >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i + k]))) return false;
    i += 4;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  }
  return i == s.size();
}

/// `x = 5` -> `5` when the left side is a short variable name.
std::string drop_variable_assignment(const std::string& s) {
  const size_t eq = s.find('=');
  if (eq == std::string::npos || s.find('=', eq + 1) != std::string::npos) return s;
  std::string lhs;
  for (char c : s.substr(0, eq))
    if (c != ' ') lhs += c;
  if (lhs.empty() || lhs.size() > 2 || !std::isalpha(static_cast<unsigned char>(lhs[0]))) return s;
  return s.substr(eq + 1);
}

class Evaluator {
 public:
  explicit Evaluator(const std::string& s) : s_(s) {}
  std::optional<double> run() {
    std::optional<double> v = expr();
    if (!v || pos_ != s_.size() || !std::isfinite(*v)) return std::nullopt;
    return v;
  }

 private:
  const std::string& s_;
  size_t pos_ = 0;
  int depth_ = 0;

  bool eat(const char* token) {
    const size_t n = std::strlen(token);
    if (s_.compare(pos_, n, token) != 0) return false;
    pos_ += n;
    return true;
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }

  std::optional<double> expr() {
    if (++depth_ > 100) return std::nullopt;
    std::optional<double> v = term();
    while (v && (peek() == '+' || peek() == '-')) {
      const char op = s_[pos_++];
      const std::optional<double> rhs = term();
      if (!rhs) return std::nullopt;
      v = op == '+' ? *v + *rhs : *v - *rhs;
    }
    --depth_;
    return v;
  }

  bool starts_factor() const {
    const char c = peek();
    return c == '(' || c == '{' || c == '\\' || std::isdigit(static_cast<unsigned char>(c)) || c == 'p';
  }

  std::optional<double> term() {
    std::optional<double> v = factor();
    while (v) {
      if (eat("*") || eat("\\cdot") || eat("\\times")) {
        const std::optional<double> rhs = factor();
        if (!rhs) return std::nullopt;
        v = *v * *rhs;
      } else if (eat("/") || eat("\\div")) {
        const std::optional<double> rhs = factor();
        if (!rhs) return std::nullopt;
        v = *v / *rhs;
      } else if (starts_factor()) {
        const std::optional<double> rhs = factor();
        if (!rhs) return std::nullopt;
        v = *v * *rhs;
      } else {
        break;
      }
    }
    return v;
  }

  std::optional<double> factor() {
    if (eat("-")) {
      const std::optional<double> v = factor();
      return v ? std::optional<double>(-*v) : std::nullopt;
    }
    if (eat("+")) return factor();
    std::optional<double> base = primary();
    if (base && eat("^")) {
      const std::optional<double> exponent = factor();
      if (!exponent) return std::nullopt;
      return std::pow(*base, *exponent);
    }
    return base;
  }

  std::optional<double> grouped(char open, char close) {
    if (peek() != open) return std::nullopt;
    ++pos_;
    const std::optional<double> v = expr();
    if (!v || peek() != close) return std::nullopt;
    ++pos_;
    return v;
  }

  std::optional<double> primary() {
    const char c = peek();
    if (c == '(') return grouped('(', ')');
    if (c == '{') return grouped('{', '}');
    if (eat("\\frac")) {
      const std::optional<double> numerator = grouped('{', '}');
      const std::optional<double> denominator = numerator ? grouped('{', '}') : std::nullopt;
      if (!denominator) return std::nullopt;
      return *numerator / *denominator;
    }
    if (eat("\\sqrt")) {
      double index = 2;
      if (peek() == '[') {
        const std::optional<double> n = grouped('[', ']');
        if (!n) return std::nullopt;
        index = *n;
      }
      const std::optional<double> radicand = grouped('{', '}');
      if (!radicand) return std::nullopt;
      return std::pow(*radicand, 1.0 / index);
    }
    if (eat("\\pi") || eat("pi")) return M_PI;
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const size_t start = pos_;
      while (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '.') ++pos_;
      const std::string number = s_.substr(start, pos_ - start);
      char* end = nullptr;
      const double v = std::strtod(number.c_str(), &end);
      if (end != number.c_str() + number.size()) return std::nullopt;
      return v;
    }
    return std::nullopt;
  }
};

/// Splits at top-level commas; `open`/`close` receive the outer brackets when the whole text is one bracketed group.
std::vector<std::string> split_list(const std::string& s, char& open, char& close) {
  open = close = 0;
  std::string body = s;
  if (s.size() >= 2 && std::strchr("([{", s.front()) && std::strchr(")]}", s.back())) {
    int depth = 0;
    bool encloses = true;
    for (size_t i = 0; i + 1 < s.size() && encloses; ++i) {
      if (std::strchr("([{", s[i])) ++depth;
      else if (std::strchr(")]}", s[i])) --depth;
      encloses = depth > 0;
    }
    if (encloses) {
      open = s.front();
      close = s.back();
      body = s.substr(1, s.size() - 2);
    }
  }
  std::vector<std::string> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    if (std::strchr("([{", body[i])) ++depth;
    else if (std::strchr(")]}", body[i])) --depth;
    else if (body[i] == ',' && depth == 0) {
      parts.push_back(body.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(body.substr(start));
  return parts;
}

bool scalars_equal(const std::string& a, const std::string& b) {
  if (a == b) return true;
  const std::optional<double> x = evaluate_math_answer(a);
  const std::optional<double> y = evaluate_math_answer(b);
  return x && y && std::fabs(*x - *y) <= 1e-6 * std::max(1.0, std::fabs(*y));
}

}  // namespace

std::string normalize_math_answer(const std::string& answer) {
  std::string s = last_boxed_content(restore_control_characters(answer));
  for (const char* command : {"\\text", "\\textbf", "\\mathrm", "\\mbox", "\\mathbf"}) unwrap_command(s, command);
  for (const char* drop : {"\\left", "\\right", "\\displaystyle", "\\!", "\\,", "\\;", "\\:", "\\ ", "\\$", "$",
                           "\\(", "\\)", "\\[", "\\]", "^{\\circ}", "^\\circ", "\xC2\xB0", "\\degree", "\\%", "%"})
    replace_all(s, drop, "");
  replace_all(s, "\\dfrac", "\\frac");
  replace_all(s, "\\tfrac", "\\frac");
  replace_all(s, "~", " ");
  s = drop_trailing_units(drop_variable_assignment(s));
  std::string compact;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  while (!compact.empty() && compact.back() == '.') compact.pop_back();
  if (!compact.empty() && is_grouped_thousands(compact)) compact.erase(std::remove(compact.begin(), compact.end(), ','), compact.end());
  brace_single_arguments(compact, "\\frac", 2);
  brace_single_arguments(compact, "\\sqrt", 1);
  for (size_t at = compact.find("_{"); at != std::string::npos; at = compact.find("_{", at + 1)) {
    const size_t close = matching_brace(compact, at + 1);
    if (close == at + 3) compact = compact.substr(0, at + 1) + compact[at + 2] + compact.substr(close + 1);
  }
  return compact;
}

std::optional<double> evaluate_math_answer(const std::string& normalized) {
  if (normalized.empty()) return std::nullopt;
  return Evaluator(normalized).run();
}

bool math_answers_equal(const std::string& answer, const std::string& gold) {
  const std::string a = normalize_math_answer(answer);
  const std::string b = normalize_math_answer(gold);
  if (a.empty() || b.empty()) return false;
  if (scalars_equal(a, b)) return true;
  char open_a = 0, close_a = 0, open_b = 0, close_b = 0;
  std::vector<std::string> xs = split_list(a, open_a, close_a);
  std::vector<std::string> ys = split_list(b, open_b, close_b);
  if (xs.size() != ys.size() || (xs.size() == 1 && open_a == open_b)) return false;
  if (open_a != open_b || close_a != close_b) return false;
  if (open_a == 0) {  // a bare list of solutions: any order
    std::vector<bool> used(ys.size(), false);
    for (const std::string& x : xs) {
      bool matched = false;
      for (size_t j = 0; j < ys.size() && !matched; ++j)
        if (!used[j] && scalars_equal(x, ys[j])) used[j] = matched = true;
      if (!matched) return false;
    }
    return true;
  }
  for (size_t i = 0; i < xs.size(); ++i)
    if (!scalars_equal(xs[i], ys[i])) return false;
  return true;
}

}  // namespace modelsat::data
