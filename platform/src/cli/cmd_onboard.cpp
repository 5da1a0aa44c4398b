// `modelsat onboard`: adds a new model to a router checkpoint's zoo from its aptitude results alone (no retraining).
#include "arg_parser.h"
#include "commands.h"

#include "modelsat/error.h"
#include "modelsat/experiment/router_checkpoint.h"
#include "modelsat/json_util.h"

#include <algorithm>
#include <cmath>
#include <ostream>
#include <sstream>

namespace modelsat::cli {
namespace {

/// "0.5, 0.7 0.2" -> numbers; UsageError naming the bad entry.
std::vector<float> parse_values(const std::string& text) {
  std::vector<float> values;
  std::string normalized = text;
  std::replace(normalized.begin(), normalized.end(), ',', ' ');
  std::stringstream stream(normalized);
  std::string token;
  while (stream >> token) {
    try {
      size_t used = 0;
      const float value = std::stof(token, &used);
      if (used == token.size()) {
        values.push_back(value);
        continue;
      }
    } catch (const std::exception&) {
    }
    throw UsageError("modelsat onboard: --aptitude: entry " + std::to_string(values.size() + 1) +
                     " is not a number (expected an accuracy in [0, 1], got \"" + token + "\")");
  }
  return values;
}

/// The vector of `modelsat aptitude score --json` ({"vector": [...]}) or {"aptitude": [...]}.
std::vector<float> read_values_file(const std::string& path) {
  const nlohmann::json file = read_json_file(path);
  const char* key = file.is_object() && file.contains("vector") ? "vector" : "aptitude";
  if (!file.is_object() || !file.contains(key) || !file[key].is_array()) {
    throw ConfigError(path + "#: no aptitude results (expected an object with \"vector\" (from `modelsat aptitude "
                             "score --json`) or \"aptitude\": an array of accuracies, got " + describe_json(file) + ")");
  }
  std::vector<float> values;
  for (size_t i = 0; i < file[key].size(); ++i) {
    const nlohmann::json& value = file[key][i];
    if (!value.is_number()) {
      throw ConfigError(pointer_join(path + "#/" + key, i) + ": wrong type (expected number, got " + describe_json(value) + ")");
    }
    values.push_back(value.get<float>());
  }
  return values;
}

}  // namespace

int run_onboard_command(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat onboard", "Add a model to a router checkpoint's zoo from its aptitude results only: the "
                                       "router is not retrained (Model-SAT scores it from its aptitude vector).");
  parser.option("--router", "CKPT", "the router checkpoint folder to add the model to (router.json is rewritten)")
      .option("--name", "NAME", "the new model's name (not yet in the zoo)")
      .option("--aptitude", "VALUES", "its accuracy per aptitude task, comma- or space-separated, in task order")
      .option("--aptitude-file", "FILE", "or a JSON file: `modelsat aptitude score --json` output or {\"aptitude\": [...]}")
      .option("--cost", "C", "its cost per query in the dataset's unit (default 0)")
      .option("--zoo", "NAME", "also add it to this named zoo (repeatable; it always joins \"all\")", true)
      .epilog("example:\n  modelsat aptitude score --json --answers new.jsonl experiments/data/mmlu-pro/aptitude-t50-s20.json > new.json\n"
              "  modelsat onboard --router ckpt/model_sat --name New-Model --aptitude-file new.json --zoo small");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  for (const char* required : {"--router", "--name"}) {
    if (!parsed.flag(required)) {
      throw UsageError(std::string("modelsat onboard: missing ") + required + " (expected it, got none); see 'modelsat onboard --help'");
    }
  }
  if (parsed.flag("--aptitude") == parsed.flag("--aptitude-file")) {
    throw UsageError("modelsat onboard: give the aptitude results once (expected exactly one of --aptitude and "
                     "--aptitude-file, got " + std::string(parsed.flag("--aptitude") ? "both" : "neither") + ")");
  }
  const std::string dir = parsed.value("--router");
  const std::string name = parsed.value("--name");
  experiment::LoadedRouter loaded = experiment::load_router_checkpoint(dir, context.registry());
  experiment::RouterCheckpoint checkpoint = loaded.checkpoint;
  if (!loaded.router->caps().uses_aptitude) {
    throw UsageError("modelsat onboard: " + loaded.router->spec().id() + " does not read aptitude results, so a new "
                     "model cannot join it without retraining (expected a router such as model_sat)");
  }
  for (const auto& model : checkpoint.models) {
    if (model.name == name) {
      throw UsageError("modelsat onboard: --name: \"" + name + "\" is already in the zoo (expected a new model name)");
    }
  }
  const std::vector<float> aptitude = parsed.flag("--aptitude") ? parse_values(parsed.value("--aptitude"))
                                                                : read_values_file(parsed.value("--aptitude-file"));
  if (aptitude.size() != checkpoint.tasks.size()) {
    throw UsageError("modelsat onboard: aptitude results of the wrong length (expected " +
                     std::to_string(checkpoint.tasks.size()) + " accuracies, one per task, got " +
                     std::to_string(aptitude.size()) + ")");
  }
  for (size_t t = 0; t < aptitude.size(); ++t) {
    if (!std::isfinite(aptitude[t]) || aptitude[t] < 0.0F || aptitude[t] > 1.0F) {
      std::ostringstream got;
      got << aptitude[t];
      throw UsageError("modelsat onboard: aptitude result " + std::to_string(t + 1) + " out of range (expected an "
                       "accuracy in [0, 1], got " + got.str() + ")");
    }
  }
  double cost = 0.0;
  if (parsed.flag("--cost")) {
    const std::string text = parsed.value("--cost");
    try {
      size_t used = 0;
      cost = std::stod(text, &used);
      if (used != text.size() || !std::isfinite(cost) || cost < 0) throw std::invalid_argument(text);
    } catch (const std::exception&) {
      throw UsageError("modelsat onboard: --cost: not a cost (expected a number >= 0, got \"" + text + "\")");
    }
  }
  for (const std::string& zoo : parsed.values("--zoo")) {
    if (checkpoint.zoos.count(zoo) == 0) {
      std::string known;
      for (const auto& [zoo_name, members] : checkpoint.zoos) known += (known.empty() ? "" : ", ") + zoo_name;
      throw UsageError("modelsat onboard: --zoo: unknown zoo (expected one of " + known + ", got \"" + zoo + "\")");
    }
  }
  checkpoint.models.push_back({name, cost, aptitude, false});
  checkpoint.zoos["all"].push_back(name);
  for (const std::string& zoo : parsed.values("--zoo")) checkpoint.zoos[zoo].push_back(name);
  experiment::rewrite_checkpoint_zoo(dir, checkpoint);
  context.out() << "onboarded " << name << " into " << dir << " (" << checkpoint.models.size()
                << " models now; no retraining)\n";
  return 0;
}

}  // namespace modelsat::cli
