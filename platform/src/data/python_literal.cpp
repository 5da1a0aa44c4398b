// Python values: conversion from JSON, equality with Python's == semantics, and repr.
#include "modelsat/data/python_literal.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace modelsat::data {
namespace {

using Kind = PyValue::Kind;

bool is_number(const PyValue& v) { return v.kind == Kind::Bool || v.kind == Kind::Int || v.kind == Kind::Float; }

bool numbers_equal(const PyValue& a, const PyValue& b) {
  auto integer_text = [](const PyValue& v) { return v.kind == Kind::Bool ? std::string(v.boolean ? "1" : "0") : v.text; };
  if (a.kind != Kind::Float && b.kind != Kind::Float) return integer_text(a) == integer_text(b);
  const double x = a.kind == Kind::Float ? a.number : std::strtod(integer_text(a).c_str(), nullptr);
  const double y = b.kind == Kind::Float ? b.number : std::strtod(integer_text(b).c_str(), nullptr);
  return x == y;
}

bool contains(const std::vector<PyValue>& items, const PyValue& value) {
  for (const PyValue& item : items)
    if (python_equal(item, value)) return true;
  return false;
}

std::string quote_string(const std::string& text, const char* prefix) {
  std::string out = prefix;
  out += '\'';
  for (char c : text) {
    if (c == '\\' || c == '\'') out += '\\';
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else out += c;
  }
  return out + '\'';
}

}  // namespace

PyValue python_value_from_json(const nlohmann::json& value) {
  PyValue v;
  if (value.is_null()) return v;
  if (value.is_boolean()) {
    v.kind = Kind::Bool;
    v.boolean = value.get<bool>();
  } else if (value.is_number_integer()) {
    v.kind = Kind::Int;
    v.text = value.is_number_unsigned() ? std::to_string(value.get<uint64_t>()) : std::to_string(value.get<int64_t>());
  } else if (value.is_number()) {
    v.kind = Kind::Float;
    v.number = value.get<double>();
  } else if (value.is_string()) {
    v.kind = Kind::Str;
    v.text = value.get<std::string>();
  } else if (value.is_array()) {
    v.kind = Kind::List;
    for (const auto& item : value) v.items.push_back(python_value_from_json(item));
  } else {
    v.kind = Kind::Dict;
    for (const auto& item : value.items()) {
      PyValue key;
      key.kind = Kind::Str;
      key.text = item.key();
      v.items.push_back(std::move(key));
      v.items.push_back(python_value_from_json(item.value()));
    }
  }
  return v;
}

bool python_equal(const PyValue& a, const PyValue& b) {
  if (is_number(a) && is_number(b)) return numbers_equal(a, b);
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::None: return true;
    case Kind::Str:
    case Kind::Bytes: return a.text == b.text;
    case Kind::List:
    case Kind::Tuple:
      if (a.items.size() != b.items.size()) return false;
      for (size_t i = 0; i < a.items.size(); ++i)
        if (!python_equal(a.items[i], b.items[i])) return false;
      return true;
    case Kind::Set:
      for (const PyValue& item : a.items)
        if (!contains(b.items, item)) return false;
      for (const PyValue& item : b.items)
        if (!contains(a.items, item)) return false;
      return true;
    case Kind::Dict:
      if (a.items.size() != b.items.size()) return false;
      for (size_t i = 0; i < a.items.size(); i += 2) {
        bool found = false;
        for (size_t j = 0; j < b.items.size() && !found; j += 2)
          found = python_equal(a.items[i], b.items[j]) && python_equal(a.items[i + 1], b.items[j + 1]);
        if (!found) return false;
      }
      return true;
    default: return false;
  }
}

std::string python_repr(const PyValue& value) {
  switch (value.kind) {
    case Kind::None: return "None";
    case Kind::Bool: return value.boolean ? "True" : "False";
    case Kind::Int: return value.text;
    case Kind::Float: {
      if (std::isnan(value.number)) return "nan";
      if (std::isinf(value.number)) return value.number > 0 ? "inf" : "-inf";
      char buf[40];
      for (int precision = 1; precision <= 17; ++precision) {  // the shortest text that reads back, as Python prints
        std::snprintf(buf, sizeof buf, "%.*g", precision, value.number);
        if (std::strtod(buf, nullptr) == value.number) break;
      }
      std::string text = buf;
      if (text.find_first_of(".e") == std::string::npos) text += ".0";
      return text;
    }
    case Kind::Str: return quote_string(value.text, "");
    case Kind::Bytes: return quote_string(value.text, "b");
    case Kind::Dict: {
      std::string out = "{";
      for (size_t i = 0; i < value.items.size(); i += 2)
        out += (i ? ", " : "") + python_repr(value.items[i]) + ": " + python_repr(value.items[i + 1]);
      return out + "}";
    }
    default: break;
  }
  if (value.kind == Kind::Set && value.items.empty()) return "set()";
  const char* open = value.kind == Kind::List ? "[" : value.kind == Kind::Tuple ? "(" : "{";
  const char* close = value.kind == Kind::List ? "]" : value.kind == Kind::Tuple ? ")" : "}";
  std::string out = open;
  for (size_t i = 0; i < value.items.size(); ++i) out += (i ? ", " : "") + python_repr(value.items[i]);
  if (value.kind == Kind::Tuple && value.items.size() == 1) out += ",";
  return out + close;
}

}  // namespace modelsat::data
