// The routing-decision plots: share of decisions per model per router, and accuracy per incremental release step.
#include <algorithm>
#include <functional>
#include <set>

#include "chart_frame.h"
#include "charts.h"
#include "format.h"

namespace modelsat::report {
namespace {

std::string percent_label(double value) { return fixed(value * 100, 0); }

/// Every model named in any router's shares: the zoo's order first, then the others in first-seen order.
std::vector<std::string> share_models(const ReportData& data) {
  std::vector<std::string> models;
  std::set<std::string> seen;
  for (const auto& model : data.zoo.models)
    if (seen.insert(model).second) models.push_back(model);
  for (const auto& router : data.routers)
    for (const auto& entry : router.selection_share)
      if (seen.insert(entry.first).second) models.push_back(entry.first);
  return models;
}

}  // namespace

std::optional<Plot> selection_share_plot(const ReportData& data) {
  std::vector<const RouterResult*> rows;
  double widest = 0;
  for (const auto& router : data.routers) {
    if (router.selection_share.empty()) continue;
    rows.push_back(&router);
    widest = std::max(widest, text_width(router.label(), 11));
  }
  if (rows.empty()) return std::nullopt;
  const std::vector<std::string> models = share_models(data);
  std::vector<LegendEntry> legend;
  for (size_t m = 0; m < models.size(); ++m) legend.push_back({models[m], palette_colour(m), LegendMark::swatch});
  constexpr double row = 24, bar = 16;
  const PlotArea area{widest + 20, 36, 420, row * static_cast<double>(rows.size())};
  SvgCanvas canvas = titled_canvas(area.right() + 24 + legend_width(legend),
                                   std::max(area.bottom() + 48, area.top + legend_height(legend)),
                                   "Share of routing decisions per model");
  const LinearScale x{0, 1, area.left, area.right()};
  draw_x_axis(canvas, area, x, nice_ticks(0, 1, 5).values, percent_label, "share of decisions (%)");
  for (size_t r = 0; r < rows.size(); ++r) {
    const double top = area.top + row * static_cast<double>(r) + (row - bar) / 2;
    canvas.text(area.left - 8, top + bar / 2 + 4, rows[r]->label(), {11, Anchor::end});
    double start = 0;
    for (const auto& [model, share] : rows[r]->selection_share) {
      const size_t colour = static_cast<size_t>(std::find(models.begin(), models.end(), model) - models.begin());
      canvas.rect(x(start), top, x(start + share) - x(start), bar, palette_colour(colour), "segment",
                  rows[r]->id + " -> " + model + ": " + percent(share) + "%");
      if (share >= 0.08)
        canvas.text(x(start + share / 2), top + bar / 2 + 4, percent(share), {9, Anchor::middle, "#ffffff"});
      start += share;
    }
  }
  draw_legend(canvas, area.right() + 24, area.top, legend);
  return Plot{"selection", "Share of all routing decisions (pooled over seeds) that went to each model.",
              canvas.document()};
}

std::optional<Plot> timeline_plot(const ReportData& data) {
  if (data.timeline.empty()) return std::nullopt;
  const std::vector<std::string> ids = timeline_router_ids(data);
  double low = 1, high = 0;
  for (const auto& step : data.timeline) {
    for (const auto& entry : step.routers) low = std::min(low, entry.second), high = std::max(high, entry.second);
    for (const auto& reference : {step.best_single, step.oracle})
      if (reference) low = std::min(low, *reference), high = std::max(high, *reference);
  }
  std::vector<LegendEntry> legend;
  for (size_t i = 0; i < ids.size(); ++i) legend.push_back({ids[i], palette_colour(i), LegendMark::line});
  legend.push_back({"best single", "#2ca02c", LegendMark::dashed_line});
  legend.push_back({"oracle", "#9467bd", LegendMark::dashed_line});
  double widest_newcomer = 0;
  for (const auto& step : data.timeline) widest_newcomer = std::max(widest_newcomer, text_width(step.newcomer, 9));
  const PlotArea area{64, 36, std::max(240.0, 60.0 * static_cast<double>(data.timeline.size())), 260};
  SvgCanvas canvas =
      titled_canvas(area.right() + 24 + legend_width(legend),
                    std::max(area.bottom() + 52 + widest_newcomer * 0.71, area.top + legend_height(legend)),
                    "Incremental release: accuracy after each newcomer joins the zoo");
  const Ticks y_ticks = nice_ticks(low, high, 6);
  const double last = static_cast<double>(data.timeline.size() - 1);
  const LinearScale x{-0.5, last + 0.5, area.left, area.right()};
  const LinearScale y{y_ticks.low, y_ticks.high, area.bottom(), area.top};
  draw_y_axis(canvas, area, y, y_ticks.values, percent_label, "test accuracy (%)");
  canvas.line(area.left, area.bottom(), area.right(), area.bottom(), {"#333333", 1, ""});
  for (size_t s = 0; s < data.timeline.size(); ++s) {
    const double px = x(static_cast<double>(s));
    canvas.text(px, area.bottom() + 16, fixed(data.timeline[s].step, 0), {10, Anchor::middle});
    canvas.text(px, area.bottom() + 30, data.timeline[s].newcomer, {9, Anchor::end, "#555555", false, -45});
  }
  auto draw_series = [&](const std::function<std::optional<double>(const TimelineStep&)>& value, const Stroke& stroke) {
    std::vector<Point> pixels;
    for (size_t s = 0; s < data.timeline.size(); ++s)
      if (const auto v = value(data.timeline[s])) pixels.emplace_back(x(static_cast<double>(s)), y(*v));
    canvas.polyline(pixels, stroke);
    for (const auto& [px, py] : pixels) canvas.circle(px, py, 2.5, stroke.colour);
  };
  draw_series([](const TimelineStep& step) { return step.best_single; }, {"#2ca02c", 1.5, "5 3"});
  draw_series([](const TimelineStep& step) { return step.oracle; }, {"#9467bd", 1.5, "5 3"});
  for (size_t i = 0; i < ids.size(); ++i) {
    draw_series(
        [&](const TimelineStep& step) -> std::optional<double> {
          const auto found = step.routers.find(ids[i]);
          return found == step.routers.end() ? std::nullopt : std::optional<double>(found->second);
        },
        {palette_colour(i), 2, ""});
  }
  draw_legend(canvas, area.right() + 24, area.top, legend);
  return Plot{"timeline",
              "Incremental release: test accuracy after each step (the newcomer is named under the step), "
              "without retraining the routers.",
              canvas.document()};
}

}  // namespace modelsat::report
