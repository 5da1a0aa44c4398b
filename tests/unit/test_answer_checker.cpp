// The answer checker: Python literals, reply extraction, math normalisation, CRUXEval/MATH grading, ZeroEval's rules.
#include "modelsat/data/answer_checker.h"
#include "modelsat/data/math_answer.h"
#include "modelsat/data/python_literal.h"
#include "modelsat/data/reply_answer.h"
#include "modelsat/data/zeroeval_reference_rule.h"

#include <catch2/catch.hpp>

namespace data = modelsat::data;
using data::Verdict;

namespace {

bool py_equal(const std::string& a, const std::string& b) {
  const auto x = data::parse_python_literal(a);
  const auto y = data::parse_python_literal(b);
  REQUIRE(x);
  REQUIRE(y);
  return data::python_equal(*x, *y);
}

Verdict crux(const std::string& reply, const std::string& gold) { return data::grade_crux_reply(reply, gold).verdict; }
Verdict math(const std::string& reply, const std::string& gold) { return data::grade_math_reply(reply, gold).verdict; }

}  // namespace

TEST_CASE("answer checker: Python literals parse and compare with Python's ==", "[unit]") {
  CHECK(py_equal("[1,2 , 3]", "[1, 2, 3]"));
  CHECK(py_equal("\"abc\"", "'abc'"));
  CHECK(py_equal("'it\\'s'", "\"it's\""));
  CHECK(py_equal("{'b': 2, 'a': 1}", "{'a': 1, 'b': 2}"));
  CHECK(py_equal("{3, 1, 2}", "{1, 2, 3}"));
  CHECK(py_equal("{1: 'x', 1: 'y'}", "{1: 'y'}"));  // duplicate keys: the last wins
  CHECK(py_equal("True", "1"));
  CHECK(py_equal("2.0", "2"));
  CHECK(py_equal("(1,)", "(1, )"));
  CHECK(py_equal("(5)", "5"));  // parentheses, not a tuple
  CHECK(py_equal("-0x10", "-16"));
  CHECK(py_equal("1_000", "1000"));
  CHECK(py_equal("'a' 'b'", "'ab'"));
  CHECK(py_equal("'''x\ny'''", "'x\\ny'"));
  CHECK(py_equal("r'a\\tb'", "'a\\\\tb'"));
  CHECK(py_equal("set()", "set()"));
  CHECK(py_equal("123456789012345678901234567890", "123456789012345678901234567890"));
  CHECK_FALSE(py_equal("[1, 2]", "(1, 2)"));  // list and tuple never equal
  CHECK_FALSE(py_equal("[1, 2]", "[2, 1]"));
  CHECK_FALSE(py_equal("'1'", "1"));
  CHECK_FALSE(py_equal("b'ab'", "'ab'"));
  CHECK_FALSE(py_equal("{}", "set()"));
  CHECK_FALSE(py_equal("123456789012345678901234567890", "123456789012345678901234567891"));
  for (const char* not_literal : {"", "f(3)", "[1, 2", "x", "'abc", "1 + 2", "[1] extra", "{1: }", "'\\x4'"}) {
    INFO(not_literal);
    CHECK_FALSE(data::parse_python_literal(not_literal));
  }
  CHECK(data::python_repr(*data::parse_python_literal("[1.0, (2,), {'a': None}, b'x', set(), 0.1]")) ==
        "[1.0, (2,), {'a': None}, b'x', set(), 0.1]");
  CHECK(data::python_equal(data::python_value_from_json(nlohmann::json::parse(R"([1, "a", true, null, {"k": 2.5}])")),
                           *data::parse_python_literal("[1, 'a', True, None, {'k': 2.5}]")));
}

