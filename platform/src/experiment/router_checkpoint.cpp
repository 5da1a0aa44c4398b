// Router checkpoints: writes and reads router.json + states, and rebuilds the router through the plugin registry.
#include "modelsat/experiment/router_checkpoint.h"

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"
#include "modelsat/json_util.h"
#include "modelsat/schema.h"
#include "modelsat/sha256.h"

#include <filesystem>

namespace fs = std::filesystem;
using nlohmann::json;

namespace modelsat::experiment {
namespace {

const char* const kCheckpointSchema = R"({
  "type": "object",
  "required": ["format", "version", "id", "router", "seed", "device", "threads", "tasks", "models", "zoos",
               "dataset", "split", "manifest", "router_state_sha256"],
  "properties": {
    "format": {"type": "string", "enum": ["modelsat.router_checkpoint"]},
    "version": {"type": "integer"},
    "id": {"type": "string", "minLength": 1},
    "router": {"type": "object", "required": ["plugin", "config"], "properties": {
      "plugin": {"type": "string", "minLength": 1}, "config": {"type": "object", "additionalProperties": true}}},
    "backbone": {"type": "object", "required": ["plugin", "config"], "properties": {
      "plugin": {"type": "string", "minLength": 1}, "config": {"type": "object", "additionalProperties": true}}},
    "encoder": {"type": "object", "required": ["plugin", "config"], "properties": {
      "plugin": {"type": "string", "minLength": 1}, "config": {"type": "object", "additionalProperties": true},
      "state_sha256": {"type": "string"}}},
    "seed": {"type": "integer", "minimum": 0},
    "device": {"type": "string", "minLength": 1},
    "threads": {"type": "integer", "minimum": 1},
    "tasks": {"type": "array", "items": {"type": "string"}},
    "query_text": {"type": "string", "enum": ["question", "question_and_choices"], "default": "question",
      "description": "the manifest's query_text; checkpoints written before it was recorded read the question alone"},
    "models": {"type": "array", "minItems": 1, "items": {"type": "object",
      "required": ["name", "cost", "aptitude", "seen_in_training"], "properties": {
        "name": {"type": "string", "minLength": 1}, "cost": {"type": "number", "minimum": 0},
        "aptitude": {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 1}},
        "seen_in_training": {"type": "boolean"}}}},
    "zoos": {"type": "object", "additionalProperties": true},
    "dataset": {"type": "string"},
    "split": {"type": "string"},
    "manifest": {"type": "string"},
    "router_state_sha256": {"type": "string"}
  }
})";

const ConfigSchema& checkpoint_schema() {
  static const ConfigSchema schema = ConfigSchema::parse(kCheckpointSchema, "router checkpoint schema");
  return schema;
}

json component_json(const CheckpointComponent& component) {
  return {{"plugin", component.plugin}, {"config", component.config}};
}

CheckpointComponent component_from(const json& value) {
  return {value.at("plugin").get<std::string>(), value.at("config")};
}

json models_json(const std::vector<CheckpointModel>& models) {
  json out = json::array();
  for (const CheckpointModel& model : models) {
    out.push_back({{"name", model.name}, {"cost", model.cost}, {"aptitude", model.aptitude},
                   {"seen_in_training", model.seen_in_training}});
  }
  return out;
}

void check_state(const std::string& path, const std::string& expected) {
  if (!fs::exists(path)) throw IoError(path + ": missing: a router checkpoint needs it (expected the file, got none)");
  const std::string actual = sha256_file(path);
  if (actual != expected) {
    throw DataError(path + ": checksum mismatch: the file changed after the checkpoint was written (expected sha256 " +
                    expected + ", got " + actual + ")");
  }
}

}  // namespace

void write_router_checkpoint(const std::string& dir, const RouterCheckpoint& checkpoint, const RouterHandle& router,
                             const EncoderHandle* encoder) {
  fs::create_directories(dir);
  const std::string router_state = dir + "/router.state";
  router.save(router_state);
  json record = {{"format", kRouterCheckpointFormat},
                 {"version", kRouterCheckpointVersion},
                 {"id", checkpoint.id},
                 {"router", component_json(checkpoint.router)},
                 {"seed", checkpoint.seed},
                 {"device", checkpoint.device},
                 {"threads", checkpoint.threads},
                 {"tasks", checkpoint.tasks},
                 {"query_text", checkpoint.query_text_with_choices ? "question_and_choices" : "question"},
                 {"zoos", checkpoint.zoos},
                 {"dataset", checkpoint.dataset},
                 {"split", checkpoint.split},
                 {"manifest", checkpoint.manifest},
                 {"router_state_sha256", sha256_file(router_state)}};
  if (checkpoint.backbone) record["backbone"] = component_json(*checkpoint.backbone);
  if (checkpoint.encoder) {
    record["encoder"] = component_json(*checkpoint.encoder);
    if (encoder != nullptr && encoder->trainable()) {
      const std::string encoder_state = dir + "/encoder.state";
      encoder->save(encoder_state);
      record["encoder"]["state_sha256"] = sha256_file(encoder_state);
    }
  }
  record["models"] = models_json(checkpoint.models);
  write_file_atomic(dir + "/router.json", record.dump(1) + "\n");
}

