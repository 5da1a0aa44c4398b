// Number and text formatting shared by the report's tables and plots.
#include "format.h"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace modelsat::report {

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text = buffer;
  if (text.size() > 1 && text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

std::string percent(double fraction) { return fixed(100.0 * fraction, 1); }

std::string signed_points(double fraction) {
  const std::string text = fixed(100.0 * fraction, 1);
  return text[0] == '-' ? text : "+" + text;
}

std::string percent_with_ci(double mean, double low, double high) {
  return percent(mean) + " [" + percent(low) + ", " + percent(high) + "]";
}

std::string points_with_ci(double difference, double low, double high) {
  return signed_points(difference) + " [" + signed_points(low) + ", " + signed_points(high) + "]";
}

std::string p_value(double p) { return p < 0.0005 ? "<0.001" : fixed(p, 3); }

std::string significant3(double value) {
  if (value == 0.0 || !std::isfinite(value)) return fixed(value, 0);
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  return fixed(value, magnitude >= 2 ? 0 : 2 - magnitude);
}

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_escape(const std::string& text) {
  const auto word_character = [&](size_t i) { return i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])); };
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      const bool intraword_underscore = c == '_' && i > 0 && word_character(i - 1) && word_character(i + 1);
      if (c == '\\' || c == '|' || c == '*' || c == '`' || (c == '_' && !intraword_underscore)) out += '\\';
      out += c;
    }
  }
  return out;
}

}  // namespace modelsat::report
