// Fitting one router of a manifest: encoder + embedding cache, router (+ backbone) fit, and its checkpoint record.
#include "modelsat/experiment/router_fitting.h"

#include "modelsat/error.h"
#include "modelsat/experiment/embedding_cache.h"
#include "modelsat/experiment/routing_sets.h"
#include "modelsat/json_util.h"
#include "modelsat/log.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace fs = std::filesystem;

namespace modelsat::experiment {

Encoded encode_rows(const Manifest& manifest, const ComponentRegistry& registry, const ExperimentData& data,
                    const std::string& cache_dir) {
  Encoded encoded;
  if (!manifest.encoder) return encoded;
  const ComponentSpec& spec = registry.find(ComponentKind::encoder, manifest.encoder->name, manifest.encoder->location + "/name");
  CreateContext context;
  context.device = manifest.device;
  context.seed = manifest.seeds.front();
  context.threads = manifest.threads;
  context.work_dir = cache_dir + "/encoder";
  encoded.encoder = std::make_unique<EncoderHandle>(spec, manifest.encoder->config, context,
                                                    manifest.encoder->location + "/config");
  if (encoded.encoder->trainable()) {
    const std::string state = cache_dir + "/encoder.state";
    if (fs::exists(state)) {
      encoded.encoder->load(state);
    } else {
      std::vector<std::string> corpus, sources;
      for (size_t row : data.train_rows) {
        corpus.push_back(data.dataset.questions[row].text);
        sources.push_back(data.dataset.questions[row].source);
      }
      log_info(spec.id(), "training on " + std::to_string(corpus.size()) + " training questions");
      encoded.encoder->fit(corpus, sources);
      fs::create_directories(cache_dir);
      encoded.encoder->save(state);
    }
  }
  std::vector<std::string> texts;
  for (const auto& question : data.dataset.questions) texts.push_back(question.text);
  encoded.embeddings = EmbeddingCache(cache_dir).embed(*encoded.encoder, texts);
  return encoded;
}

FittedRouter fit_router(const Manifest& manifest, const ComponentRegistry& registry, const ExperimentData& data,
                        const Encoded& encoded, const RouterEntry& entry, uint64_t seed, const std::string& work_dir) {
  CreateContext context;
  context.input_dim = encoded.embeddings.defined() ? encoded.embeddings.size(1) : 0;
  context.device = manifest.device;
  context.seed = seed;
  context.threads = manifest.threads;
  context.work_dir = work_dir;
  context.encoder = encoded.encoder ? encoded.encoder->get() : nullptr;
  FittedRouter fitted;
  if (entry.backbone) {
    const ComponentSpec& spec = registry.find(ComponentKind::backbone, entry.backbone->name, entry.backbone->location + "/name");
    fitted.backbone = std::make_unique<BackboneHandle>(spec, entry.backbone->config, context, entry.backbone->location + "/config");
    context.backbone = fitted.backbone->get();
  }
  const ComponentSpec& spec = registry.find(ComponentKind::router, entry.router.name, entry.router.location + "/name");
  fitted.router = std::make_unique<RouterHandle>(spec, entry.router.config, context, entry.router.location + "/config");
  fitted.caps = fitted.router->caps();
  if (fitted.caps.needs_embeddings && !encoded.embeddings.defined()) {
    throw ConfigError(entry.router.location + ": " + spec.id() + " reads query embeddings: add an \"encoder\" block to "
                                              "the manifest (expected an encoder, got none)");
  }
  const Disclosure disclosure{fitted.caps.sees_gold, fitted.caps.sees_candidate_answers};
  const RoutingSet train = make_routing_set(data, data.train_rows, data.seen_columns, encoded.embeddings, disclosure);
  const RoutingSet validation = make_routing_set(data, data.val_rows, data.seen_columns, encoded.embeddings, disclosure);
  const auto start = std::chrono::steady_clock::now();
  fitted.router->fit(train, data.val_rows.empty() ? nullptr : &validation);
  fitted.fit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return fitted;
}

RouterCheckpoint checkpoint_record(const Manifest& manifest, const ExperimentData& data, const RouterEntry& entry,
                                   uint64_t seed) {
  RouterCheckpoint checkpoint;
  checkpoint.id = entry.id;
  // The resolved manifest holds every component config with its defaults filled (check_components).
  const auto& routers = manifest.resolved.at("routers");
  const auto resolved = std::find_if(routers.begin(), routers.end(), [&](const nlohmann::json& router) {
    return router.at("id").get<std::string>() == entry.id;
  });
  checkpoint.router = {entry.router.name, resolved->at("config")};
  if (entry.backbone) checkpoint.backbone = CheckpointComponent{entry.backbone->name, resolved->at("backbone").at("config")};
  if (manifest.encoder) checkpoint.encoder = CheckpointComponent{manifest.encoder->name, manifest.resolved.at("encoder").at("config")};
  checkpoint.seed = seed;
  checkpoint.device = manifest.device;
  checkpoint.threads = manifest.threads;
  checkpoint.tasks = data.task_descriptions;
  checkpoint.query_text_with_choices = manifest.query_text_with_choices;
  for (size_t m = 0; m < data.dataset.models.size(); ++m) {
    const bool seen = std::find(data.seen_columns.begin(), data.seen_columns.end(), m) != data.seen_columns.end();
    checkpoint.models.push_back({data.dataset.models[m], data.costs[m], data.aptitude[m], seen});
  }
  checkpoint.zoos["all"] = data.dataset.models;
  const std::string zoos_file = manifest.dataset_dir + "/zoos.json";
  if (fs::exists(zoos_file)) {
    const nlohmann::json zoos = read_json_file(zoos_file);
    for (const auto& zoo : zoos.value("zoos", nlohmann::json::array())) {
      const auto members = zoo.at("members").get<std::vector<std::string>>();
      const bool inside = std::all_of(members.begin(), members.end(), [&](const std::string& name) {
        return std::find(data.dataset.models.begin(), data.dataset.models.end(), name) != data.dataset.models.end();
      });
      if (inside) checkpoint.zoos[zoo.at("name").get<std::string>()] = members;
    }
  }
  checkpoint.dataset = fs::absolute(manifest.dataset_dir).lexically_normal().string();
  checkpoint.split = fs::absolute(manifest.split_file).lexically_normal().string();
  checkpoint.manifest = fs::absolute(manifest.path).lexically_normal().string();
  return checkpoint;
}

}  // namespace modelsat::experiment
