// `modelsat route`: scores instructions with a router checkpoint over a zoo and prints each model's score and the choice.
#include "arg_parser.h"
#include "commands.h"

#include "modelsat/error.h"
#include "modelsat/experiment/experiment_data.h"
#include "modelsat/experiment/router_checkpoint.h"
#include "modelsat/log.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace modelsat::cli {
namespace {

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> names;
  std::stringstream stream(text);
  std::string name;
  while (std::getline(stream, name, ',')) {
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

/// Indices into checkpoint.models of the candidates the user asked for (--models, else --zoo, else every model the
/// router can score: all of them when it reads aptitude results, else those it was trained on).
std::vector<size_t> pick_candidates(const experiment::RouterCheckpoint& checkpoint, const ParsedArgs& parsed,
                                    bool uses_aptitude) {
  std::vector<std::string> names;
  if (parsed.flag("--models")) {
    names = split_names(parsed.value("--models"));
  } else if (parsed.flag("--zoo")) {
    const std::string zoo = parsed.value("--zoo");
    const auto found = checkpoint.zoos.find(zoo);
    if (found == checkpoint.zoos.end()) {
      std::string known;
      for (const auto& [name, members] : checkpoint.zoos) known += (known.empty() ? "" : ", ") + name;
      throw UsageError("modelsat route: --zoo: unknown zoo (expected one of " + known + ", got \"" + zoo + "\")");
    }
    names = found->second;
  } else {
    for (const auto& model : checkpoint.models) {
      if (uses_aptitude || model.seen_in_training) names.push_back(model.name);
    }
  }
  if (names.empty()) throw UsageError("modelsat route: --models: no model named (expected a comma-separated list, got none)");
  std::vector<size_t> columns;
  for (const std::string& name : names) {
    const auto found = std::find_if(checkpoint.models.begin(), checkpoint.models.end(),
                                    [&](const auto& model) { return model.name == name; });
    if (found == checkpoint.models.end()) {
      throw UsageError("modelsat route: unknown model \"" + name + "\": not in the checkpoint's zoo (expected one of its " +
                       std::to_string(checkpoint.models.size()) + " models; add a new one with `modelsat onboard`)");
    }
    columns.push_back(static_cast<size_t>(found - checkpoint.models.begin()));
  }
  return columns;
}

}  // namespace

int run_route_command(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat route", "Route instructions with a router checkpoint: every candidate's score (P(correct) "
                                     "for Model-SAT) and the chosen model (argmax).");
  parser.option("--router", "CKPT", "a router checkpoint folder (from `modelsat train` or a results folder's "
                                    "jobs/<router>/seed-<n>/checkpoint)")
      .option("--zoo", "NAME", "route over this named zoo of the checkpoint (default: every model it knows)")
      .option("--models", "A,B,...", "route over these models (comma-separated)")
      .option("--device", "DEVICE", "cpu or cuda (default: the checkpoint's device)")
      .option("--choice", "TEXT", "append \"A. TEXT\" (then B., C., ...) on its own line to every instruction, as a "
                                  "manifest with query_text question_and_choices does; repeatable, at most 26", true)
      .flag("--json", "print {\"router\", \"candidates\", \"results\": [{\"instruction\", \"scores\", \"choice\"}]}; "
                      "\"instruction\" is the text routed, with any --choice lines")
      .variadic_positional("INSTRUCTION", "the instruction(s) to route")
      .epilog("example:\n  modelsat route --router ckpt/model_sat --zoo small \"What is the derivative of x^2?\"");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  if (!parsed.flag("--router")) {
    throw UsageError("modelsat route: missing --router CKPT (expected a router checkpoint folder, got none); see 'modelsat route --help'");
  }
  for (size_t i = 0; i < parsed.positionals.size(); ++i) {
    if (is_blank(parsed.positionals[i])) {
      throw UsageError("modelsat route: instruction " + std::to_string(i + 1) +
                       " is empty (expected text to route, got \"" + parsed.positionals[i] + "\")");
    }
  }
  const std::vector<std::string> choices = parsed.values("--choice");
  if (choices.size() > experiment::kMaxLetteredChoices) {
    throw UsageError("modelsat route: --choice: too many choices (expected at most " +
                     std::to_string(experiment::kMaxLetteredChoices) + ", lettered A to Z, got " +
                     std::to_string(choices.size()) + "); see 'modelsat route --help'");
  }
  for (size_t c = 0; c < choices.size(); ++c) {
    if (is_blank(choices[c])) {
      throw UsageError("modelsat route: --choice " + std::to_string(c + 1) + " is empty (expected the choice's text, "
                       "got \"" + choices[c] + "\"); see 'modelsat route --help'");
    }
  }
  experiment::LoadedRouter loaded =
      experiment::load_router_checkpoint(parsed.value("--router"), context.registry(), parsed.value("--device"));
  const experiment::RouterCheckpoint& checkpoint = loaded.checkpoint;
  const RouterCaps caps = loaded.router->caps();
  const std::vector<size_t> wanted = pick_candidates(checkpoint, parsed, caps.uses_aptitude);

