// The report as format-neutral content (facts, sections with tables, notes and plots), rendered to Markdown or HTML.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "charts.h"
#include "report_data.h"

namespace modelsat::report {

/// A table of plain-text cells (the renderers escape them); numeric columns are right-aligned.
struct Table {
  std::vector<std::string> header;
  std::vector<bool> numeric;
  std::vector<std::vector<std::string>> rows;
};

struct Section {
  std::string heading;
  std::vector<std::string> notes;  ///< plain-text paragraphs after the table
  std::optional<Table> table;
  std::optional<Plot> plot;
};

struct Document {
  std::string title;
  std::vector<std::pair<std::string, std::string>> facts;  ///< header lines: label, value
  std::vector<Section> sections;
};

/// The tables of the report, one per section.
Table reference_table(const ReportData& data);
std::optional<Table> zoo_table(const ReportData& data);
Table router_table(const ReportData& data);
std::optional<Table> category_table(const ReportData& data);
std::optional<Table> cost_table(const ReportData& data);
std::optional<Table> selection_table(const ReportData& data);
std::optional<Table> two_model_table(const ReportData& data);
std::optional<Table> new_models_table(const ReportData& data);
std::optional<Table> timeline_table(const ReportData& data);

/// Assembles the header facts and every section the data supports, with the plots placed in their sections.
Document build_document(const ReportData& data);

/// Renders a document; plots are referenced as plots/<name>.svg (Markdown) or inlined (HTML).
std::string render_markdown(const Document& document);
std::string render_html(const Document& document);

}  // namespace modelsat::report
