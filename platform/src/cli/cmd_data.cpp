// `modelsat data ...`: the subcommand table, and inspect, check, split, zoos and synthetic datasets.
#include "arg_parser.h"
#include "commands.h"
#include "data_args.h"
#include "data_commands.h"

#include "modelsat/data/aptitude.h"
#include "modelsat/data/aptitude_predictiveness.h"
#include "modelsat/data/dataset_io.h"
#include "modelsat/data/splits.h"
#include "modelsat/data/summary.h"
#include "modelsat/data/synthetic.h"
#include "modelsat/data/zoos.h"

#include <chrono>
#include <filesystem>
#include <set>

namespace modelsat::cli {
namespace {

namespace fs = std::filesystem;
using namespace modelsat::data;

int info_cmd(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat data info", "Questions, models, categories, sources, per-model accuracy, oracle, best single.");
  parser.positional("DATASET_DIR", "a dataset directory")
      .flag("--json", "print JSON instead of text")
      .option("--split", "FILE", "restrict to one part of a question split file")
      .option("--part", "train|val|test", "the part of --split (default test)")
      .option("--zoo", "NAME", "restrict to the models of a named zoo (from DATASET_DIR/zoos.json or --zoos)")
      .option("--zoos", "FILE", "zoo file (default DATASET_DIR/zoos.json)");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string dir = parsed.positionals[0];
  const auto start = std::chrono::steady_clock::now();
  Dataset dataset = load_dataset(dir);
  const double load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<std::string> ids;
  if (!parsed.value("--split").empty()) {
    const QuestionSplit split = load_question_split(parsed.value("--split"));
    const std::string part = parsed.value("--part", "test");
    if (part == "train") ids = split.train;
    else if (part == "val") ids = split.val;
    else if (part == "test") ids = split.test;
    else throw UsageError("modelsat data info: --part: unknown part (expected train, val or test, got '" + part + "')");
  } else {
    for (const Question& question : dataset.questions) ids.push_back(question.id);
  }
  std::vector<std::string> models = dataset.models;
  if (!parsed.value("--zoo").empty())
    models = find_zoo(load_zoos(parsed.value("--zoos", dir + "/zoos.json"), dataset), parsed.value("--zoo")).members;
  if (!parsed.value("--split").empty() || !parsed.value("--zoo").empty()) dataset = dataset.select(ids, models);
  const DatasetSummary summary = summarize(dataset);
  if (parsed.flag("--json")) {
    nlohmann::json out = to_json(summary);
    out["name"] = dataset.name;
    out["load_seconds"] = load_seconds;
    context.out() << out.dump(2) << "\n";
  } else {
    context.out() << "dataset:     " << dataset.name << " (" << dir << ", loaded in "
                  << static_cast<int>(load_seconds * 1000) << " ms)\n"
                  << to_text(summary);
  }
  return 0;
}

int check_cmd(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat data check",
                   "Validate a dataset and the aptitude test, split and zoo files beside it (disjointness included).");
  parser.positional("DATASET_DIR", "a dataset directory");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string dir = parsed.positionals[0];
  const Dataset dataset = load_dataset(dir, LoadOptions{false, true});
  std::set<std::string> ids;
  for (const Question& question : dataset.questions) ids.insert(question.id);
  auto check_ids = [&](const std::vector<std::string>& list, const std::string& where) {
    for (const std::string& id : list)
      if (!ids.count(id)) throw DataError(where + ": unknown question id '" + id + "' (not in " + dir + ")");
  };
  std::set<std::string> aptitude_items;  // items of tests that must stay outside every split
  std::vector<std::pair<std::string, AptitudeTest>> split_drawn;  // (file, test) drawn from one split's training part
  size_t files = 0;
  const std::string aptitude_dir = dir + "/aptitude";
  if (fs::is_directory(aptitude_dir)) {
    for (const auto& entry : fs::directory_iterator(aptitude_dir)) {
      const AptitudeTest test = load_aptitude_test(entry.path().string());
      for (const std::string& model : test.training_models) dataset.model_index(model);
      check_ids(test.item_ids(), entry.path().string());
      if (test.split.empty()) {
        for (const std::string& id : test.item_ids()) aptitude_items.insert(id);
      } else {
        split_drawn.emplace_back(entry.path().string(), test);
      }
      ++files;
    }
  }
  const std::string split_dir = dir + "/splits";
  if (fs::is_directory(split_dir)) {
    for (const auto& entry : fs::directory_iterator(split_dir)) {
      const std::string path = entry.path().string();
      if (entry.path().filename().string().rfind("models-", 0) == 0) {
        const ModelSplit split = load_model_split(path);
        for (const auto& model : split.seen) dataset.model_index(model);
        for (const auto& model : split.unseen) dataset.model_index(model);
      } else {
        const QuestionSplit split = load_question_split(path);
        for (const auto* list : {&split.train, &split.val, &split.test}) {
          check_ids(*list, path);
          for (const std::string& id : *list)
            if (aptitude_items.count(id))
              throw DataError(path + ": aptitude item '" + id + "' is in a routing split (expected disjoint sets)");
        }
        for (const auto& [test_file, test] : split_drawn)
          if (test.split == entry.path().filename().string()) check_aptitude_split(test, test_file, split, path);
      }
      ++files;
    }
  }
  for (const auto& [test_file, test] : split_drawn) {
    if (!fs::is_regular_file(split_dir + "/" + test.split))
      throw DataError(test_file + ": split: no such split in " + split_dir + " (expected a split file, got '" +
                      test.split + "')");
  }
  if (fs::exists(dir + "/zoos.json")) {
    load_zoos(dir + "/zoos.json", dataset);
    ++files;
  }
  context.out() << dir << ": ok (" << dataset.n_questions() << " questions x " << dataset.n_models() << " models, "
                << files << " aptitude/split/zoo files checked)\n";
  return 0;
}

std::set<std::string> excluded_items(const std::vector<std::string>& tests) {
  std::set<std::string> out;
  for (const std::string& path : tests)
    for (const std::string& id : load_aptitude_test(path).item_ids()) out.insert(id);
  return out;
}

int split_cmd(CliContext& context, const std::vector<std::string>& args) {
  const std::string cmd = "modelsat data split";
  ArgParser parser(cmd, "Write a question split file: seeded train/val/test stratified by category, or an OOD split.");
  parser.positional("DATASET_DIR", "a dataset directory")
      .option("--out", "FILE", "split file to write")
      .option("--exclude-aptitude", "FILE", "aptitude test whose items are removed first", true)
      .option("--seed", "N", "random seed (default 1)")
      .option("--train", "F", "train fraction (default 0.6)")
      .option("--val", "F", "val fraction (default 0.2; the rest is test)")
      .option("--ood-category", "NAME", "hold out a category as the test set (repeatable)", true)
      .option("--ood-source", "NAME", "hold out a source as the test set (repeatable)", true);
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string out = parsed.value("--out");
  if (out.empty()) throw UsageError(cmd + ": missing --out FILE; see '" + cmd + " --help'");
  const Dataset dataset = load_dataset(parsed.positionals[0], LoadOptions{false, false});
  const auto exclude = excluded_items(parsed.values("--exclude-aptitude"));
  const uint64_t seed = parse_count(parsed.value("--seed", "1"), "--seed", cmd);
  const double val = parse_fraction(parsed.value("--val", "0.2"), "--val", cmd);
  const auto categories = parsed.values("--ood-category");
  const auto sources = parsed.values("--ood-source");
  if (!categories.empty() && !sources.empty())
    throw UsageError(cmd + ": give --ood-category or --ood-source, not both; see '" + cmd + " --help'");
  QuestionSplit split;
  if (!categories.empty()) {
    split = make_ood_split(dataset, exclude, "category", categories, val, seed);
  } else if (!sources.empty()) {
    split = make_ood_split(dataset, exclude, "source", sources, val, seed);
  } else {
    split = make_stratified_split(dataset, exclude, parse_fraction(parsed.value("--train", "0.6"), "--train", cmd), val, seed);
  }
  save_question_split(split, out);
  context.out() << out << ": " << split.strategy << ", train " << split.train.size() << ", val " << split.val.size()
                << ", test " << split.test.size() << ", excluded " << split.excluded.size() << "\n";
  return 0;
}

int model_split_cmd(CliContext& context, const std::vector<std::string>& args) {
  const std::string cmd = "modelsat data model-split";
  ArgParser parser(cmd, "Write a seen/unseen model split (unseen models join only through the aptitude test).");
  parser.positional("DATASET_DIR", "a dataset directory")
      .option("--out", "FILE", "model split file to write")
      .option("--unseen", "N", "number of unseen models (default 5)")
      .option("--seed", "N", "random seed (default 1)");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string out = parsed.value("--out");
  if (out.empty()) throw UsageError(cmd + ": missing --out FILE; see '" + cmd + " --help'");
  const Dataset dataset = load_dataset(parsed.positionals[0], LoadOptions{false, false});
  const ModelSplit split = make_model_split(dataset, parse_count(parsed.value("--unseen", "5"), "--unseen", cmd),
                                            parse_count(parsed.value("--seed", "1"), "--seed", cmd));
  save_model_split(split, out);
  context.out() << out << ": " << split.seen.size() << " seen, " << split.unseen.size() << " unseen\n";
  return 0;
}

int timeline_cmd(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat data timeline", "Models in release-date order (for the incremental-release setting).");
  parser.positional("DATASET_DIR", "a dataset directory with models.json").flag("--json", "print JSON");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const Dataset dataset = load_dataset(parsed.positionals[0], LoadOptions{false, true});
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& model : release_timeline(dataset)) {
    const ModelInfo& info = dataset.model_info[dataset.model_index(model)];
    out.push_back({{"model", model}, {"release_date", info.release_date}});
    if (!parsed.flag("--json")) context.out() << info.release_date << "  " << model << "\n";
  }
  if (parsed.flag("--json")) context.out() << out.dump(2) << "\n";
  return 0;
}

