// RandomRouter: seeded uniform scores keyed by (seed, query, model).
#include "random_router.h"

#include "routing_checks.h"
#include "state_file.h"

#include <modelsat/rng.h>

#include <ATen/ATen.h>

namespace baselines {
namespace {

uint64_t fnv1a(const std::string& text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

}  // namespace

const char* const kRandomSchema = R"json({"type": "object", "properties": {}})json";

std::unique_ptr<modelsat::Router> RandomRouter::create(const modelsat::CreateContext& context,
                                                       const std::string& /*config_json*/) {
  return std::make_unique<RandomRouter>(context.seed);
}

modelsat::RouterCaps RandomRouter::caps() const {
  modelsat::RouterCaps caps;
  caps.needs_embeddings = false;
  return caps;
}

void RandomRouter::fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* /*validation*/) {
  expected_accuracy_ = checked_correct("random", train).to(at::kDouble).mean().item<double>();
}

at::Tensor RandomRouter::score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const {
  at::Tensor scores = at::empty({queries.size(), candidates.size()}, at::kFloat);
  auto out = scores.accessor<float, 2>();
  const modelsat::Rng base(seed_);
  for (int64_t q = 0; q < queries.size(); ++q) {
    const auto& key = queries.ids.size() == queries.texts.size() ? queries.ids[static_cast<size_t>(q)]
                                                                  : queries.texts[static_cast<size_t>(q)];
    const modelsat::Rng per_query = base.fork(fnv1a(key));
    for (int64_t m = 0; m < candidates.size(); ++m) {
      out[q][m] = static_cast<float>(per_query.fork(fnv1a(candidates.models[static_cast<size_t>(m)].name)).uniform());
    }
  }
  return scores;
}

void RandomRouter::save(const std::string& path) const {
  RouterState state{"random", 1, {{"seed", seed_}, {"expected_accuracy", expected_accuracy_}}, {}};
  save_state(path, state);
}

void RandomRouter::load(const std::string& path) {
  const RouterState state = load_state(path, "random", 1);
  seed_ = state.settings.at("seed").get<uint64_t>();
  const auto& expected = state.settings.at("expected_accuracy");
  expected_accuracy_ = expected.is_number() ? expected.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace baselines
