// `modelsat data import-*`: MMLU-Pro output zips, ZeroEval replies and the JSONL/CSV layout into the dataset format.
#include "arg_parser.h"
#include "data_commands.h"

#include "modelsat/data/dataset_io.h"
#include "modelsat/data/mmlu_pro_import.h"
#include "modelsat/data/table_import.h"
#include "modelsat/data/zeroeval_import.h"
#include "modelsat/error.h"

#include <cstdio>
#include <filesystem>
#include <sstream>

namespace modelsat::cli {
namespace {

namespace fs = std::filesystem;
using namespace modelsat::data;

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * v);
  return buf;
}

}  // namespace

int data_import_mmlu_pro_command(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat data import-mmlu-pro",
                   "Import TIGER-AI-Lab/MMLU-Pro per-model outputs (model_outputs_<MODEL>_5shots.zip) into a dataset.");
  parser.positional("DIR", "directory holding the zips (or their eval_results/ folder)")
      .option("--out", "DATASET_DIR", "dataset directory to write (dataset.json, questions.jsonl.gz, outcomes.bin.gz)")
      .flag("--json", "print the import summary as JSON")
      .epilog("Correctness = pred == the record's answer; a null pred is wrong; a question a model lacks is unobserved.\n"
              "Records that are not objects are skipped and counted. models.json in DATASET_DIR is left untouched.");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string out = parsed.value("--out");
  if (out.empty()) throw UsageError("modelsat data import-mmlu-pro: missing --out DATASET_DIR; see --help");
  const MmluProImport result = import_mmlu_pro(parsed.positionals[0]);
  save_dataset(result.dataset, out, {{"importer", "mmlu-pro"}, {"summary", result.summary}});
  if (parsed.flag("--json")) {
    context.out() << result.summary.dump(2) << "\n";
    return 0;
  }
  context.out() << "imported " << result.dataset.n_questions() << " questions x " << result.dataset.n_models()
                << " models into " << out << "\n";
  for (const auto& m : result.summary["per_model"]) {
    context.out() << "  " << m["model"].get<std::string>() << ": " << m["records"] << " records, accuracy "
                  << percent(m["accuracy_all_questions"].get<double>());
    if (m["missing_questions"].get<size_t>() > 0) context.out() << ", " << m["missing_questions"] << " questions missing";
    if (m["non_object_records"].get<size_t>() > 0)
      context.out() << ", " << m["non_object_records"] << " non-object records skipped";
    if (m["records_differing_from_canonical"].get<size_t>() > 0)
      context.out() << ", " << m["records_differing_from_canonical"] << " records differ from the canonical question";
    context.out() << "\n";
  }
  return 0;
}

int data_import_zeroeval_command(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat data import-zeroeval",
                   "Import ZeroEval's raw replies on CRUXEval and MATH level 5, graded by the answer checker.");
  parser.positional("DIR", "the ZeroEval folder (or its result_dirs/) with crux/ and math-l5/ of <MODEL>.json.gz")
      .option("--out", "DATASET_DIR", "dataset directory to write (dataset.json, questions.jsonl.gz, outcomes.bin.gz)")
      .flag("--json", "print the import summary as JSON")
      .epilog("Only models with replies for both tasks are imported. Each reply's answer is extracted (JSON, repaired\n"
              "JSON, field scan, \\boxed) and compared with the gold answer: Python-literal equality for crux, normalised\n"
              "math equivalence for math-l5; no extractable answer is counted apart and scores 0. The summary compares\n"
              "each model's accuracy with the benchmark's own Acc. models.json in DATASET_DIR is left untouched.");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string out = parsed.value("--out");
  if (out.empty()) throw UsageError("modelsat data import-zeroeval: missing --out DATASET_DIR; see --help");
  const ZeroEvalImport result = import_zeroeval(parsed.positionals[0]);
  save_dataset(result.dataset, out, {{"importer", "zeroeval"}, {"summary", result.summary}});
  if (parsed.flag("--json")) {
    context.out() << result.summary.dump(2) << "\n";
    return 0;
  }
  context.out() << "imported " << result.dataset.n_questions() << " questions x " << result.dataset.n_models()
                << " models into " << out << "\n"
                << "model: task accuracy (official Acc, difference in points, no-answer count) ...\n";
  for (const auto& m : result.summary["per_model"]) {
    context.out() << "  " << m["model"].get<std::string>() << ":";
    for (const char* task : {"crux", "math-l5"}) {
      const auto& t = m[task];
      char line[160];
      std::snprintf(line, sizeof line, " %s %.2f (%.2f, %+.2f, %zu)", task, t["accuracy"].get<double>(),
                    t["official_acc"].get<double>(), t["difference_points"].get<double>(), t["no_answer"].get<size_t>());
      context.out() << line;
    }
    context.out() << "\n";
  }
  for (const auto& item : result.summary["agreement_with_official"].items())
    context.out() << "agreement " << item.key() << ": mean |difference| " << item.value()["mean_abs_difference_points"]
                  << " points, max " << item.value()["max_abs_difference_points"] << " ("
                  << item.value()["max_model"].get<std::string>() << ")\n";
  for (const auto& e : result.summary["excluded_models"])
    context.out() << "left out: " << e["model"].get<std::string>() << ", " << e["reason"].get<std::string>() << "\n";
  return 0;
}

int data_import_table_command(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat data import-jsonl",
                   "Import a benchmark from the documented JSONL (or CSV) layout; see experiments/data/README.md.");
  parser.positional("FILE", "a .jsonl file (one question per line) or a .csv file (header row)")
      .option("--out", "DATASET_DIR", "dataset directory to write")
      .option("--name", "NAME", "dataset name (default: the file name without extension)")
      .option("--models", "A,B,...", "the allowed model names, in column order (other names are errors)")
      .flag("--csv", "read FILE as CSV even without a .csv extension");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const std::string out = parsed.value("--out");
  if (out.empty()) throw UsageError("modelsat data import-jsonl: missing --out DATASET_DIR; see --help");
  const std::string file = parsed.positionals[0];
  TableImportOptions options;
  options.name = parsed.value("--name", fs::path(file).stem().string());
  options.models = split_commas(parsed.value("--models"));
  const bool csv = parsed.flag("--csv") || fs::path(file).extension() == ".csv";
  const Dataset dataset = csv ? import_csv(file, options) : import_jsonl(file, options);
  save_dataset(dataset, out, {{"importer", csv ? "csv" : "jsonl"}, {"file", fs::path(file).filename().string()}});
  context.out() << "imported " << dataset.n_questions() << " questions x " << dataset.n_models() << " models into "
                << out << "\n";
  return 0;
}

}  // namespace modelsat::cli
