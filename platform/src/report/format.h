// Number and text formatting shared by the report's tables and plots.
#pragma once

#include <string>

namespace modelsat::report {

/// A fraction as a percentage with one decimal: 0.4731 -> "47.3".
std::string percent(double fraction);
/// A fraction difference as signed percentage points with one decimal: 0.012 -> "+1.2", -0.004 -> "-0.4".
std::string signed_points(double fraction);
/// "47.3 [45.1, 49.2]" (percentages).
std::string percent_with_ci(double mean, double low, double high);
/// "+1.0 [-0.4, +2.0]" (signed percentage points).
std::string points_with_ci(double difference, double low, double high);
/// Three decimals; values below 0.001 read "<0.001".
std::string p_value(double p);
/// Three significant digits without exponent: 0.69 -> "0.690", 12.34 -> "12.3", 1234 -> "1234".
std::string significant3(double value);
/// Fixed decimals, never "-0.0".
std::string fixed(double value, int decimals);

/// Escapes & < > " ' for XML and HTML text and attributes.
std::string xml_escape(const std::string& text);
/// Escapes what GitHub-flavoured Markdown would interpret inside a table cell or paragraph (| * ` \, HTML
/// characters, underscores at word edges); intraword underscores and brackets stay readable.
std::string markdown_escape(const std::string& text);

}  // namespace modelsat::report