TEST_CASE("answer checker: the answer is extracted from fenced, trailing-text, broken and prose replies", "[unit]") {
  using data::ExtractionMethod;
  auto extract = [](const std::string& reply) { return data::extract_reply_answer(reply); };
  auto fenced = extract("Sure!\n```json\n{\n  \"reasoning\": \"easy\",\n  \"answer\": \"[1, 2]\"\n}\n```\nHope it helps {ok}.");
  CHECK(fenced.method == ExtractionMethod::Json);
  CHECK(fenced.text == "[1, 2]");
  auto typed = extract(R"({"reasoning": "r", "answer": [1, 2]})");
  REQUIRE(typed.json_value);
  CHECK(typed.json_value->is_array());
  CHECK(typed.text == "[1,2]");
  auto latex = extract("{\"reasoning\": \"we get \\frac{1}{2}\nthen\", \"answer\": \"\\frac{3}{4}\"}");
  CHECK(latex.method == ExtractionMethod::RepairedJson);
  CHECK(latex.text == "\\frac{3}{4}");
  auto trailing_comma = extract("{\"reasoning\": \"r\", \"answer\": \"7\",}");
  CHECK(trailing_comma.method == ExtractionMethod::RepairedJson);
  CHECK(trailing_comma.text == "7");
  auto inner_quotes = extract("{\n \"reasoning\": \"calls f(\"\", \"x\")\",\n \"answer\": \"\"\n}");
  CHECK(inner_quotes.method == ExtractionMethod::FieldScan);
  CHECK(inner_quotes.found());
  CHECK(inner_quotes.text.empty());
  auto single = extract("{'reasoning': 'r', 'answer': 'abc'}");
  CHECK(single.method == ExtractionMethod::FieldScan);
  CHECK(single.text == "abc");
  auto bare = extract("{\"reasoning\": \"it's \"quoted\"\", \"answer\": [('a', 1), ('b', 2)]}");
  CHECK(bare.text == "[('a', 1), ('b', 2)]");
  auto prose = extract("The loop runs twice.\n**Answer:** 42.");
  CHECK(prose.method == ExtractionMethod::FieldScan);
  CHECK(prose.text == "42");
  auto boxed = extract("So the total is $\\boxed{\\frac{7}{2}}$ in the end.");
  CHECK(boxed.method == ExtractionMethod::Boxed);
  CHECK(boxed.text == "\\frac{7}{2}");
  auto echoed = extract("Format:\n{\"reasoning\": \"___\", \"answer\": \"___\"}\nMine:\n{\"reasoning\": \"r\", \"answer\": \"9\"}");
  CHECK(echoed.text == "9");
  CHECK_FALSE(extract("I cannot solve this.").found());
  CHECK_FALSE(extract("{\"reasoning\": \"no final field\"}").found());
  CHECK(std::string(data::extraction_method_name(ExtractionMethod::RepairedJson)) == "repaired-json");
}

TEST_CASE("answer checker: math answers are normalised and compared numerically", "[unit]") {
  CHECK(data::normalize_math_answer("$\\boxed{\\dfrac{1}{2}}$") == "\\frac{1}{2}");
  CHECK(data::normalize_math_answer("\\left( 1, 2 \\right)") == "(1,2)");
  CHECK(data::normalize_math_answer("45^\\circ") == "45");
  CHECK(data::normalize_math_answer("12 \\text{ cm}") == "12");
  CHECK(data::normalize_math_answer("5 square units") == "5");
  CHECK(data::normalize_math_answer("x = 3") == "3");
  CHECK(data::normalize_math_answer("1,000,000") == "1000000");
  CHECK(data::normalize_math_answer("\\frac12") == "\\frac{1}{2}");
  CHECK(data::normalize_math_answer("221_{3}") == "221_3");
  CHECK(data::normalize_math_answer("\frac{3}{4}") == "\\frac{3}{4}");  // a form feed from JSON's "\f"
  CHECK(*data::evaluate_math_answer("2\\sqrt{9}+\\frac{1}{2}") == Approx(6.5));
  CHECK(*data::evaluate_math_answer("-2^2") == Approx(-4));
  CHECK(*data::evaluate_math_answer("\\sqrt[3]{27}") == Approx(3));
  CHECK_FALSE(data::evaluate_math_answer("x+1"));
  CHECK(data::math_answers_equal("1/2", "\\frac{1}{2}"));
  CHECK(data::math_answers_equal("0.5", "\\tfrac12"));
  CHECK(data::math_answers_equal("\\$1,250", "1250"));
  CHECK(data::math_answers_equal("50\\%", "50"));
  CHECK(data::math_answers_equal("30°", "30"));
  CHECK(data::math_answers_equal("3, -2", "-2,3"));  // bare solution lists in any order
  CHECK(data::math_answers_equal("(1, 2)", "\\left(1,2\\right)"));
  CHECK(data::math_answers_equal("-221_3", "-221_{3}"));
  CHECK(data::math_answers_equal("3.0000000001", "3"));
  CHECK_FALSE(data::math_answers_equal("(2, 1)", "(1, 2)"));
  CHECK_FALSE(data::math_answers_equal("[1, 2)", "(1, 2)"));
  CHECK_FALSE(data::math_answers_equal("0.333", "\\frac{1}{3}"));
  CHECK_FALSE(data::math_answers_equal("15", "-15"));
  CHECK_FALSE(data::math_answers_equal("", "0"));
}

