// `modelsat aptitude build|score|compare`: choose the Model-SAT aptitude test, score a (new) model on it (plain or
// IRT-weighted), and compare the scorings on held-out models.
#include "arg_parser.h"
#include "commands.h"
#include "data_args.h"

#include "modelsat/atomic_file.h"
#include "modelsat/data/aptitude.h"
#include "modelsat/data/aptitude_compare.h"
#include "modelsat/data/aptitude_irt.h"
#include "modelsat/data/dataset_io.h"
#include "modelsat/data/splits.h"
#include "modelsat/json_util.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace modelsat::cli {
namespace {

using namespace modelsat::data;
namespace fs = std::filesystem;

int build_cmd(CliContext& context, const std::vector<std::string>& args) {
  const std::string cmd = "modelsat aptitude build";
  ArgParser parser(cmd, "Choose T tasks x S distinguishing items (about half of the training models right).");
  parser.positional("DATASET_DIR", "a dataset directory")
      .option("--out", "FILE", "aptitude test file to write")
      .option("--tasks", "T|all", "number of tasks, or every source with enough items (default 50)")
      .option("--shots", "S", "items per task, at most (default 20)")
      .option("--min-shots", "N", "items per task, at least: a source with fewer is left out (default S)")
      .option("--from-split", "FILE",
              "draw the items from this question split's training questions only; the test is then usable with "
              "that split alone")
      .option("--seed", "N", "tie-breaking seed (default 1)")
      .option("--keywords", "FILE", "task keyword file {\"tasks\": {source: [5 keywords]}}")
      .option("--model-split", "FILE", "use the seen models of this model split as training models")
      .option("--train-model", "NAME", "a training model (repeatable; default: every model)", true);
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string out = parsed.value("--out");
  if (out.empty()) throw UsageError(cmd + ": missing --out FILE; see '" + cmd + " --help'");
  const Dataset dataset = load_dataset(parsed.positionals[0], LoadOptions{false, false});
  AptitudeOptions options;
  const std::string tasks = parsed.value("--tasks", "50");
  options.all_sources = tasks == "all";
  if (!options.all_sources) options.tasks = parse_count(tasks, "--tasks", cmd);
  options.shots = parse_count(parsed.value("--shots", "20"), "--shots", cmd);
  if (!parsed.value("--min-shots").empty()) options.min_shots = parse_count(parsed.value("--min-shots"), "--min-shots", cmd);
  if (!parsed.value("--from-split").empty()) {
    const QuestionSplit split = load_question_split(parsed.value("--from-split"));
    options.eligible.insert(split.train.begin(), split.train.end());
    options.split = fs::path(parsed.value("--from-split")).filename().string();
  }
  options.seed = parse_count(parsed.value("--seed", "1"), "--seed", cmd);
  if (!parsed.value("--keywords").empty()) options.keywords = load_task_keywords(parsed.value("--keywords"));
  if (!parsed.value("--model-split").empty()) {
    if (!parsed.values("--train-model").empty())
      throw UsageError(cmd + ": give --model-split or --train-model, not both; see '" + cmd + " --help'");
    options.training_models = load_model_split(parsed.value("--model-split")).seen;
  } else {
    options.training_models = parsed.values("--train-model");
  }
  const AptitudeTest test = build_aptitude_test(dataset, options);
  save_aptitude_test(test, out);
  context.out() << out << ": " << test.tasks.size() << " tasks x "
                << (test.min_shots == test.shots ? std::to_string(test.shots)
                                                 : std::to_string(test.min_shots) + "-" + std::to_string(test.shots))
                << " items (" << test.item_ids().size() << " in all), chosen on " << test.training_models.size()
                << " training models" << (test.split.empty() ? "" : " from the training questions of " + test.split)
                << "\n";
  return 0;
}

/// Reads {"id": ..., "correct": 0/1/true/false or "score": x} lines into id -> score.
std::map<std::string, double> read_answers(const std::string& path) {
  const std::string text = read_file(path);
  std::map<std::string, double> answers;
  size_t line_no = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_no;
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = path + ":" + std::to_string(line_no);
    const nlohmann::json record = parse_json(line, where);
    if (!record.is_object() || !record.contains("id"))
      throw DataError(where + ": record: expected an object with \"id\" and \"correct\" (got " + describe_json(record) + ")");
    const nlohmann::json& id = record["id"];
    std::string key;
    if (id.is_number_integer()) {
      key = std::to_string(id.get<long long>());
    } else if (id.is_string()) {
      key = id.get<std::string>();
    } else {
      throw DataError(where + ": id: wrong type (expected a string, got " + describe_json(id) + ")");
    }
    const nlohmann::json& value = record.contains("correct") ? record["correct"] : record.value("score", nlohmann::json());
    double score = 0;
    if (value.is_boolean()) {
      score = value.get<bool>() ? 1.0 : 0.0;
    } else if (value.is_number()) {
      score = value.get<double>();
    } else {
      throw DataError(where + ": correct: wrong type (expected a boolean or a number in [0, 1], got " +
                      describe_json(value) + ")");
    }
    if (!answers.emplace(key, score).second) throw DataError(where + ": id: duplicated answer for '" + key + "'");
  }
  return answers;
}

