// ZeroEval's extraction (first JSON block, regex chain) and its crux/math rules, for the agreement report.
#include "modelsat/data/zeroeval_reference_rule.h"

#include "modelsat/data/python_literal.h"

#include <cstdio>
#include <cstdlib>
#include <regex>

namespace modelsat::data {
namespace {

std::string python_str(const ReplyAnswer& answer) {
  if (answer.json_value && !answer.json_value->is_string()) return python_repr(python_value_from_json(*answer.json_value));
  return answer.text;
}

std::string strip_quotes(const std::string& s) {
  const size_t first = s.find_first_not_of("'\"");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of("'\"") - first + 1);
}

std::string sanitize(std::string s) {
  std::string out;
  for (char c : s)
    if (c != '$' && c != ',') out += c;
  static const std::regex fraction(R"(\s*(-?\d+(\.\d+)?)\s*/\s*(-?\d+(\.\d+)?)\s*)");
  std::smatch m;
  if (std::regex_match(out, m, fraction)) {
    const double denominator = std::strtod(m[3].str().c_str(), nullptr);
    if (denominator != 0) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", std::strtod(m[1].str().c_str(), nullptr) / denominator);
      return buf;
    }
  }
  return out;
}

bool first_number(const std::string& s, double& value) {
  static const std::regex number(R"(-?\d+(\.\d+)?)");
  std::smatch m;
  if (!std::regex_search(s, m, number)) return false;
  value = std::strtod(m[0].str().c_str(), nullptr);
  return true;
}

std::string first_block(const std::string& s) {
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{') {
      if (depth++ == 0) start = i;
    } else if (s[i] == '}' && depth > 0 && --depth == 0) {
      return s.substr(start, i - start + 1);
    }
  }
  return "";
}

}  // namespace

ReplyAnswer zeroeval_extract(const std::string& model, const std::string& reply) {
  ReplyAnswer result;
  std::string block;
  for (char c : first_block(reply))
    if (c != '\n') block += c;
  if (!block.empty()) {
    const nlohmann::json parsed = nlohmann::json::parse(block, nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object() && parsed.contains("answer")) {
      result.method = ExtractionMethod::Json;
      result.json_value = parsed["answer"];
      result.text = parsed["answer"].is_string() ? parsed["answer"].get<std::string>() : parsed["answer"].dump();
      return result;
    }
  }
  static const std::regex patterns[] = {std::regex(R"re("answer"\s*:\s*"([^"]*?)")re"),
                                        std::regex(R"re("answer"\s*:\s*"([\s\S]*?)")re"),
                                        std::regex(R"re("answer"\s*:\s*([^,\s]*))re"),
                                        std::regex(R"re(answer\s*:\s*([^,\s]*))re")};
  std::smatch m;
  for (const std::regex& pattern : patterns)
    if (std::regex_search(reply, m, pattern)) {
      result.method = ExtractionMethod::FieldScan;
      result.text = m[1].str();
      return result;
    }
  static const std::regex boxed(R"(\\boxed\{(\w+)\})");
  if (model.find("Llama-3.1") != std::string::npos && std::regex_search(reply, m, boxed)) {
    result.method = ExtractionMethod::Boxed;
    result.text = m[1].str();
  }
  return result;
}

bool zeroeval_crux_rule(const ReplyAnswer& answer, const std::string& gold) {
  if (!answer.found()) return false;
  std::string model;
  for (char c : strip_quotes(python_str(answer))) model += c == '\n' ? std::string("\\n") : std::string(1, c);
  const std::string expected = strip_quotes(gold);
  return !model.empty() && !expected.empty() && model == expected;
}

bool zeroeval_math_rule(const ReplyAnswer& answer, const std::string& gold) {
  if (!answer.found()) return false;
  std::string cleaned_gold;
  for (char c : gold)
    if (c != '#') cleaned_gold += c;
  double x = 0, y = 0;
  return first_number(sanitize(python_str(answer)), x) && first_number(sanitize(cleaned_gold), y) && x == y;
}

}  // namespace modelsat::data