TEST_CASE("answer checker: CRUXEval and MATH replies are graded, extraction failures apart", "[unit]") {
  CHECK(crux(R"({"reasoning": "r", "answer": "[\"123\", \"23\"]"})", "['123', '23']") == Verdict::Correct);
  CHECK(crux(R"({"reasoning": "r", "answer": "[ 1,2 ]"})", "[1, 2]") == Verdict::Correct);
  CHECK(crux(R"({"reasoning": "r", "answer": [1, 2]})", "[1, 2]") == Verdict::Correct);
  CHECK(crux(R"({"reasoning": "r", "answer": [1, 2]})", "(1, 2)") == Verdict::Wrong);
  CHECK(crux(R"({"reasoning": "r", "answer": "'hello'"})", "'hello'") == Verdict::Correct);
  CHECK(crux(R"({"reasoning": "r", "answer": "hello"})", "'hello'") == Verdict::Correct);
  CHECK(crux(R"({"reasoning": "r", "answer": "372359"})", "'372359'") == Verdict::Correct);
  CHECK(crux(R"({"reasoning": "r", "answer": 372359})", "'372359'") == Verdict::Wrong);
  CHECK(crux(R"({"reasoning": "r", "answer": "assert f('ab') == 'ba'"})", "'ba'") == Verdict::Correct);
  CHECK(crux(R"({"reasoning": "r", "answer": "'148: b'148''"})", "\"148: b'148'\"") == Verdict::Correct);
  CHECK(crux(R"({"reasoning": "r", "answer": "t\\nZA"})", "'t\\nZA'") == Verdict::Correct);
  CHECK(crux(R"({"reasoning": "r", "answer": "{'a': 1}"})", "{'a': 2}") == Verdict::Wrong);
  CHECK(crux("no json here", "'x'") == Verdict::NoAnswer);
  CHECK(math("```json\n{\"reasoning\": \"...\", \"answer\": \"\\\\boxed{-15}\"}\n```", "-15") == Verdict::Correct);
  CHECK(math(R"({"reasoning": "r", "answer": "x = \\frac{10}{2}"})", "5") == Verdict::Correct);
  CHECK(math(R"({"reasoning": "r", "answer": 18})", "18") == Verdict::Correct);
  CHECK(math(R"({"reasoning": "r", "answer": "17 or 18"})", "18") == Verdict::Wrong);
  CHECK(math("I give up", "3") == Verdict::NoAnswer);
  CHECK(std::string(data::verdict_name(Verdict::NoAnswer)) == "no-answer");
}

TEST_CASE("answer checker: ZeroEval's own rules are re-stated faithfully", "[unit]") {
  auto z = [](const std::string& reply) { return data::zeroeval_extract("some-model", reply); };
  // crux: stripped-string equality, so quote style and spacing inside containers count as wrong
  CHECK(data::zeroeval_crux_rule(z(R"({"answer": "'abc'"})"), "'abc'"));
  CHECK_FALSE(data::zeroeval_crux_rule(z(R"({"answer": "[\"a\"]"})"), "['a']"));
  CHECK(data::zeroeval_crux_rule(z(R"({"answer": ["a"]})"), "['a']"));  // str() of a list prints Python's repr
  CHECK_FALSE(data::zeroeval_crux_rule(z(R"({"answer": ""})"), "''"));
  // the regex fallback stops at the first inner quote
  const auto truncated = z("{\"reasoning\": \"it\\'s\", \"answer\": \"{\\\"l\\\": 1}\"}");
  CHECK(truncated.method == data::ExtractionMethod::FieldScan);
  CHECK(truncated.text == "{\\");
  // math: the first number decides
  CHECK(data::zeroeval_math_rule(z(R"({"answer": "\\frac{1}{2}"})"), "1"));
  CHECK(data::zeroeval_math_rule(z(R"({"answer": "$1,250"})"), "1250"));
  CHECK_FALSE(data::zeroeval_math_rule(z(R"({"answer": "x"})"), "1"));
  CHECK(data::zeroeval_extract("Meta-Llama-3.1-8B", "so \\boxed{36}.").text == "36");
  CHECK_FALSE(data::zeroeval_extract("gpt-4o", "so \\boxed{36}.").found());
}
