// Answer extraction from raw replies: JSON blocks, repaired JSON, a field scan for broken JSON, then \boxed{}.
#include "modelsat/data/reply_answer.h"

#include <cctype>
#include <cstring>
#include <vector>

namespace modelsat::data {
namespace {

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// [start, end] of every top-level balanced `{...}` block, in order (braces counted as the text shows them).
std::vector<std::pair<size_t, size_t>> brace_blocks(const std::string& s) {
  std::vector<std::pair<size_t, size_t>> blocks;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{') {
      if (depth++ == 0) start = i;
    } else if (s[i] == '}' && depth > 0) {
      if (--depth == 0) blocks.emplace_back(start, i);
    }
  }
  return blocks;
}

/// Makes near-JSON valid: escapes raw control characters inside strings, doubles backslashes that start a LaTeX
/// command or an invalid escape, and drops trailing commas before `}` or `]`.
std::string repair_json(const std::string& s) {
  std::string out;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!in_string) {
      if (c == '"') in_string = true;
      if (c == ',') {
        size_t j = i + 1;
        while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
        if (j < s.size() && (s[j] == '}' || s[j] == ']')) continue;
      }
      out += c;
      continue;
    }
    if (c == '"') {
      in_string = false;
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else if (c == '\\') {
      const char next = i + 1 < s.size() ? s[i + 1] : '\0';
      const char after = i + 2 < s.size() ? s[i + 2] : '\0';
      const bool hex4 = next == 'u' && i + 5 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 2])) &&
                        std::isxdigit(static_cast<unsigned char>(s[i + 3])) &&
                        std::isxdigit(static_cast<unsigned char>(s[i + 4])) &&
                        std::isxdigit(static_cast<unsigned char>(s[i + 5]));
      const bool simple = next == '"' || next == '\\' || next == '/';
      const bool control = next != '\0' && std::strchr("bfnrt", next) && !std::isalpha(static_cast<unsigned char>(after));
      if (simple || control || hex4) {
        out += c;
        out += next;
        ++i;
      } else {
        out += "\\\\";
      }
    } else {
      out += c;
    }
  }
  return out;
}

/// The prompt's own template value (`"answer": "___"`), which some models echo before their real answer.
bool is_placeholder(const std::string& text) {
  return !text.empty() && text.find_first_not_of("_ ") == std::string::npos;
}

bool answer_from_json(const std::string& block, ExtractionMethod method, ReplyAnswer& result) {
  const nlohmann::json parsed = nlohmann::json::parse(block, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return false;
  const auto it = parsed.find("answer");
  if (it == parsed.end() || (it->is_string() && is_placeholder(it->get<std::string>()))) return false;
  result.method = method;
  result.json_value = *it;
  result.text = it->is_string() ? it->get<std::string>() : it->dump();
  return true;
}

/// Index just past the quote that closes a value starting at `open` (the opening quote): the first unescaped quote
/// followed, after blanks, by `,`, `}`, a line break, a code fence or the end. npos when there is none.
size_t closing_quote(const std::string& s, size_t open) {
  const char quote = s[open];
  for (size_t i = open + 1; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
      continue;
    }
    if (s[i] != quote) continue;
    size_t j = i + 1;
    while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
    if (j == s.size() || s[j] == ',' || s[j] == '}' || s[j] == '\n' || s[j] == '\r' || s[j] == '`') return i;
  }
  return std::string::npos;
}

/// Index of the bracket closing the one at `open` (quote-aware), or npos.
size_t closing_bracket(const std::string& s, size_t open) {
  int depth = 0;
  char quote = 0;
  for (size_t i = open; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') quote = c;
    else if (c == '[' || c == '(' || c == '{') ++depth;
    else if ((c == ']' || c == ')' || c == '}') && --depth == 0) return i;
  }
  return std::string::npos;
}

std::string unescape_scanned(const std::string& raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size() && std::strchr("\"'\\/", raw[i + 1])) {
      out += raw[++i];
      continue;
    }
    out += raw[i];
  }
  return out;
}

