// Loading and validating experiment manifests: schema check, defaults, semantic checks, component configs.
#include "modelsat/experiment/manifest.h"

#include "modelsat/component_handles.h"
#include "modelsat/error.h"
#include "modelsat/json_util.h"
#include "modelsat/schema.h"

#include <filesystem>
#include <regex>
#include <set>

namespace modelsat::experiment {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

std::string resolve_path(const std::string& base_dir, const std::string& value) {
  if (value.empty()) return value;
  const fs::path path(value);
  return (path.is_absolute() ? path : fs::path(base_dir) / path).lexically_normal().string();
}

ComponentRef component_ref(const json& block, const std::string& location) {
  return ComponentRef{block.at("name").get<std::string>(), block.at("config"), location};
}

void check_device(const std::string& device, const std::string& location) {
  static const std::regex pattern("cpu|cuda(:[0-9]+)?");
  if (!std::regex_match(device, pattern)) {
    throw ConfigError(location + ": invalid value: unknown device (expected cpu, cuda or cuda:N, got \"" + device + "\")");
  }
}

}  // namespace

Manifest load_manifest(const std::string& path) {
  static const ConfigSchema schema = ConfigSchema::parse(manifest_schema_json(), "manifest schema");
  const json raw = read_json_file(path);
  const std::string root = path + "#";
  Manifest manifest;
  manifest.path = path;
  manifest.resolved = schema.resolve(raw, root);
  const json& r = manifest.resolved;
  const std::string base = fs::path(path).parent_path().string();

  manifest.name = r.at("name").get<std::string>();
  manifest.description = r.at("description").get<std::string>();
  manifest.dataset_dir = resolve_path(base, r.at("dataset").get<std::string>());
  manifest.split_file = resolve_path(base, r.at("split").get<std::string>());
  manifest.aptitude_file = resolve_path(base, r.at("aptitude").get<std::string>());
  manifest.zoo = r.at("zoo").get<std::string>();
  manifest.models = r.at("models").get<std::vector<std::string>>();
  manifest.unseen_models = r.at("unseen_models").get<std::vector<std::string>>();
  if (!manifest.models.empty() && manifest.zoo != "all") {
    throw ConfigError(root + "/models: contradictory settings: give either a named zoo or an explicit model list "
                             "(expected zoo \"all\" with models, got zoo \"" + manifest.zoo + "\")");
  }
  if (r.contains("encoder")) manifest.encoder = component_ref(r.at("encoder"), root + "/encoder");

  static const std::regex id_pattern("[A-Za-z0-9][A-Za-z0-9_.-]*");
  std::set<std::string> ids;
  const json& routers = r.at("routers");
  for (size_t i = 0; i < routers.size(); ++i) {
    const std::string location = pointer_join(root + "/routers", i);
    RouterEntry entry;
    entry.id = routers[i].at("id").get<std::string>();
    if (!std::regex_match(entry.id, id_pattern)) {
      throw ConfigError(location + "/id: invalid value: router ids name folders (expected [A-Za-z0-9][A-Za-z0-9_.-]*, "
                                   "got \"" + entry.id + "\")");
    }
    if (!ids.insert(entry.id).second) {
      throw ConfigError(location + "/id: duplicated router id: each router needs its own id (got \"" + entry.id +
                        "\" twice)");
    }
    entry.router = component_ref(routers[i], location);
    if (routers[i].contains("backbone")) entry.backbone = component_ref(routers[i].at("backbone"), location + "/backbone");
    manifest.routers.push_back(std::move(entry));
  }

  const json& policies = r.at("policies");
  manifest.lambdas = policies.at("lambdas").get<std::vector<double>>();
  if (policies.contains("threshold")) {
    const json& t = policies.at("threshold");
    manifest.threshold = ThresholdPolicy{t.at("strong").get<std::string>(), t.at("weak").get<std::string>(),
                                         t.at("strong_shares").get<std::vector<double>>()};
    if (manifest.threshold->strong == manifest.threshold->weak) {
      throw ConfigError(root + "/policies/threshold/weak: invalid value: the weak model must differ from the strong "
                               "one (expected another model, got \"" + manifest.threshold->weak + "\")");
    }
  }
  if (policies.contains("timeline")) {
    manifest.timeline = TimelinePolicy{policies.at("timeline").at("top_k").get<size_t>()};
    if (manifest.unseen_models.empty()) {
      throw ConfigError(root + "/policies/timeline: no newcomers: the timeline's newcomers are the unseen models "
                               "(expected a non-empty \"unseen_models\", got none)");
    }
  }
  manifest.bootstrap_resamples = r.at("metrics").at("bootstrap_resamples").get<size_t>();
  manifest.confidence = r.at("metrics").at("confidence").get<double>();
  manifest.seeds = r.at("seeds").get<std::vector<uint64_t>>();
  std::set<uint64_t> unique_seeds(manifest.seeds.begin(), manifest.seeds.end());
  if (unique_seeds.size() != manifest.seeds.size()) {
    throw ConfigError(root + "/seeds: duplicated seed: each seed runs once (expected distinct seeds, got " +
                      r.at("seeds").dump() + ")");
  }
  manifest.query_text_with_choices = r.at("query_text").get<std::string>() == "question_and_choices";
  manifest.device = r.at("device").get<std::string>();
  check_device(manifest.device, root + "/device");
  manifest.threads = r.at("threads").get<int>();
  const std::string output = r.at("output").get<std::string>();
  manifest.output_dir = output.empty() ? (fs::path(base) / "results" / manifest.name).lexically_normal().string()
                                       : resolve_path(base, output);
  return manifest;
}

void check_components(Manifest& manifest, const ComponentRegistry& registry) {
  auto check = [&](const ComponentRef& ref, ComponentKind kind, json& resolved_block) {
    const ComponentSpec& spec = registry.find(kind, ref.name, ref.location + "/name");
    resolved_block["config"] = resolve_config(spec, ref.config, ref.location + "/config");
  };
  if (manifest.encoder) check(*manifest.encoder, ComponentKind::encoder, manifest.resolved["encoder"]);
  for (size_t i = 0; i < manifest.routers.size(); ++i) {
    json& block = manifest.resolved["routers"][i];
    check(manifest.routers[i].router, ComponentKind::router, block);
    if (manifest.routers[i].backbone) check(*manifest.routers[i].backbone, ComponentKind::backbone, block["backbone"]);
  }
}

}  // namespace modelsat::experiment