int score_cmd(CliContext& context, const std::vector<std::string>& args) {
  const std::string cmd = "modelsat aptitude score";
  ArgParser parser(cmd, "A model's aptitude vector (accuracy per task) and the paper's text form of it.");
  parser.positional("TEST_FILE", "an aptitude test file (from `modelsat aptitude build`)")
      .option("--dataset", "DATASET_DIR", "score a model of this dataset from its stored answers")
      .option("--model", "NAME", "the model to score (with --dataset)")
      .option("--answers", "FILE", "score a new model from a JSONL file of {\"id\", \"correct\"} lines")
      .option("--irt", "1pl|2pl",
              "IRT-weighted vector: calibrate the items on the test's training models in --dataset, then give each "
              "task the expected accuracy at the model's MAP ability plus its shrunken per-task deviation")
      .flag("--json", "print {\"tasks\", \"vector\", \"text\"} as JSON (with --irt also the ability)");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const AptitudeTest test = load_aptitude_test(parsed.positionals[0]);
  const std::string answers_file = parsed.value("--answers"), dataset_dir = parsed.value("--dataset");
  const std::string model = parsed.value("--model"), irt = parsed.value("--irt");
  if (answers_file.empty() && (dataset_dir.empty() || model.empty()))
    throw UsageError(cmd + ": give --answers FILE, or --dataset DIR with --model NAME; see '" + cmd + " --help'");
  if (!irt.empty() && irt != "1pl" && irt != "2pl")
    throw UsageError(cmd + ": --irt: not an IRT model (expected 1pl or 2pl, got '" + irt + "'); see '" + cmd +
                     " --help'");
  if (!irt.empty() && dataset_dir.empty())
    throw UsageError(cmd + ": --irt needs --dataset DIR (its training models' answers calibrate the items); see '" +
                     cmd + " --help'");
  std::vector<double> vector;
  nlohmann::json ability;
  if (irt.empty() && !answers_file.empty()) {
    vector = aptitude_vector(test, read_answers(answers_file), answers_file);
  } else if (irt.empty()) {
    vector = aptitude_vector(test, load_dataset(dataset_dir, LoadOptions{false, false}), model);
  } else {
    IrtOptions options;
    options.kind = parse_irt_kind(irt, cmd + ": --irt");
    const Dataset dataset = load_dataset(dataset_dir, LoadOptions{false, false});
    const IrtCalibration calibration = calibrate_aptitude_irt(test, dataset, options);
    std::map<std::string, double> answers;
    std::string where = answers_file;
    if (answers_file.empty()) {
      const size_t column = dataset.model_index(model);
      const std::vector<std::string> ids = test.item_ids();
      const std::vector<size_t> rows = dataset.rows_of(ids);
      for (size_t i = 0; i < ids.size(); ++i) answers[ids[i]] = dataset.score(rows[i], column);
      where = dataset.name + ": model '" + model + "'";
    } else {
      answers = read_answers(answers_file);
    }
    const IrtAptitudeScore score = irt_aptitude_vector(test, calibration, answers, where);
    vector = score.vector;
    ability = {{"model", irt}, {"ability", score.ability.ability}, {"standard_error", score.ability.standard_error},
               {"expected_accuracy", score.expected_accuracy}, {"task_deviation_sd", calibration.task_deviation_sd}};
  }
  const std::string text = aptitude_text(test, vector);
  if (parsed.flag("--json")) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const AptitudeTask& task : test.tasks) tasks.push_back(task.name);
    nlohmann::json out = {{"tasks", tasks}, {"vector", vector}, {"text", text}};
    if (!ability.is_null()) out["irt"] = ability;
    context.out() << out.dump(2) << "\n";
  } else {
    double mean = 0;
    for (double v : vector) mean += v;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.2f%%", vector.empty() ? 0.0 : 100.0 * mean / static_cast<double>(vector.size()));
    context.out() << (ability.is_null() ? "mean aptitude accuracy: " : "mean IRT task score: ") << buf << "\n";
    if (!ability.is_null()) {
      std::snprintf(buf, sizeof buf, "ability (%s, MAP): %.3f +- %.3f, expected test accuracy %.2f%%\n", irt.c_str(),
                    ability["ability"].get<double>(), ability["standard_error"].get<double>(),
                    100.0 * ability["expected_accuracy"].get<double>());
      context.out() << buf;
    }
    context.out() << text << "\n";
  }
  return 0;
}

