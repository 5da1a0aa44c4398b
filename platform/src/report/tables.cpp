// The report's tables as plain-text cells: reference points, zoo, routers, categories, cost, decisions, timeline.
#include <set>

#include "document.h"
#include "format.h"

namespace modelsat::report {
namespace {

const char* kNone = "-";

std::string optional_cell(const std::optional<double>& value, std::string (*format)(double)) {
  return value ? format(*value) : kNone;
}

std::string percent_or_none(const std::map<std::string, double>& values, const std::string& key) {
  const auto found = values.find(key);
  return found == values.end() ? kNone : percent(found->second);
}

std::string paired_cell(const RouterResult& router) {
  if (!router.vs_best_single) return kNone;
  const PairedDifference& paired = *router.vs_best_single;
  return points_with_ci(paired.difference, paired.ci95.low, paired.ci95.high) + (paired.excludes_zero() ? " *" : "");
}

}  // namespace

Table reference_table(const ReportData& data) {
  const ZooInfo& zoo = data.zoo;
  Table table{{"reference", "model", "test accuracy %"}, {false, false, true}, {}};
  table.rows.push_back({"random pick", kNone, percent(zoo.random)});
  std::string best = percent(zoo.best_single.accuracy);
  if (zoo.best_single.train_accuracy) best += " (train " + percent(*zoo.best_single.train_accuracy) + ")";
  table.rows.push_back({"best single (chosen on train)", zoo.best_single.model, best});
  if (zoo.best_single_in_hindsight)
    table.rows.push_back({"best single in hindsight (chosen on test)", zoo.best_single_in_hindsight->model,
                          percent(zoo.best_single_in_hindsight->accuracy)});
  table.rows.push_back({"oracle", kNone, percent(zoo.oracle)});
  return table;
}

std::optional<Table> zoo_table(const ReportData& data) {
  const ZooInfo& zoo = data.zoo;
  if (zoo.model_accuracy.empty() && zoo.costs.empty()) return std::nullopt;
  const std::set<std::string> unseen(zoo.unseen_models.begin(), zoo.unseen_models.end());
  Table table{{"model", "test accuracy %", "cost", "unseen in training"}, {false, true, true, false}, {}};
  for (const auto& model : zoo.models) {
    const auto cost = zoo.costs.find(model);
    table.rows.push_back({model, percent_or_none(zoo.model_accuracy, model),
                          cost == zoo.costs.end() ? kNone : significant3(cost->second),
                          unseen.count(model) ? "yes" : ""});
  }
  return table;
}

Table router_table(const ReportData& data) {
  Table table{{"router", "plugin", "accuracy % [95% CI]", "imp_max (pp)", "imp_random (pp)", "oracle_gap (pp)",
               "vs best single (pp) [95% CI]", "p", "avg_cost", "entropy (bits)", "fit s", "score s"},
              {false, false, true, true, true, true, true, true, true, true, true, true},
              {}};
  for (const auto& router : data.routers) {
    const auto& paired = router.vs_best_single;
    table.rows.push_back({router.label(), router.plugin,
                          percent_with_ci(router.accuracy, router.ci95.low, router.ci95.high),
                          signed_points(router.imp_max), signed_points(router.imp_random),
                          fixed(100 * router.oracle_gap, 1), paired_cell(router),
                          paired && paired->p_value ? p_value(*paired->p_value) : kNone, significant3(router.avg_cost),
                          fixed(router.selection_entropy, 2), optional_cell(router.fit_seconds_median, significant3),
                          optional_cell(router.score_seconds_median, significant3)});
  }
  return table;
}

std::optional<Table> category_table(const ReportData& data) {
  const std::vector<std::string> categories = report_categories(data);
  Table table{{"router"}, {false}, {}};
  for (const auto& category : categories) table.header.push_back(category), table.numeric.push_back(true);
  for (const auto& router : data.routers) {
    if (router.per_category.empty()) continue;
    std::vector<std::string> row = {router.label()};
    for (const auto& category : categories) row.push_back(percent_or_none(router.per_category, category));
    table.rows.push_back(row);
  }
  if (table.rows.empty() || categories.empty()) return std::nullopt;
  return table;
}

std::optional<Table> cost_table(const ReportData& data) {
  Table table{{"router", "AIQ %", "sweep points", "cheapest point", "most accurate point"},
              {false, true, true, true, true},
              {}};
  for (const auto& router : data.routers) {
    if (!router.cost_sweep) continue;
    const auto& points = router.cost_sweep->points;
    std::string cheapest = kNone, most_accurate = kNone;
    if (!points.empty()) {
      const CostAccuracy* low = &points.front();
      const CostAccuracy* best = &points.front();
      for (const auto& point : points) {
        if (point.cost < low->cost) low = &point;
        if (point.accuracy > best->accuracy) best = &point;
      }
      cheapest = significant3(low->cost) + " → " + percent(low->accuracy);
      most_accurate = significant3(best->cost) + " → " + percent(best->accuracy);
    }
    table.rows.push_back({router.label(), optional_cell(router.cost_sweep->aiq, percent), std::to_string(points.size()),
                          cheapest, most_accurate});
  }
  if (table.rows.empty()) return std::nullopt;
  return table;
}

std::optional<Table> selection_table(const ReportData& data) {
  std::vector<std::string> models = data.zoo.models;
  Table table{{"router"}, {false}, {}};
  for (const auto& model : models) table.header.push_back(model + " %"), table.numeric.push_back(true);
  for (const auto& router : data.routers) {
    if (router.selection_share.empty()) continue;
    const std::map<std::string, double> shares(router.selection_share.begin(), router.selection_share.end());
    std::vector<std::string> row = {router.label()};
    for (const auto& model : models) row.push_back(percent_or_none(shares, model));
    table.rows.push_back(row);
  }
  if (table.rows.empty() || models.empty()) return std::nullopt;
  return table;
}

std::optional<Table> two_model_table(const ReportData& data) {
  Table table{
      {"router", "strong", "weak", "APGR", "CPT(50%) %", "CPT(80%) %"}, {false, false, false, true, true, true}, {}};
  for (const auto& router : data.routers) {
    if (!router.two_model) continue;
    const TwoModelCurve& two = *router.two_model;
    table.rows.push_back({router.label(), two.strong, two.weak, two.apgr ? fixed(*two.apgr, 3) : kNone,
                          optional_cell(two.cpt50, percent), optional_cell(two.cpt80, percent)});
  }
  if (table.rows.empty()) return std::nullopt;
  return table;
}

std::optional<Table> new_models_table(const ReportData& data) {
  Table table{{"router", "accuracy % with them", "accuracy % without them", "gain (pp) [95% CI]", "p",
               "decisions to them %"},
              {false, true, true, true, true, true},
              {}};
  for (const auto& router : data.routers) {
    if (!router.new_models) continue;
    const NewModelsResult& added = *router.new_models;
    table.rows.push_back({router.label(), percent(router.accuracy), percent(added.accuracy_without),
                          points_with_ci(added.gain.difference, added.gain.ci95.low, added.gain.ci95.high) +
                              (added.gain.excludes_zero() ? " *" : ""),
                          optional_cell(added.gain.p_value, p_value), percent(added.share)});
  }
  if (table.rows.empty()) return std::nullopt;
  return table;
}

std::optional<Table> timeline_table(const ReportData& data) {
  if (data.timeline.empty()) return std::nullopt;
  const std::vector<std::string> ids = timeline_router_ids(data);
  Table table{{"step", "newcomer", "zoo size"}, {true, false, true}, {}};
  for (const auto& id : ids) table.header.push_back(id), table.numeric.push_back(true);
  table.header.insert(table.header.end(), {"best single", "oracle"});
  table.numeric.insert(table.numeric.end(), {true, true});
  for (const auto& step : data.timeline) {
    std::vector<std::string> row = {fixed(step.step, 0), step.newcomer, std::to_string(step.zoo.size())};
    for (const auto& id : ids) row.push_back(percent_or_none(step.routers, id));
    row.push_back(optional_cell(step.best_single, percent));
    row.push_back(optional_cell(step.oracle, percent));
    table.rows.push_back(row);
  }
  return table;
}

}  // namespace modelsat::report
