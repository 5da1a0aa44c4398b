// The report's plots, each built from the ReportData as one standalone SVG document.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report_data.h"

namespace modelsat::report {

struct Plot {
  std::string name;     ///< file stem: plots/<name>.svg
  std::string caption;  ///< one sentence shown under the plot
  std::string svg;      ///< the whole SVG document
};

/// Horizontal accuracy bars with 95% CI whiskers and vertical random / best single / oracle lines.
Plot accuracy_bars_plot(const ReportData& data);
/// Routers x categories heat map with values in the cells; none when no router has per-category accuracy.
std::optional<Plot> category_heatmap_plot(const ReportData& data);
/// Cost sweep points and hulls per router plus each single model; none without sweeps or model costs.
std::optional<Plot> cost_accuracy_plot(const ReportData& data);
/// One stacked bar per router: the share of routing decisions per model; none without selection shares.
std::optional<Plot> selection_share_plot(const ReportData& data);
/// Two-model zoos: accuracy vs strong-call share per router; none otherwise.
std::optional<Plot> two_model_plot(const ReportData& data);
/// Incremental release: accuracy per step per router; none without a timeline.
std::optional<Plot> timeline_plot(const ReportData& data);

}  // namespace modelsat::report
