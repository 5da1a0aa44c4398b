// The parts of a metrics.json the report shows, read into typed values (schema: experiments/METRICS.md).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace modelsat::report {

struct Interval {
  double low = 0;
  double high = 0;
};

struct CostAccuracy {
  double cost = 0;
  double accuracy = 0;
};

struct CostSweep {
  std::vector<CostAccuracy> points;
  std::vector<CostAccuracy> hull;
  std::optional<double> aiq;
};

struct TwoModelCurve {
  std::string strong;
  std::string weak;
  std::optional<double> apgr, cpt50, cpt80;
  std::vector<std::pair<double, double>> curve;  ///< (strong-call share, accuracy)
};

struct PairedDifference {
  double difference = 0;
  Interval ci95;
  std::optional<double> p_value;
  bool excludes_zero() const { return ci95.low > 0 || ci95.high < 0; }
};

/// Only when the manifest keeps models out of training (metrics' "new_models").
struct NewModelsResult {
  double share = 0;             ///< share of routing decisions that went to the held-out models
  double accuracy_without = 0;  ///< the same scores routed among the models seen in training only
  PairedDifference gain;        ///< accuracy with the held-out models - without them
};

struct RouterResult {
  std::string id;
  std::string plugin;
  bool sees_gold = false;               ///< an oracle: reads the gold answers
  bool sees_candidate_answers = false;  ///< post-generation: its cost is every candidate's
  double accuracy = 0;
  Interval ci95;
  double imp_max = 0, imp_random = 0, oracle_gap = 0, selection_entropy = 0, avg_cost = 0;
  std::optional<PairedDifference> vs_best_single;
  std::vector<std::pair<std::string, double>> selection_share;  ///< zoo order, then any other model
  std::map<std::string, double> per_category;
  std::optional<CostSweep> cost_sweep;
  std::optional<TwoModelCurve> two_model;
  std::optional<NewModelsResult> new_models;
  std::optional<double> fit_seconds_median, score_seconds_median;
  /// The router's name with its marker: "<id> (oracle)", "<id> (post-generation)" or "<id>".
  std::string label() const;
};

struct NamedAccuracy {
  std::string model;
  double accuracy = 0;
  std::optional<double> train_accuracy;
};

struct ZooInfo {
  std::string name;
  std::vector<std::string> models, unseen_models, categories;
  std::map<std::string, double> costs, model_accuracy;
  double random = 0, oracle = 0;
  NamedAccuracy best_single;
  std::optional<NamedAccuracy> best_single_in_hindsight;
  std::optional<double> oracle_without_new;  ///< oracle over the models seen in training, when some are held out
};

struct DatasetInfo {
  std::string name;
  std::optional<double> n_train, n_val, n_test;
};

struct TimelineStep {
  double step = 0;
  std::string newcomer;
  std::vector<std::string> zoo;
  std::map<std::string, double> routers;
  std::optional<double> best_single, oracle;
};

struct ReportData {
  std::string experiment;
  std::optional<DatasetInfo> dataset;
  std::vector<double> seeds;
  std::optional<double> bootstrap_resamples;
  ZooInfo zoo;
  std::vector<RouterResult> routers;  ///< accuracy descending, ties by id
  std::vector<TimelineStep> timeline;
};

/// Categories for per-category views: the zoo's list, then any other a router reports, in first-seen order.
std::vector<std::string> report_categories(const ReportData& data);
/// Router ids of the timeline: the report's router order, then ids seen only in the timeline, in key order.
std::vector<std::string> timeline_router_ids(const ReportData& data);

/// Reads metrics; source names the file in messages. Throws DataError "<source>#/<pointer>: ..." for a missing
/// required field (see experiments/METRICS.md: the zoo's models/random/oracle/best_single and each router's plugin,
/// accuracy {mean, ci95}, imp_max, imp_random, oracle_gap, selection_entropy, avg_cost) or any field of a wrong type.
ReportData read_report_data(const nlohmann::json& metrics, const std::string& source);

}  // namespace modelsat::report
