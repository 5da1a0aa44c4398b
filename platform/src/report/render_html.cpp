// Renders a report Document as one self-contained HTML page: inline CSS and inline SVG plots, no scripts.
#include "document.h"
#include "format.h"

namespace modelsat::report {
namespace {

const char* kStyle =
    R"(body{font-family:Helvetica,Arial,sans-serif;color:#222;margin:2em auto;max-width:1200px;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}th,td{border:1px solid #ddd;padding:.3em .6em}
th{background:#f4f6f8;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody tr:nth-child(even){background:#fafafa}p.note{color:#555;font-size:.9em;max-width:60em}
figure{margin:1em 0;overflow-x:auto}figcaption{color:#555;font-size:.9em}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
dt{font-weight:bold}dd{margin:0})";

std::string html_table(const Table& table) {
  std::string out = "<table>\n<thead><tr>";
  for (const auto& heading : table.header) out += "<th>" + xml_escape(heading) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (size_t c = 0; c < row.size(); ++c)
      out += std::string(c < table.numeric.size() && table.numeric[c] ? "<td class=\"num\">" : "<td>") +
             xml_escape(row[c]) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

}  // namespace

std::string render_html(const Document& document) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                    xml_escape(document.title) + "</title>\n<style>\n" + kStyle + "\n</style>\n</head>\n<body>\n<h1>" +
                    xml_escape(document.title) + "</h1>\n<dl class=\"facts\">\n";
  for (const auto& [label, value] : document.facts)
    out += "<dt>" + xml_escape(label) + "</dt><dd>" + xml_escape(value) + "</dd>\n";
  out += "</dl>\n";
  for (const auto& section : document.sections) {
    out += "<section>\n<h2>" + xml_escape(section.heading) + "</h2>\n";
    if (section.table) out += html_table(*section.table);
    for (const auto& note : section.notes) out += "<p class=\"note\">" + xml_escape(note) + "</p>\n";
    if (section.plot)
      out += "<figure>\n" + section.plot->svg + "<figcaption>" + xml_escape(section.plot->caption) +
             "</figcaption>\n</figure>\n";
    out += "</section>\n";
  }
  return out + "</body>\n</html>\n";
}

}  // namespace modelsat::report