int zoos_cmd(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat data zoos", "List the named model zoos and why each member is there.");
  parser.positional("DATASET_DIR", "a dataset directory")
      .option("--zoos", "FILE", "zoo file (default DATASET_DIR/zoos.json)")
      .flag("--json", "print JSON");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string dir = parsed.positionals[0];
  const Dataset dataset = load_dataset(dir, LoadOptions{false, false});
  nlohmann::json out = nlohmann::json::array();
  for (const Zoo& zoo : load_zoos(parsed.value("--zoos", dir + "/zoos.json"), dataset)) {
    out.push_back({{"name", zoo.name}, {"members", zoo.members}, {"why", zoo.why}});
    if (parsed.flag("--json")) continue;
    context.out() << zoo.name << " (" << zoo.members.size() << "): ";
    for (size_t i = 0; i < zoo.members.size(); ++i) context.out() << (i ? ", " : "") << zoo.members[i];
    context.out() << "\n    " << zoo.why << "\n";
  }
  if (parsed.flag("--json")) context.out() << out.dump(2) << "\n";
  return 0;
}

int aptitude_fit_cmd(CliContext& context, const std::vector<std::string>& args) {
  const std::string cmd = "modelsat data aptitude-fit";
  ArgParser parser(cmd, "How well each model's aptitude predicts its accuracy on a routing split (overall and per task).");
  parser.positional("DATASET_DIR", "a dataset directory")
      .option("--aptitude", "FILE", "the aptitude test")
      .option("--split", "FILE", "a question split file")
      .option("--part", "train|val|test", "the part of --split (default test)")
      .option("--zoo", "NAME", "only the models of a named zoo (default all)")
      .flag("--json", "print JSON");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  if (parsed.value("--aptitude").empty() || parsed.value("--split").empty())
    throw UsageError(cmd + ": missing --aptitude FILE or --split FILE; see '" + cmd + " --help'");
  const std::string dir = parsed.positionals[0];
  const Dataset dataset = load_dataset(dir, LoadOptions{false, false});
  const QuestionSplit split = load_question_split(parsed.value("--split"));
  const std::string part = parsed.value("--part", "test");
  if (part != "train" && part != "val" && part != "test")
    throw UsageError(cmd + ": --part: unknown part (expected train, val or test, got '" + part + "')");
  const std::vector<std::string>& ids = part == "train" ? split.train : part == "val" ? split.val : split.test;
  std::vector<std::string> models = dataset.models;
  if (!parsed.value("--zoo").empty()) models = find_zoo(load_zoos(dir + "/zoos.json", dataset), parsed.value("--zoo")).members;
  const AptitudePredictiveness fit =
      aptitude_predictiveness(load_aptitude_test(parsed.value("--aptitude")), dataset, models, ids);
  if (parsed.flag("--json")) {
    context.out() << to_json(fit).dump(2) << "\n";
    return 0;
  }
  char line[200];
  std::snprintf(line, sizeof line, "%zu models, %zu %s questions: Pearson %.3f, Spearman %.3f, mean |aptitude - accuracy| %.1f points, same best model: %s\n",
                fit.models.size(), ids.size(), part.c_str(), fit.pearson, fit.spearman, fit.mean_abs_error_points,
                fit.same_best_model ? "yes" : "no");
  context.out() << line;
  for (const auto& t : fit.tasks) {
    std::snprintf(line, sizeof line, "  task %-28s %4zu questions: Pearson %.3f, Spearman %.3f\n", t.task.c_str(),
                  t.questions, t.pearson, t.spearman);
    context.out() << line;
  }
  for (const auto& m : fit.models) {
    std::snprintf(line, sizeof line, "  %-42s aptitude %5.1f%%  accuracy %5.1f%%\n", m.model.c_str(), 100 * m.aptitude,
                  100 * m.routing_accuracy);
    context.out() << line;
  }
  return 0;
}

