// The results report writer: tables, ordering, number formats, well-formed escaped SVGs, pointed errors, the CLI.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <vector>

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"
#include "modelsat/report/report.h"
#include "run_command.h"
#include "temp_dir.h"

using Catch::Matchers::Contains;
using modelsat::test::TempDir;
using nlohmann::json;

namespace {

/// Three routers, three models (one named with <&>), two categories, a cost sweep.
json three_model_metrics() {
  return json::parse(R"({
    "schema_version": 1, "experiment": "unit",
    "dataset": {"name": "tiny", "n_train": 60, "n_val": 20, "n_test": 20},
    "settings": {"seeds": [1, 2], "bootstrap_resamples": 200},
    "zoo": {"name": "trio", "models": ["alpha", "b<&>eta", "gamma"], "unseen_models": ["gamma"], "costs": [0.1, 0.5, 2.0],
            "model_accuracy": {"alpha": 0.40, "b<&>eta": 0.45, "gamma": 0.50}, "random": 0.45, "oracle": 0.80,
            "best_single": {"model": "b<&>eta", "accuracy": 0.45, "train_accuracy": 0.52},
            "best_single_in_hindsight": {"model": "gamma", "accuracy": 0.50}, "categories": ["law", "math"]},
    "routers": {
      "knn": {"plugin": "knn", "caps": {"sees_gold": false, "sees_candidate_answers": false},
              "accuracy": {"mean": 0.473, "ci95": [0.451, 0.492], "per_seed": [0.47, 0.476]},
              "imp_max": 0.023, "imp_random": 0.023, "oracle_gap": 0.327,
              "vs_best_single": {"difference": 0.023, "ci95": [0.004, 0.04], "p_value": 0.0123},
              "selection_share": {"alpha": 0.2, "b<&>eta": 0.3, "gamma": 0.5}, "selection_entropy": 1.49, "avg_cost": 1.17,
              "per_category": {"law": 0.41, "math": 0.53},
              "cost_sweep": {"points": [{"lambda": 0, "cost": 1.17, "accuracy": 0.473}, {"lambda": 1, "cost": 0.3, "accuracy": 0.43}],
                             "hull": [{"cost": 0.1, "accuracy": 0.40}, {"cost": 1.17, "accuracy": 0.473}, {"cost": 2.0, "accuracy": 0.5}],
                             "aiq": 0.461},
              "fit_seconds": [3.0, 1.0, 2.0], "score_seconds": [0.5, 0.25]},
      "vote": {"plugin": "vote", "caps": {"sees_candidate_answers": true},
               "accuracy": {"mean": 0.61, "ci95": [0.58, 0.64]},
               "imp_max": 0.16, "imp_random": 0.16, "oracle_gap": 0.19, "selection_entropy": 0.9, "avg_cost": 2.6},
      "gold": {"plugin": "oracle", "caps": {"sees_gold": true},
               "accuracy": {"mean": 0.8, "ci95": [0.8, 0.8]},
               "imp_max": 0.35, "imp_random": 0.35, "oracle_gap": 0.0,
               "vs_best_single": {"difference": 0.35, "ci95": [0.3, 0.4], "p_value": 0.0},
               "selection_entropy": 1.2, "avg_cost": 0.4, "per_category": {"law": 0.75, "math": 0.85}},
      "mlp": {"plugin": "mlp", "accuracy": {"mean": 0.44, "ci95": [0.42, 0.46]},
              "imp_max": -0.01, "imp_random": -0.01, "oracle_gap": 0.36,
              "vs_best_single": {"difference": -0.01, "ci95": [-0.03, 0.01], "p_value": 0.41},
              "selection_entropy": 0.0, "avg_cost": 0.5, "selection_share": {"b<&>eta": 1.0}}
    }})");
}

json two_model_metrics() {
  json metrics = three_model_metrics();
  metrics["zoo"]["models"] = {"alpha", "gamma"};
  metrics["zoo"]["costs"] = {0.1, 2.0};
  metrics["routers"]["knn"]["two_model"] = {{"strong", "gamma"},
                                            {"weak", "alpha"},
                                            {"apgr", 0.62},
                                            {"cpt50", 0.35},
                                            {"cpt80", 0.7},
                                            {"curve",
                                             {{{"strong_share", 0.0}, {"accuracy", 0.40}},
                                              {{"strong_share", 0.5}, {"accuracy", 0.47}},
                                              {{"strong_share", 1.0}, {"accuracy", 0.50}}}}};
  return metrics;
}

json timeline_metrics() {
  json metrics = three_model_metrics();
  metrics["timeline"] = json::parse(R"([
    {"step": 0, "newcomer": "alpha", "zoo": ["alpha"], "routers": {"knn": 0.40, "mlp": 0.40}, "best_single": 0.40, "oracle": 0.40},
    {"step": 1, "newcomer": "gamma", "zoo": ["alpha", "gamma"], "routers": {"knn": 0.47, "mlp": 0.44}, "best_single": 0.45, "oracle": 0.7}
  ])");
  return metrics;
}

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