nlohmann::json metrics_json(const ScoringMetrics& m) {
  return {{"scoring", m.scoring},
          {"top1_held_out", m.top1_held_out},
          {"top1_all", m.top1_all},
          {"regret_held_out_points", m.regret_held_out},
          {"regret_all_points", m.regret_all},
          {"spearman_held_out", m.spearman_held_out},
          {"kendall_held_out", m.kendall_held_out},
          {"spearman_all", m.spearman_all},
          {"kendall_all", m.kendall_all},
          {"standard_error_points", m.standard_error},
          {"gap_points", m.gap},
          {"gap_standard_error_points", m.gap_standard_error},
          {"task_correlation", m.task_correlation},
          {"test_top1_held_out", m.test_top1_held_out},
          {"test_top1_all", m.test_top1_all}};
}

nlohmann::json comparison_json(const AptitudeComparison& comparison, const AptitudeCompareOptions& options) {
  nlohmann::json groups = nlohmann::json::array();
  for (const GroupComparison& g : comparison.groups) {
    nlohmann::json held = nlohmann::json::object();
    for (size_t j = 0; j < g.group.held_out.size(); ++j) held[g.group.held_out[j]] = g.held_out_accuracy[j];
    nlohmann::json scorings = nlohmann::json::array();
    for (const ScoringMetrics& m : g.scorings) scorings.push_back(metrics_json(m));
    groups.push_back({{"name", g.group.name},
                      {"training", g.group.training},
                      {"held_out_accuracy", held},
                      {"truth_questions", g.truth_questions},
                      {"strongest_held_out", g.strongest_held_out},
                      {"margin_held_out_points", g.margin_held_out},
                      {"strongest_all", g.strongest_all},
                      {"margin_all_points", g.margin_all},
                      {"scorings", scorings}});
  }
  nlohmann::json overall = nlohmann::json::array();
  for (const ScoringMetrics& m : comparison.overall) overall.push_back(metrics_json(m));
  return {{"options",
           {{"tasks", options.tasks},
            {"shots", options.shots},
            {"test_seed", options.test_seed},
            {"pool_shots", options.pool_shots},
            {"resamples", options.resamples},
            {"seed", options.seed}}},
          {"overall", overall},
          {"groups", groups}};
}

std::string format(const char* pattern, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, pattern, value);
  return buf;
}

std::string comparison_table(const AptitudeComparison& comparison) {
  std::string out = "groups:\n";
  for (const GroupComparison& g : comparison.groups)
    out += "  " + g.group.name + ": " + std::to_string(g.group.held_out.size()) + " held out, " +
           std::to_string(g.group.training.size()) + " training, truth on " + std::to_string(g.truth_questions) +
           " questions; strongest held-out " + g.strongest_held_out + " (by " + format("%.2f", g.margin_held_out) +
           " points), strongest overall " + g.strongest_all + " (by " + format("%.2f", g.margin_all) + " points)\n";
  const size_t n = comparison.groups.size();
  out += "\nmeans over " + std::to_string(n) +
         " groups (top1: P(truly strongest ranked first); regret: true accuracy points lost by the one ranked first;\n"
         "rho/tau: Spearman/Kendall with true accuracy; SE: resampling s.d. of a held-out model's estimate, points;\n"
         "gap: estimated lead of the truly strongest held-out model over the second, points, mean +- s.d.;\n"
         "task r: per-task scores vs true per-source accuracy; as built: groups where the unresampled test is right)\n";
  out += "scoring        top1 new  top1 all  regret new  regret all  rho new  tau new  rho all  tau all    SE  "
         "gap +- s.d.   task r  as built new/all\n";
  for (const ScoringMetrics& m : comparison.overall) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "%-13s %9.3f %9.3f %11.2f %11.2f %8.3f %8.3f %8.3f %8.3f %5.2f %5.2f +- %4.2f %7.3f  %zu/%zu of %zu\n",
                  m.scoring.c_str(), m.top1_held_out, m.top1_all, m.regret_held_out, m.regret_all,
                  m.spearman_held_out, m.kendall_held_out, m.spearman_all, m.kendall_all, m.standard_error, m.gap,
                  m.gap_standard_error, m.task_correlation, m.test_top1_held_out, m.test_top1_all, n);
    out += line;
  }
  out += "\nper group, top1 new / top1 all:\n";
  out += "group       ";
  for (const ScoringMetrics& m : comparison.overall) {
    char cell[32];
    std::snprintf(cell, sizeof cell, "%15s", m.scoring.c_str());
    out += cell;
  }
  out += "\n";
  for (const GroupComparison& g : comparison.groups) {
    char name[32];
    std::snprintf(name, sizeof name, "%-12s", g.group.name.c_str());
    out += name;
    for (const ScoringMetrics& m : g.scorings) {
      char cell[32];
      std::snprintf(cell, sizeof cell, "    %5.3f/%5.3f", m.top1_held_out, m.top1_all);
      out += cell;
    }
    out += "\n";
  }
  return out;
}