int synth_cmd(CliContext& context, const std::vector<std::string>& args) {
  const std::string cmd = "modelsat data synth";
  ArgParser parser(cmd, "Write a seeded synthetic dataset (latent skills x topics, item difficulty, logistic outcomes).");
  parser.option("--out", "DATASET_DIR", "dataset directory to write")
      .option("--models", "N", "models (default 6)")
      .option("--questions", "N", "questions (default 1200)")
      .option("--topics", "N", "topics = categories (default 6)")
      .option("--skills", "N", "latent skills (default 3)")
      .option("--seed", "N", "random seed (default 1)");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string out = parsed.value("--out");
  if (out.empty()) throw UsageError(cmd + ": missing --out DATASET_DIR; see '" + cmd + " --help'");
  SyntheticOptions options;
  options.models = parse_count(parsed.value("--models", "6"), "--models", cmd);
  options.questions = parse_count(parsed.value("--questions", "1200"), "--questions", cmd);
  options.topics = parse_count(parsed.value("--topics", "6"), "--topics", cmd);
  options.skills = parse_count(parsed.value("--skills", "3"), "--skills", cmd);
  options.seed = parse_count(parsed.value("--seed", "1"), "--seed", cmd);
  const Dataset dataset = make_synthetic_dataset(options);
  save_dataset(dataset, out, {{"importer", "synthetic"}, {"seed", options.seed}});
  context.out() << "wrote " << dataset.n_questions() << " questions x " << dataset.n_models() << " models to " << out
                << "\n";
  return 0;
}

}  // namespace

