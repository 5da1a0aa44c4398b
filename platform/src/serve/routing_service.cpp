// RoutingService: candidate selection (zoo, names, onboarded models), routing through msq::Router, onboarding.
#include "routing_service.h"

#include "api_error.h"
#include "request_body.h"

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"
#include "modelsat/json_util.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>

namespace modelsat::serve {
namespace {

constexpr int kConflict = 409;
constexpr int kUnprocessable = 422;
constexpr size_t kMaxNameBytes = 200;
constexpr const char* kPersistFormat = "modelsat-onboarded-models";
constexpr int kPersistVersion = 1;

/// The shortest decimal that reads back as the same float (0.55f is listed as 0.55, not 0.550000011920929).
double shortest_decimal(float value) {
  char text[32];
  for (int digits = 6; digits < 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(value));
    if (std::strtof(text, nullptr) == value) return std::strtod(text, nullptr);
  }
  std::snprintf(text, sizeof text, "%.9g", static_cast<double>(value));
  return std::strtod(text, nullptr);
}

nlohmann::json aptitude_json(const std::vector<float>& aptitude) {
  nlohmann::json values = nlohmann::json::array();
  for (float value : aptitude) values.push_back(shortest_decimal(value));
  return values;
}

nlohmann::json describe_model(const msq::Candidate& model, bool onboarded) {
  return {{"name", model.name}, {"cost", model.cost}, {"aptitude", aptitude_json(model.aptitude)},
          {"onboarded", onboarded}};
}

const msq::Candidate* find_model(const std::vector<msq::Candidate>& models, const std::string& name) {
  for (const msq::Candidate& model : models)
    if (model.name == name) return &model;
  return nullptr;
}

/// A model name: 1..200 bytes, no control characters.
void check_name(const std::string& name, const std::string& location) {
  if (name.empty() || name.size() > kMaxNameBytes)
    throw ApiError(kUnprocessable, location + ": bad model name (expected 1 to " + std::to_string(kMaxNameBytes) +
                                       " bytes, got " + std::to_string(name.size()) + ")");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f)
      throw ApiError(kUnprocessable, location + ": bad model name (expected no control characters, got byte " +
                                         std::to_string(static_cast<int>(c)) + ")");
}

/// Reads one onboarding record ({"name", "aptitude", "cost"?}) located at where.
msq::Candidate read_candidate(const nlohmann::json& record, size_t n_tasks, const std::string& where) {
  reject_unknown_keys(record, {"name", "aptitude", "cost"}, where);
  msq::Candidate model;
  model.name = read_string(record, "name", where, true);
  check_name(model.name, pointer_join(where, "name"));
  model.aptitude = read_aptitude(record, "aptitude", n_tasks, where);
  model.cost = read_non_negative_number(record, "cost", where, 0.0);
  return model;
}

}  // namespace

RoutingService::RoutingService(msq::Router router, std::string persist_path)
    : router_(std::move(router)), persist_path_(std::move(persist_path)) {
  if (!persist_path_.empty() && std::filesystem::exists(persist_path_)) load_persisted();
}

nlohmann::json RoutingService::list_models() const {
  nlohmann::json models = nlohmann::json::array();
  for (const msq::Candidate& model : router_.zoo_models()) models.push_back(describe_model(model, false));
  {
    std::shared_lock lock(mutex_);
    for (const msq::Candidate& model : onboarded_) models.push_back(describe_model(model, true));
  }
  return {{"tasks", router_.task_descriptions()}, {"models", models}, {"zoos", router_.zoos()}};
}

std::vector<msq::Candidate> RoutingService::candidates_for(const nlohmann::json& request,
                                                           const std::string& where) const {
  const bool has_zoo = request.contains("zoo");
  const bool has_models = request.contains("models");
  if (has_zoo && has_models)
    throw ApiError(kUnprocessable, where + ": zoo and models: conflicting fields (expected at most one of them)");
  std::shared_lock lock(mutex_);
  std::vector<msq::Candidate> candidates;
  auto lookup = [&](const std::string& name, const std::string& location) {
    const msq::Candidate* model = find_model(router_.zoo_models(), name);
    if (model == nullptr) model = find_model(onboarded_, name);
    if (model == nullptr)
      throw ApiError(kUnprocessable, location + ": unknown model '" + name + "' (expected a name listed by GET /v1/models)");
    return *model;
  };
  if (has_models) {
    const std::vector<std::string> names = read_string_array(request, "models", where);
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string location = pointer_join(pointer_join(where, "models"), i);
      if (find_model(candidates, names[i]) != nullptr)
        throw ApiError(kUnprocessable, location + ": duplicated model '" + names[i] + "' (expected each name once)");
      candidates.push_back(lookup(names[i], location));
    }
    return candidates;
  }
  if (has_zoo) {
    const std::string zoo = read_string(request, "zoo", where, true);
    const auto it = router_.zoos().find(zoo);
    if (it == router_.zoos().end()) {
      std::string names;
      for (const auto& entry : router_.zoos()) names += (names.empty() ? "" : ", ") + entry.first;
      throw ApiError(kUnprocessable, pointer_join(where, "zoo") + ": unknown zoo '" + zoo + "' (expected one of " +
                                         (names.empty() ? std::string("none: this model has no zoos") : names) + ")");
    }
    for (const std::string& name : it->second) candidates.push_back(lookup(name, pointer_join(where, "zoo")));
  } else {
    candidates = router_.zoo_models();
  }
  candidates.insert(candidates.end(), onboarded_.begin(), onboarded_.end());
  return candidates;
}

