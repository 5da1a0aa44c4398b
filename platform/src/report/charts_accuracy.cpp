// The accuracy plots: per-router bars with CI whiskers and reference lines, and the per-category heat map.
#include <algorithm>

#include "chart_frame.h"
#include "charts.h"
#include "format.h"

namespace modelsat::report {
namespace {

constexpr double kRow = 24;
constexpr double kBar = 14;
constexpr int kColourSteps = 5;
const char* kSpecialBarColour = "#a0a0a0";

double widest_label(const ReportData& data, double font_size) {
  double widest = 0;
  for (const auto& router : data.routers) widest = std::max(widest, text_width(router.label(), font_size));
  return widest;
}

std::string percent_label(double value) { return fixed(value * 100, 0); }

}  // namespace

Plot accuracy_bars_plot(const ReportData& data) {
  const ZooInfo& zoo = data.zoo;
  double low = std::min({zoo.random, zoo.best_single.accuracy, zoo.oracle});
  double high = std::max({zoo.random, zoo.best_single.accuracy, zoo.oracle});
  for (const auto& router : data.routers) {
    low = std::min({low, router.ci95.low, router.accuracy});
    high = std::max({high, router.ci95.high, router.accuracy});
  }
  const Ticks ticks = nice_ticks(std::max(0.0, low - 0.05 * (high - low)), std::min(1.0, high), 6);
  const std::vector<LegendEntry> legend = {
      {"random " + percent(zoo.random), palette_colour(3), LegendMark::dashed_line},
      {"best single (" + zoo.best_single.model + ") " + percent(zoo.best_single.accuracy), palette_colour(2),
       LegendMark::dashed_line},
      {"oracle " + percent(zoo.oracle), palette_colour(4), LegendMark::dashed_line}};
  const PlotArea area{widest_label(data, 11) + 20, 36, 440,
                      kRow * static_cast<double>(std::max<size_t>(1, data.routers.size()))};
  SvgCanvas canvas =
      titled_canvas(area.right() + 24 + legend_width(legend), std::max(area.bottom() + 48, 36 + legend_height(legend)),
                    "Accuracy per router (95% bootstrap CI)");
  const LinearScale x{ticks.low, ticks.high, area.left, area.right()};
  draw_x_axis(canvas, area, x, ticks.values, percent_label, "test accuracy (%)");
  for (size_t i = 0; i < data.routers.size(); ++i) {
    const RouterResult& router = data.routers[i];
    const double middle = area.top + kRow * (static_cast<double>(i) + 0.5);
    const bool special = router.sees_gold || router.sees_candidate_answers;
    canvas.rect(area.left, middle - kBar / 2, x(router.accuracy) - area.left, kBar,
                special ? kSpecialBarColour : palette_colour(0), "bar",
                router.label() + ": " + percent_with_ci(router.accuracy, router.ci95.low, router.ci95.high));
    const Stroke whisker{"#222222", 1.2, ""};
    canvas.line(x(router.ci95.low), middle, x(router.ci95.high), middle, whisker);
    canvas.line(x(router.ci95.low), middle - 4, x(router.ci95.low), middle + 4, whisker);
    canvas.line(x(router.ci95.high), middle - 4, x(router.ci95.high), middle + 4, whisker);
    canvas.text(area.left - 8, middle + 4, router.label(), {11, Anchor::end});
    canvas.text(x(router.ci95.high) + 5, middle + 4, percent(router.accuracy), {10});
  }
  const std::vector<double> references = {zoo.random, zoo.best_single.accuracy, zoo.oracle};
  for (size_t i = 0; i < references.size(); ++i) {
    const double px = x(references[i]);
    canvas.line(px, area.top - 6, px, area.bottom(), {legend[i].colour, 1.5, "5 3"});
  }
  draw_legend(canvas, area.right() + 24, area.top, legend);
  return {"accuracy",
          "Test accuracy per router with 95% bootstrap confidence intervals; dashed lines: random pick, "
          "best single model (chosen on train), oracle.",
          canvas.document()};
}

std::optional<Plot> category_heatmap_plot(const ReportData& data) {
  std::vector<const RouterResult*> rows;
  for (const auto& router : data.routers)
    if (!router.per_category.empty()) rows.push_back(&router);
  const std::vector<std::string> categories = report_categories(data);
  if (rows.empty() || categories.empty()) return std::nullopt;
  double low = 1, high = 0;
  for (const RouterResult* router : rows)
    for (const auto& entry : router->per_category)
      low = std::min(low, entry.second), high = std::max(high, entry.second);
  double widest_category = 0;
  for (const auto& category : categories) widest_category = std::max(widest_category, text_width(category, 10));
  constexpr double cell_width = 52, cell_height = 24;
  const PlotArea area{widest_label(data, 11) + 20, 40 + widest_category * 0.71, cell_width * categories.size(),
                      cell_height * rows.size()};
  SvgCanvas canvas =
      titled_canvas(std::max(area.right() + 90, area.right() + widest_category * 0.71),
                    std::max(area.bottom() + 20, area.top + 16.0 * kColourSteps + 10), "Accuracy per category (%)");
  for (size_t c = 0; c < categories.size(); ++c) {
    const double x = area.left + cell_width * (static_cast<double>(c) + 0.5);
    canvas.text(x, area.top - 6, categories[c], {10, Anchor::start, "#222222", false, -45});
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    const double y = area.top + cell_height * static_cast<double>(r);
    canvas.text(area.left - 8, y + cell_height / 2 + 4, rows[r]->label(), {11, Anchor::end});
    for (size_t c = 0; c < categories.size(); ++c) {
      const double x = area.left + cell_width * static_cast<double>(c);
      const auto found = rows[r]->per_category.find(categories[c]);
      if (found == rows[r]->per_category.end()) {
        canvas.rect(x, y, cell_width - 1, cell_height - 1, "#eeeeee", "cell",
                    rows[r]->id + " / " + categories[c] + ": -");
        canvas.text(x + cell_width / 2, y + cell_height / 2 + 4, "-", {10, Anchor::middle, "#777777"});
        continue;
      }
      const double t = high > low ? (found->second - low) / (high - low) : 0.5;
      canvas.rect(x, y, cell_width - 1, cell_height - 1, sequential_colour(t), "cell",
                  rows[r]->id + " / " + categories[c] + ": " + percent(found->second));
      canvas.text(x + cell_width / 2, y + cell_height / 2 + 4, percent(found->second),
                  {10, Anchor::middle, t > 0.55 ? "#ffffff" : "#222222"});
    }
  }
  for (int s = 0; s < kColourSteps; ++s) {
    const double t = static_cast<double>(s) / (kColourSteps - 1);
    const double y = area.top + 16.0 * s;
    canvas.rect(area.right() + 16, y, 14, 14, sequential_colour(t));
    canvas.text(area.right() + 36, y + 11, percent(low + t * (high - low)), {10});
  }
  return Plot{"categories", "Accuracy per test category (pooled over seeds); darker is higher.", canvas.document()};
}

}  // namespace modelsat::report
