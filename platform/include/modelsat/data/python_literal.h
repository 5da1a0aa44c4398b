// Python literal values (CRUXEval answers): a parser for Python's literal syntax and equality with Python's semantics.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace modelsat::data {

/// One Python value built from a literal. Only the fields of its kind are meaningful.
struct PyValue {
  enum class Kind { None, Bool, Int, Float, Str, Bytes, List, Tuple, Set, Dict };
  Kind kind = Kind::None;
  bool boolean = false;        ///< Bool
  std::string text;            ///< Int: canonical decimal ("-12", "0"); Str: UTF-8 content; Bytes: raw bytes
  double number = 0;           ///< Float
  std::vector<PyValue> items;  ///< List/Tuple/Set: elements in order; Dict: key0, value0, key1, value1, ...
};

/// Parses `text` (surrounding whitespace allowed) as exactly one Python literal: None, True, False, integers (any
/// size, `_` separators, 0x/0o/0b), floats (inf/nan only through no syntax: Python has no literal for them), strings
/// and bytes with prefixes r/b/u/rb/br, single/double/triple quotes and Python's escapes, lists, tuples (`(1,)`,
/// `()`), sets (`{1, 2}`, and `set()` as Python's repr of the empty set), dicts (duplicate keys: the last wins),
/// unary minus/plus on numbers, adjacent string literals concatenated. Returns nullopt when `text` is anything else
/// (an expression, a call, trailing text): a model's answer that is not a literal is not an error.
std::optional<PyValue> parse_python_literal(const std::string& text);

/// The Python value of a parsed JSON value: arrays become lists, objects dicts with str keys, true/false/null
/// become True/False/None, integers Int, other numbers Float, strings Str.
PyValue python_value_from_json(const nlohmann::json& value);

/// Python's `a == b`: True == 1 == 1.0, lists and tuples never equal each other, sets and dicts ignore order,
/// str never equals bytes.
bool python_equal(const PyValue& a, const PyValue& b);

/// Python's repr of a value (floats in the shortest text that reads back, `1.0` not `1`; str/bytes in single quotes).
std::string python_repr(const PyValue& value);

}  // namespace modelsat::data