/// Every opening tag is closed in order (self-closing tags and the XML declaration aside).
bool balanced_tags(const std::string& svg) {
  std::vector<std::string> open;
  const std::regex tag("<(/?)([a-zA-Z]+)[^>]*?(/?)>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), tag); it != std::sregex_iterator(); ++it) {
    const auto& match = *it;
    if (match[3].length() > 0) continue;
    if (match[1].length() == 0) {
      open.push_back(match[2]);
    } else if (open.empty() || open.back() != match[2]) {
      return false;
    } else {
      open.pop_back();
    }
  }
  return open.empty();
}

/// The Markdown table row whose first cell starts with router.
std::string table_row(const std::string& markdown, const std::string& router) {
  const size_t at = markdown.find("\n| " + router + " ");
  return at == std::string::npos ? "" : markdown.substr(at + 1, markdown.find('\n', at + 1) - at - 1);
}

}  // namespace

TEST_CASE("report: writes Markdown, HTML and one SVG per supported plot", "[unit]") {
  TempDir dir;
  const auto written = modelsat::report::write_reports(three_model_metrics(), "m.json", dir.path());
  CHECK(written.markdown == dir.file("report.md"));
  CHECK(written.html == dir.file("report.html"));
  const std::vector<std::string> expected_plots = {dir.file("plots/accuracy.svg"), dir.file("plots/categories.svg"),
                                                   dir.file("plots/cost.svg"), dir.file("plots/selection.svg")};
  CHECK(written.plots == expected_plots);
  for (const auto& plot : written.plots) CHECK(std::filesystem::is_regular_file(plot));

  const std::string markdown = modelsat::read_file(written.markdown);
  CHECK_THAT(markdown, Contains("- **Dataset**: tiny: 60 train / 20 validation / 20 test questions"));
  CHECK_THAT(markdown, Contains("unseen in training: gamma"));
  CHECK_THAT(markdown, Contains("| best single (chosen on train) | b&lt;&amp;&gt;eta | 45.0 (train 52.0) |"));
  CHECK_THAT(markdown, Contains("| best single in hindsight (chosen on test) | gamma | 50.0 |"));
  CHECK_THAT(markdown, Contains("![Test accuracy per router"));
  CHECK_THAT(markdown, Contains("(plots/accuracy.svg)"));
  // Sorted by accuracy, with the oracle and post-generation markers.
  const size_t gold = markdown.find("| gold (oracle) |"), vote = markdown.find("| vote (post-generation) |");
  const size_t knn = markdown.find("| knn |"), mlp = markdown.find("| mlp |");
  CHECK((gold < vote && vote < knn && knn < mlp && mlp != std::string::npos));
  CHECK(table_row(markdown, "knn") ==
        "| knn | knn | 47.3 [45.1, 49.2] | +2.3 | +2.3 | 32.7 | +2.3 [+0.4, +4.0] \\* | 0.012 | 1.17 | 1.49 | 2.00 | "
        "0.375 |");
  CHECK_THAT(table_row(markdown, "mlp"), Contains("| -1.0 [-3.0, +1.0] | 0.410 | 0.500 | 0.00 |"));
  CHECK_THAT(table_row(markdown, "gold"), Contains("| +35.0 [+30.0, +40.0] \\* | &lt;0.001 |"));
  CHECK_THAT(markdown, Contains("| knn | 41.0 | 53.0 |"));
  CHECK_THAT(markdown, Contains("| knn | 46.1 | 2 | 0.300 → 43.0 | 1.17 → 47.3 |"));

  const std::string html = modelsat::read_file(written.html);
  CHECK_THAT(html, Contains("<td class=\"num\">47.3 [45.1, 49.2]</td>"));
  CHECK(count(html, "<svg ") == 4);
  CHECK(count(html, "<script") == 0);
  const size_t body = html.find("<body>");
  CHECK(balanced_tags(html.substr(body, html.find("</body>") + 7 - body)));
}

TEST_CASE("report: SVGs are well-formed, escaped and have one bar per router", "[unit]") {
  TempDir dir;
  const auto written = modelsat::report::write_reports(three_model_metrics(), "m.json", dir.path());
  for (const auto& path : written.plots) {
    const std::string svg = modelsat::read_file(path);
    INFO(path);
    CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
    CHECK(balanced_tags(svg));
    CHECK(svg.find("b<&>eta") == std::string::npos);
  }
  const std::string bars = modelsat::read_file(dir.file("plots/accuracy.svg"));
  CHECK(count(bars, "class=\"bar\"") == 4);
  CHECK_THAT(bars, Contains("best single (b&lt;&amp;&gt;eta) 45.0"));
  const std::string selection = modelsat::read_file(dir.file("plots/selection.svg"));
  CHECK_THAT(selection, Contains(">b&lt;&amp;&gt;eta</text>"));
  CHECK(count(selection, "class=\"segment\"") == 4);
  CHECK(count(modelsat::read_file(dir.file("plots/categories.svg")), "class=\"cell\"") == 4);
  CHECK_THAT(modelsat::read_file(dir.file("plots/cost.svg")), Contains("knn (AIQ 46.1)"));

  TempDir again;
  modelsat::report::write_reports(three_model_metrics(), "m.json", again.path());
  CHECK(modelsat::read_file(again.file("plots/cost.svg")) == modelsat::read_file(dir.file("plots/cost.svg")));
}