int run_data_command(CliContext& context, const std::vector<std::string>& args) {
  static const std::vector<SubCommand> subs = {
      {"import-mmlu-pro", "import MMLU-Pro per-model output zips into a dataset", &data_import_mmlu_pro_command},
      {"import-zeroeval", "import ZeroEval CRUXEval + MATH level 5 replies, graded by the answer checker", &data_import_zeroeval_command},
      {"import-jsonl", "import a benchmark from the JSONL/CSV layout of experiments/data/README.md", &data_import_table_command},
      {"info", "questions, models, categories, sources, per-model accuracy, oracle, best single", &info_cmd},
      {"check", "validate a dataset with its aptitude, split and zoo files", &check_cmd},
      {"split", "write a seeded stratified or OOD question split file", &split_cmd},
      {"model-split", "write a seen/unseen model split file", &model_split_cmd},
      {"timeline", "list models in release-date order", &timeline_cmd},
      {"zoos", "list the named model zoos", &zoos_cmd},
      {"aptitude-fit", "how well aptitude vectors predict accuracy on a routing split", &aptitude_fit_cmd},
      {"synth", "write a seeded synthetic dataset", &synth_cmd},
  };
  return dispatch("modelsat data", "Routing datasets: import, inspect, validate, split.", subs, context, args);
}

}  // namespace modelsat::cli