std::string trim_value(std::string v) {
  const char* strip = " \t\r\n*`";
  const size_t first = v.find_first_not_of(strip);
  if (first == std::string::npos) return "";
  v = v.substr(first, v.find_last_not_of(strip) - first + 1);
  while (!v.empty() && (v.back() == '.' || v.back() == ',')) v.pop_back();
  return v;
}

/// Reads the value that starts at `pos` (after the key's colon); nullopt when there is none. A quoted value may be
/// empty (`""`). `prose` values end at the line's end only.
std::optional<std::string> read_value(const std::string& s, size_t pos, bool prose) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '*')) ++pos;
  if (pos >= s.size()) return std::nullopt;
  const char c = s[pos];
  if (c == '"' || c == '\'') {
    const size_t close = closing_quote(s, pos);
    if (close != std::string::npos) return unescape_scanned(s.substr(pos + 1, close - pos - 1));
  }
  if (c == '[' || c == '(' || c == '{') {
    const size_t close = closing_bracket(s, pos);
    if (close != std::string::npos) return s.substr(pos, close - pos + 1);
  }
  size_t end = pos;
  while (end < s.size() && s[end] != '\n' && (prose || (s[end] != ',' && s[end] != '}'))) ++end;
  std::string value = trim_value(s.substr(pos, end - pos));
  if (value.empty()) return std::nullopt;
  return value;
}

/// Position just past the colon after `key` at `at`, or npos when no colon follows.
size_t after_colon(const std::string& s, size_t at) {
  size_t j = at;
  while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '*')) ++j;
  return j < s.size() && s[j] == ':' ? j + 1 : std::string::npos;
}

bool scan_answer_field(const std::string& s, ReplyAnswer& result) {
  for (const char* key : {"\"answer\"", "'answer'"}) {
    for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + 1)) {
      const size_t value = after_colon(s, at + std::strlen(key));
      if (value == std::string::npos) continue;
      const std::optional<std::string> text = read_value(s, value, false);
      if (!text || is_placeholder(*text)) continue;
      result.text = *text;
      result.method = ExtractionMethod::FieldScan;
      return true;
    }
  }
  std::string lower = s;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t at = lower.rfind("answer"); at != std::string::npos; at = at == 0 ? std::string::npos : lower.rfind("answer", at - 1)) {
    if ((at > 0 && is_word_char(lower[at - 1])) || is_word_char(at + 6 < lower.size() ? lower[at + 6] : ' ')) continue;
    const size_t value = after_colon(s, at + 6);
    if (value == std::string::npos) continue;
    const std::optional<std::string> text = read_value(s, value, true);
    if (!text || is_placeholder(*text)) continue;
    result.text = *text;
    result.method = ExtractionMethod::FieldScan;
    return true;
  }
  return false;
}

bool last_boxed(const std::string& s, ReplyAnswer& result) {
  const size_t at = s.rfind("\\boxed{");
  if (at == std::string::npos) return false;
  const size_t open = at + 6;
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '{') ++depth;
    else if (s[i] == '}' && --depth == 0) {
      result.text = s.substr(open + 1, i - open - 1);
      result.method = ExtractionMethod::Boxed;
      return !result.text.empty();
    }
  }
  return false;
}

}  // namespace

const char* extraction_method_name(ExtractionMethod method) {
  switch (method) {
    case ExtractionMethod::Json: return "json";
    case ExtractionMethod::RepairedJson: return "repaired-json";
    case ExtractionMethod::FieldScan: return "field-scan";
    case ExtractionMethod::Boxed: return "boxed";
    default: return "none";
  }
}

ReplyAnswer extract_reply_answer(const std::string& reply) {
  ReplyAnswer result;
  for (const auto& [start, end] : brace_blocks(reply)) {
    const std::string block = reply.substr(start, end - start + 1);
    if (answer_from_json(block, ExtractionMethod::Json, result)) return result;
    if (answer_from_json(repair_json(block), ExtractionMethod::RepairedJson, result)) return result;
  }
  if (scan_answer_field(reply, result)) return result;
  if (last_boxed(reply, result)) return result;
  return ReplyAnswer{};
}

}  // namespace modelsat::data