int compare_cmd(CliContext& context, const std::vector<std::string>& args) {
  const std::string cmd = "modelsat aptitude compare";
  ArgParser parser(cmd, "Compare aptitude scorings (plain, IRT, adaptive IRT) on models held out from training.");
  parser.positional("DATASET_DIR", "a dataset directory")
      .option("--split", "FILE", "a model split: its seen models train, its unseen models are held out (one group)")
      .option("--folds", "K", "also hold out each of K folds of all models in turn (K groups per repeat)")
      .option("--fold-repeats", "R", "seeded fold partitions (default 1)")
      .option("--fold-seed", "N", "seed of the fold partitions (default 1)")
      .option("--tasks", "T", "tasks of the test built for each group (default 50)")
      .option("--shots", "S", "items per task (default 20)")
      .option("--test-seed", "N", "tie-breaking seed of the test (default 1)")
      .option("--pool-shots", "P", "adaptive scorings choose S of P pool items per task (default 0: none)")
      .option("--resamples", "B", "bootstrap resamples of items within each task (default 200)")
      .option("--seed", "N", "resampling seed (default 1)")
      .option("--out", "FILE", "also write the JSON result to FILE")
      .flag("--json", "print the JSON result instead of the table")
      .epilog("Every group rebuilds the aptitude test on its training models (as `modelsat aptitude build`), fits "
              "the IRT models on their answers to the test's items, and scores every model from item answers alone. "
              "The truth is the accuracy on the questions outside the test (and pool).");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const Dataset dataset = load_dataset(parsed.positionals[0], LoadOptions{false, false});
  std::vector<ModelGroup> groups;
  if (!parsed.value("--split").empty()) {
    const ModelSplit split = load_model_split(parsed.value("--split"));
    groups.push_back({"split", split.seen, split.unseen});
  }
  const size_t folds = parse_count(parsed.value("--folds", "0"), "--folds", cmd);
  if (folds > 0) {
    const auto extra = model_fold_groups(dataset, folds, parse_count(parsed.value("--fold-repeats", "1"), "--fold-repeats", cmd),
                                         parse_count(parsed.value("--fold-seed", "1"), "--fold-seed", cmd));
    groups.insert(groups.end(), extra.begin(), extra.end());
  }
  if (groups.empty()) throw UsageError(cmd + ": give --split FILE and/or --folds K; see '" + cmd + " --help'");
  AptitudeCompareOptions options;
  options.tasks = parse_count(parsed.value("--tasks", "50"), "--tasks", cmd);
  options.shots = parse_count(parsed.value("--shots", "20"), "--shots", cmd);
  options.test_seed = parse_count(parsed.value("--test-seed", "1"), "--test-seed", cmd);
  options.pool_shots = parse_count(parsed.value("--pool-shots", "0"), "--pool-shots", cmd);
  options.resamples = parse_count(parsed.value("--resamples", "200"), "--resamples", cmd);
  options.seed = parse_count(parsed.value("--seed", "1"), "--seed", cmd);
  const AptitudeComparison comparison = compare_aptitude_scorings(dataset, groups, options);
  const nlohmann::json json = comparison_json(comparison, options);
  if (!parsed.value("--out").empty()) write_file_atomic(parsed.value("--out"), json.dump(1) + "\n");
  context.out() << (parsed.flag("--json") ? json.dump(2) + "\n" : comparison_table(comparison));
  return 0;
}

}  // namespace

int run_aptitude_command(CliContext& context, const std::vector<std::string>& args) {
  static const std::vector<SubCommand> subs = {
      {"build", "choose the aptitude test (T tasks x S distinguishing items) on training models", &build_cmd},
      {"score", "a model's aptitude vector and its text form (onboards a new model)", &score_cmd},
      {"compare", "compare plain, IRT and adaptive scorings on held-out models (ranking the strongest first)",
       &compare_cmd},
  };
  return dispatch("modelsat aptitude", "The Model-SAT aptitude test (the model representation).", subs, context, args);
}

}  // namespace modelsat::cli
