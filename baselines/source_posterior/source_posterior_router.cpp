// SourcePosteriorRouter: source classifier, shrunk per-source accuracy table chosen on validation, mixture scores.
#include "source_posterior_router.h"

#include "accuracy_table.h"
#include "routing_checks.h"
#include "state_file.h"

#include <modelsat/byte_tensor.h>
#include <modelsat/error.h>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <map>

namespace baselines {
namespace {

const char* const kName = "source_posterior";

void check_sources(const modelsat::RoutingSet& set, const std::string& which) {
  if (set.sources.size() != set.queries.texts.size()) {
    throw modelsat::DataError(std::string(kName) + ": fit: the " + which +
                              " queries need one source label each (expected " +
                              std::to_string(set.queries.texts.size()) + ", got " + std::to_string(set.sources.size()) +
                              ")");
  }
}

// The most frequent category of each source's training queries (the first in sort order on ties).
std::map<std::string, std::string> category_of_sources(const modelsat::RoutingSet& train) {
  std::map<std::string, std::map<std::string, int64_t>> counts;
  for (size_t q = 0; q < train.sources.size(); ++q) {
    const std::string category = q < train.queries.categories.size() ? train.queries.categories[q] : "";
    ++counts[train.sources[q]][category];
  }
  std::map<std::string, std::string> out;
  for (const auto& [source, by_category] : counts) {
    const auto* best = &*by_category.begin();
    for (const auto& entry : by_category) {
      if (entry.second > best->second) best = &entry;
    }
    out.emplace(source, best->first);
  }
  return out;
}

// Strength-independent training counts, one row per source: the hits of each model and the number of queries in the
// source, and the same in the source's category.
struct SourceCounts {
  at::Tensor source_hits;    ///< [n_sources, n_models] float64
  at::Tensor source_sizes;   ///< [n_sources, 1] float64
  at::Tensor category_hits;  ///< [n_sources, n_models] float64
  at::Tensor category_sizes; ///< [n_sources, 1] float64
};

SourceCounts count_sources(const at::Tensor& correct, const modelsat::RoutingSet& train,
                           const std::vector<std::string>& sources) {
  const bool has_categories = train.queries.categories.size() == train.sources.size();
  const auto by_source = group_hits(correct, train.sources);
  const auto by_category = group_hits(
      correct, has_categories ? train.queries.categories : std::vector<std::string>(train.sources.size()));
  const auto category_of = category_of_sources(train);
  const auto n_sources = static_cast<int64_t>(sources.size());
  SourceCounts counts{at::empty({n_sources, correct.size(1)}, at::kDouble), at::empty({n_sources, 1}, at::kDouble),
                      at::empty({n_sources, correct.size(1)}, at::kDouble), at::empty({n_sources, 1}, at::kDouble)};
  for (int64_t s = 0; s < n_sources; ++s) {
    const std::string& source = sources[static_cast<size_t>(s)];
    const auto& [source_hits, source_size] = by_source.at(source);
    const auto& [category_hits, category_size] = by_category.at(category_of.at(source));
    counts.source_hits[s].copy_(source_hits);
    counts.source_sizes[s].fill_(source_size);
    counts.category_hits[s].copy_(category_hits);
    counts.category_sizes[s].fill_(category_size);
  }
  return counts;
}

// [n_sources, n_models]: per-source accuracy shrunk towards its category's (held in float32, as a category table is),
// shrunk towards overall.
at::Tensor source_table(const SourceCounts& counts, const at::Tensor& overall, double strength) {
  const at::Tensor category =
      ((counts.category_hits + strength * overall.to(at::kDouble)) / (counts.category_sizes + strength))
          .to(at::kFloat)
          .to(at::kDouble);
  return ((counts.source_hits + strength * category) / (counts.source_sizes + strength)).to(at::kFloat);
}

// [texts.size(), n_sources] float32: the classifier's posterior of each text.
at::Tensor posteriors(const modelsat::text::SourceClassifier& classifier, const std::vector<std::string>& texts) {
  const size_t width = classifier.labels().size();
  return at::tensor(classifier.posterior_rows(texts, width), at::kFloat)
      .view({static_cast<int64_t>(texts.size()), static_cast<int64_t>(width)});
}

double routed_accuracy(const at::Tensor& scores, const at::Tensor& correct) {
  const at::Tensor picks = scores.argmax(1, true);
  return correct.gather(1, picks).to(at::kDouble).mean().item<double>();
}

}  // namespace

const char* const kSourcePosteriorSchema = R"json({
  "type": "object",
  "properties": {
    "alpha": {"type": "number", "exclusiveMinimum": 0, "default": 0.1,
              "description": "Laplace smoothing of the naive-Bayes word counts"},
    "word_pairs": {"type": "boolean", "default": true,
                   "description": "adjacent word pairs as features besides single words"},
    "smoothing": {"type": "number", "minimum": 0, "default": 1.0,
                  "description": "Laplace smoothing of each model's overall training accuracy"},
    "strengths": {"type": "array", "minItems": 1, "items": {"type": "number", "minimum": 0},
                  "default": [1, 3, 10, 30, 100, 300, 1000],
                  "description": "pseudo-queries pulling a source's accuracy towards its category's (and a category's towards overall); validation picks one"}
  }
})json";