TEST_CASE("report: two-model zoos get the strong-call curve with APGR and CPT", "[unit]") {
  TempDir dir;
  const auto written = modelsat::report::write_reports(two_model_metrics(), "m.json", dir.path());
  CHECK(written.plots.back() == dir.file("plots/two_model.svg"));
  const std::string svg = modelsat::read_file(dir.file("plots/two_model.svg"));
  CHECK_THAT(svg, Contains("knn (APGR 0.620, CPT50 35.0%, CPT80 70.0%)"));
  CHECK(balanced_tags(svg));
  CHECK_THAT(modelsat::read_file(written.markdown), Contains("| knn | gamma | alpha | 0.620 | 35.0 | 70.0 |"));
}

TEST_CASE("report: a timeline gets a table and accuracy-per-step lines", "[unit]") {
  TempDir dir;
  const auto written = modelsat::report::write_reports(timeline_metrics(), "m.json", dir.path());
  CHECK(written.plots.back() == dir.file("plots/timeline.svg"));
  const std::string svg = modelsat::read_file(dir.file("plots/timeline.svg"));
  CHECK(balanced_tags(svg));
  CHECK(count(svg, "<polyline") == 4);  // knn, mlp, best single, oracle
  const std::string markdown = modelsat::read_file(written.markdown);
  CHECK_THAT(markdown, Contains("| step | newcomer | zoo size | knn | mlp | best single | oracle |"));
  CHECK_THAT(markdown, Contains("| 1 | gamma | 2 | 47.0 | 44.0 | 45.0 | 70.0 |"));
}

TEST_CASE("report: models held out of training get a with/without table", "[unit]") {
  TempDir dir;
  json metrics = three_model_metrics();
  metrics["zoo"]["unseen_models"] = {"gamma"};
  metrics["zoo"]["without_new_models"] = {{"models", {"alpha", "beta"}}, {"random", 0.42}, {"oracle", 0.6}};
  metrics["routers"]["knn"]["new_models"] = {
      {"share", 0.25},
      {"accuracy_without", {{"mean", 0.44}, {"ci95", {0.4, 0.48}}, {"per_seed", {0.44}}}},
      {"gain", {{"difference", 0.03}, {"ci95", {0.01, 0.05}}, {"p_value", 0.004}}}};
  const auto written = modelsat::report::write_reports(metrics, "m.json", dir.path());
  const std::string markdown = modelsat::read_file(written.markdown);
  CHECK_THAT(markdown, Contains("## New models by aptitude test only"));
  CHECK_THAT(markdown, Contains("| router | accuracy % with them | accuracy % without them | gain (pp) [95% CI] | p | "
                                "decisions to them % |"));
  const std::string row = table_row(markdown.substr(markdown.find("## New models")), "knn");
  CHECK_THAT(row, Contains("| 47.3 | 44.0 | +3.0 [+1.0, +5.0] \\* | 0.004 | 25.0 |"));
  CHECK_THAT(markdown, Contains("Oracle without them: 60.0%"));
}

TEST_CASE("report: a missing or mistyped field is a DataError naming the file and JSON pointer", "[unit]") {
  TempDir dir;
  json metrics = three_model_metrics();
  metrics["routers"]["knn"].erase("accuracy");
  REQUIRE_THROWS_MATCHES(
      modelsat::report::write_reports(metrics, "res/metrics.json", dir.path()), modelsat::DataError,
      Catch::Matchers::Message("res/metrics.json#/routers/knn/accuracy: missing key: the report needs it "
                               "(expected object, got nothing)"));
  CHECK_FALSE(std::filesystem::exists(dir.file("report.md")));
  metrics = three_model_metrics();
  metrics["zoo"]["oracle"] = "high";
  REQUIRE_THROWS_MATCHES(
      modelsat::report::write_reports(metrics, "m.json", dir.path()), modelsat::DataError,
      Catch::Matchers::Message("m.json#/zoo/oracle: wrong type (expected number, got string \"high\")"));
  metrics = three_model_metrics();
  metrics["routers"]["mlp"]["accuracy"]["ci95"] = {0.4};
  REQUIRE_THROWS_WITH(modelsat::report::write_reports(metrics, "m.json", dir.path()),
                      "m.json#/routers/mlp/accuracy/ci95: wrong type (expected array of 2 numbers, got array of 1)");
}

TEST_CASE("report: `modelsat report` rewrites the reports and fails clearly without metrics.json", "[unit]") {
  TempDir dir;
  dir.write("metrics.json", three_model_metrics().dump());
  const auto ok = modelsat::test::run_modelsat("report " + dir.path());
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Contains("wrote " + dir.file("report.html")));
  CHECK(std::filesystem::is_regular_file(dir.file("plots/accuracy.svg")));

  TempDir empty;
  const auto missing = modelsat::test::run_modelsat("report " + empty.path());
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Contains(empty.file("metrics.json") + ": cannot read: no metrics.json"));
  CHECK(modelsat::test::run_modelsat("report").exit_code == 2);
}