nlohmann::json RoutingService::route(const nlohmann::json& request) const {
  const std::string where = "POST /v1/route";
  reject_unknown_keys(request, {"instruction", "zoo", "models"}, where);
  const std::string instruction = read_string(request, "instruction", where, true);
  if (instruction.find_first_not_of(" \t\r\n") == std::string::npos)
    throw ApiError(kUnprocessable, pointer_join(where, "instruction") + ": empty (expected some text to route)");
  const std::vector<msq::Candidate> candidates = candidates_for(request, where);

  const auto start = std::chrono::steady_clock::now();
  msq::Decision decision;
  try {
    decision = router_.route(instruction, candidates);
  } catch (const std::invalid_argument& error) {
    throw ApiError(kUnprocessable, where + ": " + error.what());
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  nlohmann::json names = nlohmann::json::array();
  nlohmann::json probabilities = nlohmann::json::object();
  for (size_t i = 0; i < candidates.size(); ++i) {
    names.push_back(candidates[i].name);
    probabilities[candidates[i].name] = decision.probabilities.at(i);
  }
  return {{"candidates", names},
          {"probabilities", probabilities},
          {"choice", candidates.at(decision.choice).name},
          {"truncated", decision.truncated},
          {"instruction_tokens", decision.instruction_tokens},
          {"ms", ms}};
}

bool RoutingService::has_model(const std::string& name) const {
  return find_model(router_.zoo_models(), name) != nullptr || find_model(onboarded_, name) != nullptr;
}

nlohmann::json RoutingService::onboard(const nlohmann::json& request) {
  const std::string where = "POST /v1/models";
  msq::Candidate model = read_candidate(request, router_.n_tasks(), where);
  std::unique_lock lock(mutex_);
  if (has_model(model.name))
    throw ApiError(kConflict, pointer_join(where, "name") + ": model '" + model.name +
                                  "' already exists (expected a name not listed by GET /v1/models)");
  if (onboarded_.size() >= kMaxOnboardedModels)
    throw ApiError(kConflict, where + ": too many onboarded models (expected at most " +
                                  std::to_string(kMaxOnboardedModels) + ")");
  onboarded_.push_back(model);
  if (!persist_path_.empty()) {
    try {
      save_persisted();
    } catch (...) {
      onboarded_.pop_back();
      throw;
    }
  }
  return describe_model(model, true);
}

void RoutingService::load_persisted() {
  const nlohmann::json file = read_json_file(persist_path_);
  try {
    if (!file.is_object())
      throw ApiError(kUnprocessable, persist_path_ + ": wrong type (expected an object, got " + describe_json(file) + ")");
    reject_unknown_keys(file, {"format", "version", "models"}, persist_path_);
    const std::string format = read_string(file, "format", persist_path_, true);
    if (format != kPersistFormat)
      throw ApiError(kUnprocessable, pointer_join(persist_path_, "format") + ": not an onboarded-models file (expected \"" +
                                         kPersistFormat + "\", got \"" + format + "\")");
    const nlohmann::json& version = file.value("version", nlohmann::json());
    if (version != kPersistVersion)
      throw ApiError(kUnprocessable, pointer_join(persist_path_, "version") + ": unsupported version (expected " +
                                         std::to_string(kPersistVersion) + ", got " + describe_json(version) + ")");
    const nlohmann::json& models = file.value("models", nlohmann::json());
    if (!models.is_array())
      throw ApiError(kUnprocessable, pointer_join(persist_path_, "models") + ": wrong type (expected an array, got " +
                                         describe_json(models) + ")");
    for (size_t i = 0; i < models.size(); ++i) {
      const std::string where = pointer_join(pointer_join(persist_path_, "models"), i);
      if (!models[i].is_object())
        throw ApiError(kUnprocessable, where + ": wrong type (expected an object, got " + describe_json(models[i]) + ")");
      msq::Candidate model = read_candidate(models[i], router_.n_tasks(), where);
      if (has_model(model.name))
        throw ApiError(kConflict, pointer_join(where, "name") + ": model '" + model.name + "' already exists");
      onboarded_.push_back(std::move(model));
    }
  } catch (const ApiError& error) {
    throw DataError(error.what());
  }
}

void RoutingService::save_persisted() const {
  nlohmann::json models = nlohmann::json::array();
  for (const msq::Candidate& model : onboarded_)
    models.push_back({{"name", model.name}, {"cost", model.cost}, {"aptitude", aptitude_json(model.aptitude)}});
  const nlohmann::json file = {{"format", kPersistFormat}, {"version", kPersistVersion}, {"models", models}};
  write_file_atomic(persist_path_, file.dump(2) + "\n");
}

}  // namespace modelsat::serve
