// Reads the parts of a metrics.json the report shows into typed values, with pointed errors.
#include "report_data.h"

#include <algorithm>
#include <set>

#include "json_field.h"

namespace modelsat::report {
namespace {

std::optional<double> median(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const size_t middle = sorted.size() / 2;
  return sorted.size() % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

std::map<std::string, double> number_map(const JsonField& field) {
  std::map<std::string, double> out;
  for (const auto& [key, value] : field.optional_members()) out[key] = value.number();
  return out;
}

std::vector<CostAccuracy> cost_points(const JsonField& field) {
  std::vector<CostAccuracy> out;
  for (const auto& item : field.optional_items())
    out.push_back({item.child("cost").number(), item.child("accuracy").number()});
  return out;
}

NamedAccuracy named_accuracy(const JsonField& field) {
  field.require_object();
  return {field.child("model").string(), field.child("accuracy").number(),
          field.child("train_accuracy").optional_number()};
}

ZooInfo read_zoo(const JsonField& zoo) {
  zoo.require_object();
  ZooInfo out;
  out.name = zoo.child("name").string_or("");
  for (const auto& model : zoo.child("models").items()) out.models.push_back(model.string());
  out.unseen_models = zoo.child("unseen_models").optional_strings();
  out.categories = zoo.child("categories").optional_strings();
  const std::vector<double> costs = zoo.child("costs").optional_numbers();
  for (size_t i = 0; i < costs.size() && i < out.models.size(); ++i) out.costs[out.models[i]] = costs[i];
  out.model_accuracy = number_map(zoo.child("model_accuracy"));
  out.random = zoo.child("random").number();
  out.oracle = zoo.child("oracle").number();
  out.best_single = named_accuracy(zoo.child("best_single"));
  if (zoo.child("best_single_in_hindsight").present())
    out.best_single_in_hindsight = named_accuracy(zoo.child("best_single_in_hindsight"));
  const JsonField without_new = zoo.child("without_new_models");
  if (without_new.present()) out.oracle_without_new = without_new.child("oracle").number();
  return out;
}

std::vector<std::pair<std::string, double>> ordered_shares(const JsonField& field,
                                                           const std::vector<std::string>& models) {
  std::map<std::string, double> shares = number_map(field);
  std::vector<std::pair<std::string, double>> out;
  for (const auto& model : models) {
    const auto found = shares.find(model);
    if (found == shares.end()) continue;
    out.push_back(*found);
    shares.erase(found);
  }
  out.insert(out.end(), shares.begin(), shares.end());
  return out;
}

std::optional<CostSweep> read_cost_sweep(const JsonField& field) {
  if (!field.present()) return std::nullopt;
  field.require_object();
  return CostSweep{cost_points(field.child("points")), cost_points(field.child("hull")),
                   field.child("aiq").optional_number()};
}

std::optional<TwoModelCurve> read_two_model(const JsonField& field) {
  if (!field.present()) return std::nullopt;
  field.require_object();
  TwoModelCurve out{field.child("strong").string(),         field.child("weak").string(),
                    field.child("apgr").optional_number(),  field.child("cpt50").optional_number(),
                    field.child("cpt80").optional_number(), {}};
  for (const auto& item : field.child("curve").optional_items())
    out.curve.emplace_back(item.child("strong_share").number(), item.child("accuracy").number());
  return out;
}

std::optional<NewModelsResult> read_new_models(const JsonField& field) {
  if (!field.present()) return std::nullopt;
  field.require_object();
  const JsonField gain = field.child("gain");
  gain.require_object();
  const auto bounds = gain.child("ci95").interval();
  return NewModelsResult{field.child("share").number(), field.child("accuracy_without").child("mean").number(),
                         {gain.child("difference").number(), {bounds.first, bounds.second},
                          gain.child("p_value").optional_number()}};
}

RouterResult read_router(const std::string& id, const JsonField& router, const std::vector<std::string>& models) {
  router.require_object();
  RouterResult out;
  out.id = id;
  out.plugin = router.child("plugin").string();
  const JsonField caps = router.child("caps");
  out.sees_gold = caps.child("sees_gold").boolean_or(false);
  out.sees_candidate_answers = caps.child("sees_candidate_answers").boolean_or(false);
  const JsonField accuracy = router.child("accuracy");
  accuracy.require_object();
  out.accuracy = accuracy.child("mean").number();
  const auto ci = accuracy.child("ci95").interval();
  out.ci95 = {ci.first, ci.second};
  out.imp_max = router.child("imp_max").number();
  out.imp_random = router.child("imp_random").number();
  out.oracle_gap = router.child("oracle_gap").number();
  out.selection_entropy = router.child("selection_entropy").number();
  out.avg_cost = router.child("avg_cost").number();
  const JsonField paired = router.child("vs_best_single");
  if (paired.present()) {
    paired.require_object();
    const auto bounds = paired.child("ci95").interval();
    out.vs_best_single = PairedDifference{
        paired.child("difference").number(), {bounds.first, bounds.second}, paired.child("p_value").optional_number()};
  }
  out.selection_share = ordered_shares(router.child("selection_share"), models);
  out.per_category = number_map(router.child("per_category"));
  out.cost_sweep = read_cost_sweep(router.child("cost_sweep"));
  out.two_model = read_two_model(router.child("two_model"));
  out.new_models = read_new_models(router.child("new_models"));
  out.fit_seconds_median = median(router.child("fit_seconds").optional_numbers());
  out.score_seconds_median = median(router.child("score_seconds").optional_numbers());
  return out;
}

TimelineStep read_step(const JsonField& step) {
  step.require_object();
  return {step.child("step").number(),
          step.child("newcomer").string_or(""),
          step.child("zoo").optional_strings(),
          number_map(step.child("routers")),
          step.child("best_single").optional_number(),
          step.child("oracle").optional_number()};
}

}  // namespace

std::string RouterResult::label() const {
  if (sees_gold) return id + " (oracle)";
  if (sees_candidate_answers) return id + " (post-generation)";
  return id;
}

std::vector<std::string> report_categories(const ReportData& data) {
  std::vector<std::string> categories = data.zoo.categories;
  std::set<std::string> seen(categories.begin(), categories.end());
  for (const auto& router : data.routers)
    for (const auto& entry : router.per_category)
      if (seen.insert(entry.first).second) categories.push_back(entry.first);
  return categories;
}

std::vector<std::string> timeline_router_ids(const ReportData& data) {
  std::set<std::string> in_timeline;
  for (const auto& step : data.timeline)
    for (const auto& entry : step.routers) in_timeline.insert(entry.first);
  std::vector<std::string> ids;
  for (const auto& router : data.routers)
    if (in_timeline.erase(router.id) > 0) ids.push_back(router.id);
  ids.insert(ids.end(), in_timeline.begin(), in_timeline.end());
  return ids;
}

ReportData read_report_data(const nlohmann::json& metrics, const std::string& source) {
  const JsonField root(&metrics, source + "#");
  root.require_object();
  ReportData out;
  out.experiment = root.child("experiment").string_or("experiment");
  const JsonField dataset = root.child("dataset");
  if (dataset.present()) {
    dataset.require_object();
    out.dataset = DatasetInfo{dataset.child("name").string_or(""), dataset.child("n_train").optional_number(),
                              dataset.child("n_val").optional_number(), dataset.child("n_test").optional_number()};
  }
  const JsonField settings = root.child("settings");
  out.seeds = settings.child("seeds").optional_numbers();
  out.bootstrap_resamples = settings.child("bootstrap_resamples").optional_number();
  out.zoo = read_zoo(root.child("zoo"));
  const JsonField routers = root.child("routers");
  routers.require_object();
  for (const auto& [id, router] : routers.optional_members())
    out.routers.push_back(read_router(id, router, out.zoo.models));
  std::stable_sort(out.routers.begin(), out.routers.end(),
                   [](const RouterResult& a, const RouterResult& b) { return a.accuracy > b.accuracy; });
  for (const auto& step : root.child("timeline").optional_items()) out.timeline.push_back(read_step(step));
  return out;
}

}  // namespace modelsat::report
