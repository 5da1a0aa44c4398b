// Python literal parsing: a recursive-descent parser over the literal subset (numbers, strings, bytes, containers).
#include "modelsat/data/python_literal.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace modelsat::data {
namespace {

using Kind = PyValue::Kind;

void append_utf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

/// Canonical decimal text of an integer given as digits in `base` (no sign, no separators); empty when too long
/// for exact conversion in a non-decimal base.
std::string canonical_integer(const std::string& digits, int base, bool negative) {
  std::string decimal;
  if (base == 10) {
    size_t first = digits.find_first_not_of('0');
    decimal = first == std::string::npos ? "0" : digits.substr(first);
  } else {
    if (digits.size() > 15) return "";
    decimal = std::to_string(std::strtoull(digits.c_str(), nullptr, base));
  }
  return (negative && decimal != "0" ? "-" : "") + decimal;
}

class LiteralParser {
 public:
  explicit LiteralParser(const std::string& text) : s_(text) {}

  std::optional<PyValue> parse_all() {
    std::optional<PyValue> value = parse_value();
    skip_space();
    if (!value || pos_ != s_.size()) return std::nullopt;
    return value;
  }

 private:
  const std::string& s_;
  size_t pos_ = 0;
  int depth_ = 0;

  bool at_end() const { return pos_ >= s_.size(); }
  char peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  void skip_space() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool consume(char c) {
    skip_space();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  bool consume_word(const char* word) {
    const std::string w = word;
    if (s_.compare(pos_, w.size(), w) != 0) return false;
    const char next = peek(w.size());
    if (std::isalnum(static_cast<unsigned char>(next)) || next == '_') return false;
    pos_ += w.size();
    return true;
  }

  std::optional<PyValue> parse_value() {
    if (++depth_ > 200) return std::nullopt;
    std::optional<PyValue> value = parse_value_inner();
    --depth_;
    return value;
  }

  std::optional<PyValue> parse_value_inner() {
    skip_space();
    if (at_end()) return std::nullopt;
    const char c = peek();
    if (c == '[') return parse_sequence(']', Kind::List);
    if (c == '(') return parse_parenthesised();
    if (c == '{') return parse_braces();
    if (c == '-' || c == '+') {
      ++pos_;
      std::optional<PyValue> operand = parse_value();
      if (!operand) return std::nullopt;
      return negate_if(*operand, c == '-');
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && std::isdigit(static_cast<unsigned char>(peek(1)))))
      return parse_number();
    if (consume_word("None")) return PyValue{};
    const bool is_true = consume_word("True");
    if (is_true || consume_word("False")) {
      PyValue v;
      v.kind = Kind::Bool;
      v.boolean = is_true;
      return v;
    }
    if (consume_word("set")) {
      if (!consume('(') || !consume(')')) return std::nullopt;
      PyValue v;
      v.kind = Kind::Set;
      return v;
    }
    return parse_strings();
  }

  static std::optional<PyValue> negate_if(PyValue v, bool negative) {
    if (v.kind == Kind::Bool) {
      v.kind = Kind::Int;
      v.text = v.boolean ? "1" : "0";
    }
    if (v.kind != Kind::Int && v.kind != Kind::Float) return std::nullopt;
    if (!negative) return v;
    if (v.kind == Kind::Float) {
      v.number = -v.number;
    } else if (v.text != "0") {
      v.text = v.text[0] == '-' ? v.text.substr(1) : "-" + v.text;
    }
    return v;
  }

  std::optional<PyValue> parse_number() {
    const size_t start = pos_;
    PyValue v;
    if (peek() == '0' && std::strchr("xXoObB", peek(1)) && peek(1) != '\0') {
      const char marker = static_cast<char>(std::tolower(static_cast<unsigned char>(peek(1))));
      const int base = marker == 'x' ? 16 : marker == 'o' ? 8 : 2;
      pos_ += 2;
      std::string digits;
      while (!at_end() && (std::isxdigit(static_cast<unsigned char>(peek())) || peek() == '_'))
        if (s_[pos_++] != '_') digits += s_[pos_ - 1];
      if (digits.empty()) return std::nullopt;
      for (char d : digits) {
        const int value = std::isdigit(static_cast<unsigned char>(d)) ? d - '0' : std::tolower(d) - 'a' + 10;
        if (value >= base) return std::nullopt;
      }
      v.kind = Kind::Int;
      v.text = canonical_integer(digits, base, false);
      return v.text.empty() ? std::nullopt : std::optional<PyValue>(v);
    }
    std::string digits;
    bool is_float = false;
    while (!at_end()) {
      const char c = peek();
      if (std::isdigit(static_cast<unsigned char>(c))) {
        digits += c;
      } else if (c == '_') {
      } else if (c == '.' && !is_float) {
        is_float = true;
        digits += c;
      } else if ((c == 'e' || c == 'E') && !digits.empty()) {
        is_float = true;
        digits += c;
        if (peek(1) == '+' || peek(1) == '-') {
          ++pos_;
          digits += peek();
        }
      } else {
        break;
      }
      ++pos_;
    }
    if (pos_ == start) return std::nullopt;
    if (is_float) {
      char* end = nullptr;
      v.kind = Kind::Float;
      v.number = std::strtod(digits.c_str(), &end);
      if (end != digits.c_str() + digits.size()) return std::nullopt;
      return v;
    }
    v.kind = Kind::Int;
    v.text = canonical_integer(digits, 10, false);
    return v;
  }

