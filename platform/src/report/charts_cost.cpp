// The cost plots: accuracy vs cost (sweeps, hulls, single models) and two-model accuracy vs strong-call share.
#include <algorithm>

#include "chart_frame.h"
#include "charts.h"
#include "format.h"

namespace modelsat::report {
namespace {

const PlotArea kArea{64, 36, 420, 280};

std::string percent_label(double value) { return fixed(value * 100, 0); }

struct Bounds {
  double low = 1e300;
  double high = -1e300;
  void add(double value) { low = std::min(low, value), high = std::max(high, value); }
};

std::vector<Point> to_pixels(const std::vector<CostAccuracy>& values, const LinearScale& x, const LinearScale& y) {
  std::vector<Point> out;
  for (const auto& value : values) out.emplace_back(x(value.cost), y(value.accuracy));
  return out;
}

}  // namespace

std::optional<Plot> cost_accuracy_plot(const ReportData& data) {
  Bounds cost, accuracy;
  std::vector<const RouterResult*> swept;
  for (const auto& router : data.routers) {
    if (!router.cost_sweep || (router.cost_sweep->points.empty() && router.cost_sweep->hull.empty())) continue;
    swept.push_back(&router);
    for (const auto& v : router.cost_sweep->points) cost.add(v.cost), accuracy.add(v.accuracy);
    for (const auto& v : router.cost_sweep->hull) cost.add(v.cost), accuracy.add(v.accuracy);
  }
  std::vector<std::pair<std::string, CostAccuracy>> singles;
  for (const auto& model : data.zoo.models) {
    const auto model_cost = data.zoo.costs.find(model);
    const auto model_accuracy = data.zoo.model_accuracy.find(model);
    if (model_cost == data.zoo.costs.end() || model_accuracy == data.zoo.model_accuracy.end()) continue;
    singles.push_back({model, {model_cost->second, model_accuracy->second}});
    cost.add(model_cost->second), accuracy.add(model_accuracy->second);
  }
  if (swept.empty() && singles.empty()) return std::nullopt;
  const Ticks x_ticks = nice_ticks(std::min(0.0, cost.low), cost.high, 6);
  const Ticks y_ticks = nice_ticks(accuracy.low, accuracy.high, 6);
  std::vector<LegendEntry> legend;
  for (size_t i = 0; i < swept.size(); ++i) {
    const auto& aiq = swept[i]->cost_sweep->aiq;
    legend.push_back(
        {swept[i]->label() + (aiq ? " (AIQ " + percent(*aiq) + ")" : ""), palette_colour(i), LegendMark::line});
  }
  if (!singles.empty()) legend.push_back({"single model", "#000000", LegendMark::point});
  SvgCanvas canvas = titled_canvas(kArea.right() + 24 + legend_width(legend),
                                   std::max(kArea.bottom() + 48, kArea.top + legend_height(legend)),
                                   "Accuracy vs cost: cost sweeps and cost-quality hulls");
  const LinearScale x{x_ticks.low, x_ticks.high, kArea.left, kArea.right()};
  const LinearScale y{y_ticks.low, y_ticks.high, kArea.bottom(), kArea.top};
  draw_x_axis(canvas, kArea, x, x_ticks.values, plain_number, "average cost per question");
  draw_y_axis(canvas, kArea, y, y_ticks.values, percent_label, "test accuracy (%)");
  for (size_t i = 0; i < swept.size(); ++i) {
    const CostSweep& sweep = *swept[i]->cost_sweep;
    canvas.polyline(to_pixels(sweep.hull, x, y), {palette_colour(i), 2, ""});
    canvas.polyline(to_pixels(sweep.points, x, y), {palette_colour(i), 1, "2 3"});
    for (const auto& point : sweep.points)
      canvas.circle(x(point.cost), y(point.accuracy), 3, palette_colour(i),
                    swept[i]->id + ": cost " + significant3(point.cost) + ", accuracy " + percent(point.accuracy));
  }
  for (const auto& [model, value] : singles) {
    canvas.circle(x(value.cost), y(value.accuracy), 4, "#000000",
                  model + ": cost " + significant3(value.cost) + ", accuracy " + percent(value.accuracy));
    canvas.text(x(value.cost) + 6, y(value.accuracy) - 6, model, {10});
  }
  draw_legend(canvas, kArea.right() + 24, kArea.top, legend);
  return Plot{"cost",
              "Accuracy vs average cost: each router's cost-aware sweep (dots, dotted) and its cost-quality "
              "hull (solid), with every single model; AIQ is the normalised area under the hull.",
              canvas.document()};
}

std::optional<Plot> two_model_plot(const ReportData& data) {
  if (data.zoo.models.size() != 2) return std::nullopt;
  std::vector<const RouterResult*> curves;
  Bounds accuracy;
  for (const auto& router : data.routers) {
    if (!router.two_model || router.two_model->curve.empty()) continue;
    curves.push_back(&router);
    for (const auto& point : router.two_model->curve) accuracy.add(point.second);
  }
  if (curves.empty()) return std::nullopt;
  std::vector<LegendEntry> legend;
  for (size_t i = 0; i < curves.size(); ++i) {
    const TwoModelCurve& two = *curves[i]->two_model;
    std::string label = curves[i]->label() + " (";
    label += two.apgr ? "APGR " + fixed(*two.apgr, 3) : "APGR -";
    label += two.cpt50 ? ", CPT50 " + percent(*two.cpt50) + "%" : "";
    label += two.cpt80 ? ", CPT80 " + percent(*two.cpt80) + "%" : "";
    legend.push_back({label + ")", palette_colour(i), LegendMark::line});
  }
  std::vector<std::pair<double, std::string>> references;
  const TwoModelCurve& first = *curves.front()->two_model;
  const std::vector<std::pair<std::string, std::string>> roles = {{"weak", first.weak}, {"strong", first.strong}};
  for (const auto& [role, model] : roles) {
    const auto found = data.zoo.model_accuracy.find(model);
    if (found == data.zoo.model_accuracy.end()) continue;
    accuracy.add(found->second);
    references.push_back({found->second, role + ": " + model + " " + percent(found->second)});
    legend.push_back({references.back().second, role == "weak" ? "#7f7f7f" : "#000000", LegendMark::dashed_line});
  }
  const Ticks y_ticks = nice_ticks(accuracy.low, accuracy.high, 6);
  SvgCanvas canvas = titled_canvas(kArea.right() + 24 + legend_width(legend),
                                   std::max(kArea.bottom() + 48, kArea.top + legend_height(legend)),
                                   "Two-model routing: accuracy vs share of calls to the strong model");
  const LinearScale x{0, 1, kArea.left, kArea.right()};
  const LinearScale y{y_ticks.low, y_ticks.high, kArea.bottom(), kArea.top};
  draw_x_axis(canvas, kArea, x, nice_ticks(0, 1, 5).values, percent_label, "calls to the strong model (%)");
  draw_y_axis(canvas, kArea, y, y_ticks.values, percent_label, "test accuracy (%)");
  for (size_t i = 0; i < references.size(); ++i)
    canvas.line(kArea.left, y(references[i].first), kArea.right(), y(references[i].first),
                {legend[curves.size() + i].colour, 1.5, "5 3"});
  for (size_t i = 0; i < curves.size(); ++i) {
    std::vector<Point> pixels;
    for (const auto& [share, value] : curves[i]->two_model->curve) pixels.emplace_back(x(share), y(value));
    canvas.polyline(pixels, {palette_colour(i), 2, ""});
  }
  draw_legend(canvas, kArea.right() + 24, kArea.top, legend);
  return Plot{"two_model",
              "Two-model zoo: accuracy as the threshold policy sends more calls to the strong model; "
              "APGR = area above the weak model relative to the gap, CPT(x%) = calls needed for x% of the gap.",
              canvas.document()};
}

}  // namespace modelsat::report