RouterCheckpoint read_router_checkpoint(const std::string& dir) {
  if (!fs::is_directory(dir)) {
    throw IoError(dir + ": not a router checkpoint folder (expected a folder with router.json and router.state, got " +
                  (fs::exists(dir) ? "a file" : "nothing") + ")");
  }
  const std::string path = dir + "/router.json";
  if (!fs::exists(path)) {
    throw IoError(path + ": missing: not a finished router checkpoint (expected router.json written by `modelsat "
                         "train` or `modelsat run`, got none)");
  }
  const json raw = read_json_file(path);
  if (raw.is_object() && raw.contains("version") && raw["version"].is_number_integer() &&
      raw["version"].get<int>() != kRouterCheckpointVersion) {
    throw ConfigError(path + "#/version: unsupported checkpoint version (expected " +
                      std::to_string(kRouterCheckpointVersion) + ", got " + raw["version"].dump() + ")");
  }
  const json record = checkpoint_schema().resolve(raw, path + "#");
  RouterCheckpoint checkpoint;
  checkpoint.id = record["id"].get<std::string>();
  checkpoint.router = component_from(record["router"]);
  if (record.contains("backbone")) checkpoint.backbone = component_from(record["backbone"]);
  if (record.contains("encoder")) checkpoint.encoder = component_from(record["encoder"]);
  checkpoint.seed = record["seed"].get<uint64_t>();
  checkpoint.device = record["device"].get<std::string>();
  checkpoint.threads = record["threads"].get<int>();
  checkpoint.tasks = record["tasks"].get<std::vector<std::string>>();
  checkpoint.query_text_with_choices = record["query_text"] == "question_and_choices";
  checkpoint.dataset = record["dataset"].get<std::string>();
  checkpoint.split = record["split"].get<std::string>();
  checkpoint.manifest = record["manifest"].get<std::string>();
  for (size_t m = 0; m < record["models"].size(); ++m) {
    const json& model = record["models"][m];
    CheckpointModel out{model["name"].get<std::string>(), model["cost"].get<double>(),
                        model["aptitude"].get<std::vector<float>>(), model["seen_in_training"].get<bool>()};
    if (out.aptitude.size() != checkpoint.tasks.size()) {
      throw ConfigError(pointer_join(pointer_join(path + "#/models", m), "aptitude") +
                        ": aptitude results of the wrong length (expected " + std::to_string(checkpoint.tasks.size()) +
                        " tasks, got " + std::to_string(out.aptitude.size()) + ")");
    }
    checkpoint.models.push_back(std::move(out));
  }
  for (const auto& [name, members] : record["zoos"].items()) {
    const std::string where = pointer_join(path + "#/zoos", name);
    if (!members.is_array()) throw ConfigError(where + ": wrong type (expected array of model names, got " + json_type_name(members) + ")");
    std::vector<std::string> names;
    for (size_t i = 0; i < members.size(); ++i) {
      if (!members[i].is_string()) {
        throw ConfigError(pointer_join(where, i) + ": wrong type (expected string, got " + json_type_name(members[i]) + ")");
      }
      names.push_back(members[i].get<std::string>());
    }
    checkpoint.zoos[name] = std::move(names);
  }
  check_state(dir + "/router.state", record["router_state_sha256"].get<std::string>());
  if (record.contains("encoder") && record["encoder"].contains("state_sha256")) {
    check_state(dir + "/encoder.state", record["encoder"]["state_sha256"].get<std::string>());
  }
  return checkpoint;
}

void rewrite_checkpoint_zoo(const std::string& dir, const RouterCheckpoint& checkpoint) {
  read_router_checkpoint(dir);
  json record = read_json_file(dir + "/router.json");
  record["models"] = models_json(checkpoint.models);
  record["zoos"] = checkpoint.zoos;
  write_file_atomic(dir + "/router.json", record.dump(1) + "\n");
}

LoadedRouter load_router_checkpoint(const std::string& dir, const ComponentRegistry& registry,
                                    const std::string& device, const nlohmann::json& router_config_patch) {
  LoadedRouter loaded;
  loaded.checkpoint = read_router_checkpoint(dir);
  if (!router_config_patch.is_null()) loaded.checkpoint.router.config.merge_patch(router_config_patch);
  const RouterCheckpoint& checkpoint = loaded.checkpoint;
  const std::string where = dir + "/router.json#";
  CreateContext context;
  context.device = device.empty() ? checkpoint.device : device;
  context.seed = checkpoint.seed;
  context.threads = checkpoint.threads;
  context.work_dir = dir + "/work";
  if (checkpoint.encoder) {
    const ComponentSpec& spec = registry.find(ComponentKind::encoder, checkpoint.encoder->plugin, where + "/encoder/plugin");
    loaded.encoder = std::make_unique<EncoderHandle>(spec, checkpoint.encoder->config, context, where + "/encoder/config");
    if (loaded.encoder->trainable()) loaded.encoder->load(dir + "/encoder.state");
    context.input_dim = loaded.encoder->dim();
    context.encoder = loaded.encoder->get();
  }
  if (checkpoint.backbone) {
    const ComponentSpec& spec = registry.find(ComponentKind::backbone, checkpoint.backbone->plugin, where + "/backbone/plugin");
    loaded.backbone = std::make_unique<BackboneHandle>(spec, checkpoint.backbone->config, context, where + "/backbone/config");
    context.backbone = loaded.backbone->get();
  }
  const ComponentSpec& spec = registry.find(ComponentKind::router, checkpoint.router.plugin, where + "/router/plugin");
  loaded.router = std::make_unique<RouterHandle>(spec, checkpoint.router.config, context, where + "/router/config");
  loaded.router->load(dir + "/router.state");
  return loaded;
}

CandidateSet checkpoint_candidates(const RouterCheckpoint& checkpoint) {
  CandidateSet candidates;
  candidates.task_descriptions = checkpoint.tasks;
  for (const CheckpointModel& model : checkpoint.models) {
    candidates.models.push_back(ModelCard{model.name, model.cost, model.aptitude});
  }
  return candidates;
}

}  // namespace modelsat::experiment
