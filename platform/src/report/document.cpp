// Assembles the report's header facts and sections (tables, notes, plots) from the ReportData.
#include "document.h"

#include "format.h"

namespace modelsat::report {
namespace {

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string count_or_none(const std::optional<double>& count) { return count ? fixed(*count, 0) : "?"; }

std::vector<std::pair<std::string, std::string>> header_facts(const ReportData& data) {
  std::vector<std::pair<std::string, std::string>> facts = {{"Experiment", data.experiment}};
  if (data.dataset) {
    const DatasetInfo& d = *data.dataset;
    facts.push_back({"Dataset", (d.name.empty() ? "" : d.name + ": ") + count_or_none(d.n_train) + " train / " +
                                    count_or_none(d.n_val) + " validation / " + count_or_none(d.n_test) +
                                    " test questions"});
  }
  std::string zoo = (data.zoo.name.empty() ? "" : data.zoo.name + ": ") + std::to_string(data.zoo.models.size()) +
                    " models (" + join(data.zoo.models, ", ") + ")";
  if (!data.zoo.unseen_models.empty()) zoo += "; unseen in training: " + join(data.zoo.unseen_models, ", ");
  facts.push_back({"Zoo", zoo});
  if (!data.seeds.empty()) {
    std::vector<std::string> seeds;
    for (double seed : data.seeds) seeds.push_back(fixed(seed, 0));
    std::string text = join(seeds, ", ");
    if (data.bootstrap_resamples) text += " (" + fixed(*data.bootstrap_resamples, 0) + " bootstrap resamples)";
    facts.push_back({"Seeds", text});
  }
  return facts;
}

std::vector<std::string> router_notes(const ReportData& data) {
  std::vector<std::string> notes = {
      "Sorted by accuracy. pp = percentage points. imp_max = accuracy - best single (chosen on train); imp_random = "
      "accuracy - random pick; oracle_gap = oracle - accuracy. * = the paired 95% CI of the difference to the best "
      "single model excludes 0; p is two-sided. fit s / score s are medians over seeds."};
  bool oracle = false, post_generation = false;
  for (const auto& router : data.routers) oracle |= router.sees_gold, post_generation |= router.sees_candidate_answers;
  if (oracle) notes.push_back("(oracle): the router reads the gold answers - an upper bound, not a deployable router.");
  if (post_generation)
    notes.push_back(
        "(post-generation): the router sees every candidate model's answer, so its cost is the sum of all "
        "candidates' costs.");
  return notes;
}

}  // namespace

Document build_document(const ReportData& data) {
  Document document{"Routing results: " + data.experiment, header_facts(data), {}};
  document.sections.push_back({"Reference points", {}, reference_table(data), std::nullopt});
  if (auto table = zoo_table(data)) document.sections.push_back({"Zoo models", {}, std::move(table), std::nullopt});
  document.sections.push_back({"Routers", router_notes(data), router_table(data), accuracy_bars_plot(data)});
  if (auto table = category_table(data))
    document.sections.push_back({"Accuracy per category", {}, std::move(table), category_heatmap_plot(data)});
  auto cost = cost_table(data);
  auto cost_plot = cost_accuracy_plot(data);
  if (cost || cost_plot)
    document.sections.push_back({"Accuracy vs cost",
                                 {"AIQ: area under the cost-quality hull between the cheapest and the most expensive "
                                  "model, divided by that cost range (RouterBench)."},
                                 std::move(cost),
                                 std::move(cost_plot)});
  if (auto table = selection_table(data))
    document.sections.push_back({"Routing decisions", {}, std::move(table), selection_share_plot(data)});
  if (auto table = two_model_table(data))
    document.sections.push_back(
        {"Two-model routing",
         {"APGR: average performance gap recovered; CPT(x%): share of calls to the strong model "
          "needed to recover x% of the gap between the weak and the strong model (RouteLLM)."},
         std::move(table),
         two_model_plot(data)});
  if (auto table = new_models_table(data)) {
    std::string note =
        "Models kept out of training join by their aptitude results only. \"without them\" routes the same scores "
        "among the models seen in training; the gain is paired over the same questions (* = its 95% CI excludes 0).";
    if (data.zoo.oracle_without_new)
      note += " Oracle without them: " + percent(*data.zoo.oracle_without_new) + "%; with them: " +
              percent(data.zoo.oracle) + "%.";
    document.sections.push_back({"New models by aptitude test only", {note}, std::move(table), std::nullopt});
  }
  if (auto table = timeline_table(data))
    document.sections.push_back({"Incremental release timeline", {}, std::move(table), timeline_plot(data)});
  return document;
}

}  // namespace modelsat::report