  // A router without aptitude input scores exactly the models it was trained on, in training order.
  std::vector<size_t> scored;
  if (caps.uses_aptitude) {
    scored = wanted;
  } else {
    for (size_t m = 0; m < checkpoint.models.size(); ++m) {
      if (checkpoint.models[m].seen_in_training) scored.push_back(m);
    }
    for (size_t m : wanted) {
      if (!checkpoint.models[m].seen_in_training) {
        throw UsageError("modelsat route: model \"" + checkpoint.models[m].name + "\": " + loaded.router->spec().id() +
                         " cannot route to a model it was not trained on (expected a router that reads aptitude "
                         "results, such as model_sat, got one that does not)");
      }
    }
  }
  if (caps.sees_gold || caps.sees_candidate_answers) {
    throw UsageError("modelsat route: " + loaded.router->spec().id() + " reads the candidates' answers or the gold "
                     "labels, which a new instruction does not have (expected a pre-generation router)");
  }
  CandidateSet candidates;
  candidates.task_descriptions = checkpoint.tasks;
  for (size_t m : scored) {
    const auto& model = checkpoint.models[m];
    candidates.models.push_back(ModelCard{model.name, model.cost, model.aptitude});
  }
  if (checkpoint.query_text_with_choices && choices.empty()) {
    log_warn("modelsat route", loaded.router->spec().id() + " was trained on questions followed by their lettered "
             "choices (query_text question_and_choices); pass the choices with --choice to give it that text");
  } else if (!checkpoint.query_text_with_choices && !choices.empty()) {
    log_warn("modelsat route", loaded.router->spec().id() + " was trained on questions alone (query_text question); "
             "--choice gives it text of another form than it was trained on");
  }
  QueryBatch queries;
  for (size_t i = 0; i < parsed.positionals.size(); ++i) {
    queries.ids.push_back("cli-" + std::to_string(i + 1));
    queries.texts.push_back(experiment::with_lettered_choices(parsed.positionals[i], choices));
    queries.categories.emplace_back();
  }
  if (caps.needs_embeddings) queries.embeddings = loaded.encoder->encode(queries.texts);
  const at::Tensor scores = loaded.router->score(queries, candidates).contiguous();
  const float* values = scores.data_ptr<float>();

  nlohmann::json report = {{"router", loaded.router->spec().id()}, {"results", nlohmann::json::array()}};
  for (size_t m : wanted) report["candidates"].push_back(checkpoint.models[m].name);
  for (size_t q = 0; q < queries.texts.size(); ++q) {
    nlohmann::json result = {{"instruction", queries.texts[q]}, {"scores", nlohmann::json::object()}};
    size_t best = wanted.front();
    float best_score = 0.0F;
    bool first = true;
    for (size_t m : wanted) {
      const size_t column = static_cast<size_t>(std::find(scored.begin(), scored.end(), m) - scored.begin());
      const float score = values[q * scored.size() + column];
      result["scores"][checkpoint.models[m].name] = score;
      if (first || score > best_score) {
        best = m;
        best_score = score;
        first = false;
      }
    }
    result["choice"] = checkpoint.models[best].name;
    report["results"].push_back(result);
  }
  if (parsed.flag("--json")) {
    context.out() << report.dump(2) << "\n";
    return 0;
  }
  for (const auto& result : report["results"]) {
    context.out() << "instruction: " << result["instruction"].get<std::string>() << "\n";
    for (const auto& candidate : report["candidates"]) {
      const std::string name = candidate.get<std::string>();
      const bool chosen = name == result["choice"].get<std::string>();
      context.out() << (chosen ? "  * " : "    ") << std::left << std::setw(40) << name << std::fixed
                    << std::setprecision(4) << result["scores"][name].get<float>() << "\n";
    }
    context.out() << "choice: " << result["choice"].get<std::string>() << "\n";
  }
  return 0;
}

}  // namespace modelsat::cli