std::unique_ptr<modelsat::Router> SourcePosteriorRouter::create(const modelsat::CreateContext& /*context*/,
                                                                const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  return std::make_unique<SourcePosteriorRouter>(SourcePosteriorConfig{
      config.at("alpha").get<double>(), config.at("word_pairs").get<bool>(), config.at("smoothing").get<double>(),
      config.at("strengths").get<std::vector<double>>()});
}

modelsat::RouterCaps SourcePosteriorRouter::caps() const {
  modelsat::RouterCaps caps;
  caps.needs_embeddings = false;
  return caps;
}

void SourcePosteriorRouter::fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) {
  const at::Tensor correct = checked_correct(kName, train);
  check_sources(train, "training");
  if (config_.strengths.size() > 1 && validation == nullptr) {
    throw modelsat::ConfigError(std::string(kName) + ": fit: choosing among " +
                                std::to_string(config_.strengths.size()) +
                                " strengths needs a validation set (expected a validation set or one strength, got "
                                "no validation set)");
  }
  try {
    classifier_.fit(train.queries.texts, train.sources, config_.alpha, config_.word_pairs);
  } catch (const modelsat::DataError& error) {
    throw modelsat::DataError(std::string(kName) + ": fit: " + error.what());
  }
  models_ = model_names(train.candidates);
  const at::Tensor overall = smoothed_accuracy(correct, config_.smoothing);
  at::Tensor validation_posterior, validation_correct;
  if (config_.strengths.size() > 1) {
    validation_correct = checked_correct(kName, *validation);
    validation_posterior = posteriors(classifier_, validation->queries.texts);
  }
  const SourceCounts counts = count_sources(correct, train, classifier_.labels());
  double best_accuracy = -1.0;
  for (double strength : config_.strengths) {
    const at::Tensor table = source_table(counts, overall, strength);
    const double accuracy =
        validation_posterior.defined() ? routed_accuracy(validation_posterior.matmul(table), validation_correct) : 0.0;
    if (accuracy > best_accuracy) {
      best_accuracy = accuracy;
      strength_ = strength;
      source_accuracy_ = table;
    }
  }
}

at::Tensor SourcePosteriorRouter::score(const modelsat::QueryBatch& queries,
                                        const modelsat::CandidateSet& candidates) const {
  require_fitted(source_accuracy_.defined(), kName, "score");
  const std::vector<int64_t> columns = candidate_columns(kName, models_, candidates);
  return select_columns(posteriors(classifier_, queries.texts).matmul(source_accuracy_), columns);
}

void SourcePosteriorRouter::save(const std::string& path) const {
  require_fitted(source_accuracy_.defined(), kName, "save");
  RouterState state{kName, 1, {{"models", models_}, {"strength", strength_}}, {{"source_accuracy", source_accuracy_}}};
  state.tensors["classifier"] = modelsat::bytes_to_tensor(classifier_.serialize());
  save_state(path, state);
}

void SourcePosteriorRouter::load(const std::string& path) {
  const RouterState state = load_state(path, kName, 1);
  classifier_ = modelsat::text::SourceClassifier::deserialize(
      modelsat::tensor_to_bytes(state_tensor(state, "classifier", path)), path);
  models_ = state.settings.at("models").get<std::vector<std::string>>();
  strength_ = state.settings.at("strength").get<double>();
  const at::Tensor table = state_tensor(state, "source_accuracy", path);
  if (table.dim() != 2 || table.size(0) != static_cast<int64_t>(classifier_.labels().size()) ||
      table.size(1) != static_cast<int64_t>(models_.size())) {
    throw modelsat::DataError(path + ": source accuracy table disagrees with the sources and models (expected [" +
                              std::to_string(classifier_.labels().size()) + ", " + std::to_string(models_.size()) +
                              "], got " + std::to_string(table.dim()) + "-d with " + std::to_string(table.numel()) +
                              " values)");
  }
  source_accuracy_ = table;
}

}  // namespace baselines
