// `modelsat export`: writes a router checkpoint as an int8 .msq file for the dependency-free runtime (wasm/), and
// optionally example questions for the routing page.
#include "arg_parser.h"
#include "commands.h"

#include "modelsat/atomic_file.h"
#include "modelsat/data/dataset_io.h"
#include "modelsat/data/splits.h"
#include "modelsat/error.h"
#include "modelsat/experiment/experiment_data.h"
#include "modelsat/experiment/router_checkpoint.h"

#include <boost/dll/shared_library.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <ostream>

namespace modelsat::cli {
namespace {

/// The optional C entry point of a router plugin: see plugins/model_sat/int8_export.h.
using ExportInt8 = int(const char* config_json, const char* state_path, const char* zoo_json, const char* out_path,
                       char* error, size_t error_size);

size_t parse_count(const std::string& text) {
  try {
    size_t used = 0;
    const unsigned long long n = std::stoull(text, &used);
    if (used == text.size() && text.front() != '-' && n <= 100000) return static_cast<size_t>(n);
  } catch (const std::exception&) {
  }
  throw UsageError("modelsat export: --examples: not a count (expected an integer 0..100000, got \"" + text + "\")");
}

/// The first n questions of the checkpoint's test split in an even spread: text, category and per model of the
/// checkpoint's zoo whether it answered correctly.
nlohmann::json test_examples(const experiment::RouterCheckpoint& checkpoint, size_t n) {
  if (checkpoint.dataset.empty() || checkpoint.split.empty()) {
    throw DataError("modelsat export: --examples: the checkpoint names no dataset and split (expected both in router.json)");
  }
  const data::Dataset dataset = data::load_dataset(checkpoint.dataset);
  const data::QuestionSplit split = data::load_question_split(checkpoint.split);
  const std::vector<size_t> rows = dataset.rows_of(split.test);
  std::vector<size_t> columns;
  for (const auto& model : checkpoint.models) columns.push_back(dataset.model_index(model.name));
  nlohmann::json examples = nlohmann::json::array();
  const size_t count = std::min(n, rows.size());
  for (size_t i = 0; i < count; ++i) {
    const size_t row = rows[i * rows.size() / count];  // evenly spread over the split
    const data::Question& question = dataset.questions[row];
    nlohmann::json correct = nlohmann::json::object();
    for (size_t m = 0; m < columns.size(); ++m) {
      correct[checkpoint.models[m].name] = dataset.is_observed(row, columns[m]) ? nlohmann::json(dataset.score(row, columns[m]) >= 0.5F)
                                                                                : nlohmann::json();
    }
    // The example reads as the router was trained: with its lettered choices under query_text question_and_choices.
    examples.push_back({{"id", question.id},
                        {"text", experiment::routed_text(question, checkpoint.query_text_with_choices)},
                        {"category", question.category},
                        {"correct", correct}});
  }
  return {{"dataset", checkpoint.dataset}, {"split", checkpoint.split}, {"questions", examples}};
}

}  // namespace

int run_export_command(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat export", "Write a router checkpoint as an int8 .msq file for the dependency-free router "
                                      "runtime (wasm/: the in-browser routing page and `modelsat serve`).");
  parser.option("--router", "CKPT", "a router checkpoint folder (from `modelsat train`)")
      .flag("--int8", "int8 weights with per-channel scales (the only export format; required)")
      .option("-o", "FILE", "the .msq file to write")
      .option("--examples", "N", "also write N questions of the checkpoint's test split to examples.json beside FILE")
      .epilog("Routers that support it: model_sat with instruction_input \"tokens\", task_text \"tokens\", capability\n"
              "\"per_task\" or \"pooled\", its built-in backbone (learned or rotary positions), no calibration.\n\n"
              "example:\n  modelsat export --router ckpt/model_sat --int8 -o web/model.msq --examples 50");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  if (!parsed.flag("--router")) {
    throw UsageError("modelsat export: missing --router CKPT (expected a router checkpoint folder, got none)");
  }
  if (!parsed.flag("--int8")) {
    throw UsageError("modelsat export: missing --int8 (expected --int8, the only export format, got none)");
  }
  if (!parsed.flag("-o")) throw UsageError("modelsat export: missing -o FILE (expected the .msq file to write, got none)");
  const std::string dir = parsed.value("--router"), out = parsed.value("-o");
  const size_t n_examples = parsed.flag("--examples") ? parse_count(parsed.value("--examples")) : 0;

  const experiment::RouterCheckpoint checkpoint = experiment::read_router_checkpoint(dir);
  const ComponentSpec& spec =
      context.registry().find(ComponentKind::router, checkpoint.router.plugin, dir + "/router.json#/plugin");
  const std::string where = spec.id() + ": export";
  if (checkpoint.backbone) {
    throw ConfigError(where + ": the int8 runtime runs the router's built-in backbone only (expected no \"backbone\" "
                      "in " + dir + "/router.json, got " + checkpoint.backbone->plugin + ")");
  }
  const std::string symbol = "msat_" + checkpoint.router.plugin + "_export_int8";
  boost::dll::shared_library library(spec.library->path);
  if (!library.has(symbol)) throw ConfigError(where + ": plugin does not support int8 export (no " + symbol + " in " + spec.library->path + ")");

  nlohmann::json models = nlohmann::json::array();
  for (const auto& model : checkpoint.models) {
    models.push_back({{"name", model.name}, {"cost", model.cost}, {"aptitude", model.aptitude}});
  }
  const nlohmann::json zoo = {{"id", checkpoint.id}, {"tasks", checkpoint.tasks}, {"models", models}, {"zoos", checkpoint.zoos}};
  char error[2048] = {0};
  const int ok = library.get<ExportInt8>(symbol)(checkpoint.router.config.dump().c_str(), (dir + "/router.state").c_str(),
                                                 zoo.dump().c_str(), out.c_str(), error, sizeof(error));
  if (ok != 1) throw ConfigError(spec.id() + ": " + std::string(error));
  context.out() << "wrote " << out << " (" << std::filesystem::file_size(out) << " bytes, int8, " << checkpoint.models.size()
                << " models, " << checkpoint.tasks.size() << " aptitude tasks)\n";
  if (n_examples > 0) {
    const std::filesystem::path examples_path = std::filesystem::path(out).parent_path() / "examples.json";
    const nlohmann::json examples = test_examples(checkpoint, n_examples);
    write_file_atomic(examples_path.string(), examples.dump(1) + "\n");
    context.out() << "wrote " << examples_path.string() << " (" << examples.at("questions").size() << " test questions)\n";
  }
  return 0;
}

}  // namespace modelsat::cli
