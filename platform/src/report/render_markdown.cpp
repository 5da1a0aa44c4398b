// Renders a report Document as GitHub-flavoured Markdown that references the plots as plots/<name>.svg.
#include "document.h"
#include "format.h"

namespace modelsat::report {
namespace {

std::string markdown_table(const Table& table) {
  std::string header = "|", rule = "|";
  for (size_t c = 0; c < table.header.size(); ++c) {
    header += " " + markdown_escape(table.header[c]) + " |";
    rule += table.numeric[c] ? " ---: |" : " --- |";
  }
  std::string out = header + "\n" + rule + "\n";
  for (const auto& row : table.rows) {
    out += "|";
    for (const auto& cell : row) out += " " + markdown_escape(cell) + " |";
    out += "\n";
  }
  return out;
}

}  // namespace

std::string render_markdown(const Document& document) {
  std::string out = "# " + markdown_escape(document.title) + "\n\n";
  for (const auto& [label, value] : document.facts)
    out += "- **" + markdown_escape(label) + "**: " + markdown_escape(value) + "\n";
  for (const auto& section : document.sections) {
    out += "\n## " + markdown_escape(section.heading) + "\n\n";
    if (section.table) out += markdown_table(*section.table) + "\n";
    for (const auto& note : section.notes) out += markdown_escape(note) + "\n\n";
    if (section.plot)
      out += "![" + markdown_escape(section.plot->caption) + "](plots/" + section.plot->name + ".svg)\n\n";
  }
  return out;
}

}  // namespace modelsat::report