  std::optional<PyValue> parse_parenthesised() {
    ++pos_;  // (
    skip_space();
    if (consume(')')) {
      PyValue v;
      v.kind = Kind::Tuple;
      return v;
    }
    std::optional<PyValue> first = parse_value();
    if (!first) return std::nullopt;
    if (consume(')')) return first;  // a parenthesised value, not a tuple
    if (!consume(',')) return std::nullopt;
    PyValue tuple;
    tuple.kind = Kind::Tuple;
    tuple.items.push_back(std::move(*first));
    while (true) {
      if (consume(')')) return tuple;
      std::optional<PyValue> item = parse_value();
      if (!item) return std::nullopt;
      tuple.items.push_back(std::move(*item));
      if (consume(')')) return tuple;
      if (!consume(',')) return std::nullopt;
    }
  }

  std::optional<PyValue> parse_sequence(char close, Kind kind) {
    ++pos_;  // opening bracket
    PyValue v;
    v.kind = kind;
    while (true) {
      if (consume(close)) return v;
      std::optional<PyValue> item = parse_value();
      if (!item) return std::nullopt;
      v.items.push_back(std::move(*item));
      if (consume(close)) return v;
      if (!consume(',')) return std::nullopt;
    }
  }

  std::optional<PyValue> parse_braces() {
    ++pos_;  // {
    PyValue v;
    v.kind = Kind::Dict;
    if (consume('}')) return v;
    bool is_dict = false;
    bool first = true;
    while (true) {
      std::optional<PyValue> key = parse_value();
      if (!key) return std::nullopt;
      if (first) is_dict = consume(':');
      else if (is_dict && !consume(':')) return std::nullopt;
      first = false;
      if (is_dict) {
        std::optional<PyValue> value = parse_value();
        if (!value) return std::nullopt;
        insert_dict_entry(v, std::move(*key), std::move(*value));
      } else {
        v.kind = Kind::Set;
        v.items.push_back(std::move(*key));
      }
      if (consume('}')) return v;
      if (!consume(',')) return std::nullopt;
      if (consume('}')) return v;
    }
  }

  static void insert_dict_entry(PyValue& dict, PyValue key, PyValue value) {
    for (size_t i = 0; i < dict.items.size(); i += 2)
      if (python_equal(dict.items[i], key)) {
        dict.items[i + 1] = std::move(value);
        return;
      }
    dict.items.push_back(std::move(key));
    dict.items.push_back(std::move(value));
  }

  /// One or more adjacent string (or bytes) literals, concatenated as Python does.
  std::optional<PyValue> parse_strings() {
    std::optional<PyValue> result;
    while (true) {
      skip_space();
      const size_t start = pos_;
      std::optional<PyValue> piece = parse_one_string();
      if (!piece) {
        pos_ = start;
        return result;
      }
      if (!result) {
        result = std::move(piece);
      } else {
        if (result->kind != piece->kind) return std::nullopt;
        result->text += piece->text;
      }
    }
  }

  std::optional<PyValue> parse_one_string() {
    bool raw = false;
    bool bytes = false;
    while (!at_end() && std::strchr("rRbBuU", peek()) && peek() != '\0') {
      const char p = static_cast<char>(std::tolower(static_cast<unsigned char>(peek())));
      raw = raw || p == 'r';
      bytes = bytes || p == 'b';
      ++pos_;
    }
    const char quote = peek();
    if (quote != '\'' && quote != '"') return std::nullopt;
    const bool triple = peek(1) == quote && peek(2) == quote;
    pos_ += triple ? 3 : 1;
    PyValue v;
    v.kind = bytes ? Kind::Bytes : Kind::Str;
    while (true) {
      if (at_end()) return std::nullopt;
      const char c = s_[pos_];
      if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
        pos_ += triple ? 3 : 1;
        return v;
      }
      if (c == '\n' && !triple) return std::nullopt;
      if (c == '\\') {
        if (pos_ + 1 >= s_.size()) return std::nullopt;
        if (raw) {
          v.text += c;
          v.text += s_[pos_ + 1];
          pos_ += 2;
          continue;
        }
        if (!parse_escape(v.text, bytes)) return std::nullopt;
        continue;
      }
      v.text += c;
      ++pos_;
    }
  }

  bool read_hex(size_t count, unsigned long& code) {
    if (pos_ + count > s_.size()) return false;
    const std::string hex = s_.substr(pos_, count);
    for (char h : hex)
      if (!std::isxdigit(static_cast<unsigned char>(h))) return false;
    code = std::strtoul(hex.c_str(), nullptr, 16);
    pos_ += count;
    return true;
  }

  /// At a backslash: appends the escaped character(s); unknown escapes stay as written (Python's rule).
  bool parse_escape(std::string& out, bool bytes) {
    const char e = s_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case '\n': return true;
      case '\\': out += '\\'; return true;
      case '\'': out += '\''; return true;
      case '"': out += '"'; return true;
      case 'a': out += '\a'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'v': out += '\v'; return true;
      default: break;
    }
    unsigned long code = 0;
    if (e == 'x' || (!bytes && (e == 'u' || e == 'U'))) {
      if (!read_hex(e == 'x' ? 2 : e == 'u' ? 4 : 8, code)) return false;
      if (bytes) out += static_cast<char>(code);
      else append_utf8(out, code);
      return true;
    }
    if (e >= '0' && e <= '7') {
      code = static_cast<unsigned long>(e - '0');
      for (int i = 0; i < 2 && peek() >= '0' && peek() <= '7'; ++i) code = code * 8 + static_cast<unsigned long>(s_[pos_++] - '0');
      if (bytes) out += static_cast<char>(code & 0xFF);
      else append_utf8(out, code);
      return true;
    }
    out += '\\';
    out += e;
    return true;
  }
};

}  // namespace

std::optional<PyValue> parse_python_literal(const std::string& text) { return LiteralParser(text).parse_all(); }

}  // namespace modelsat::data
