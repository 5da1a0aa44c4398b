// Helpers for the baseline router tests.
#include "baseline_harness.h"

#include "builtin_plugins.h"
#include "tiny_routing_set.h"

#include "modelsat/error.h"

#include <ATen/ATen.h>

namespace modelsat::test {
namespace {

RoutingSet rows(const RoutingSet& set, int64_t begin, int64_t end) {
  RoutingSet part;
  part.candidates = set.candidates;
  const auto b = static_cast<size_t>(begin);
  const auto e = static_cast<size_t>(end);
  const auto n_models = static_cast<size_t>(set.candidates.size());
  part.queries.ids.assign(set.queries.ids.begin() + begin, set.queries.ids.begin() + end);
  part.queries.texts.assign(set.queries.texts.begin() + begin, set.queries.texts.begin() + end);
  part.queries.categories.assign(set.queries.categories.begin() + begin, set.queries.categories.begin() + end);
  part.queries.embeddings = set.queries.embeddings.slice(0, begin, end).contiguous();
  part.queries.gold_correct = set.queries.gold_correct.slice(0, begin, end).contiguous();
  part.answers.assign(set.answers.begin() + static_cast<int64_t>(b * n_models),
                      set.answers.begin() + static_cast<int64_t>(e * n_models));
  part.queries.candidate_answers = part.answers;
  part.correct = set.correct.slice(0, begin, end).contiguous();
  part.sources.assign(set.sources.begin() + begin, set.sources.begin() + end);
  return part;
}

}  // namespace

RouterHandle make_router(const std::string& name, const nlohmann::json& config, int64_t input_dim, uint64_t seed,
                         const std::string& work_dir) {
  const ComponentSpec& spec = builtin_plugins().find(ComponentKind::router, name, "test");
  CreateContext context;
  context.input_dim = input_dim;
  context.seed = seed;
  context.work_dir = work_dir;
  return RouterHandle(spec, config, context, "test#/" + name);
}

TrainTest split_tiny_set(uint64_t seed, int64_t n_train, int64_t n_test, int64_t n_models, int64_t n_topics,
                         int64_t dim) {
  const RoutingSet all = make_tiny_routing_set(seed, n_train + n_test, n_models, n_topics, dim);
  return {rows(all, 0, n_train), rows(all, n_train, n_train + n_test)};
}

double routed_accuracy(const at::Tensor& scores, const at::Tensor& correct) {
  const at::Tensor picks = scores.argmax(1, true);
  return correct.gather(1, picks).to(at::kDouble).mean().item<double>();
}

double best_single_accuracy(const TrainTest& data) {
  const int64_t best = data.train.correct.sum(0).argmax().item<int64_t>();
  return data.test.correct.select(1, best).to(at::kDouble).mean().item<double>();
}

double random_pick_accuracy(const TrainTest& data) { return data.test.correct.to(at::kDouble).mean().item<double>(); }

std::string error_message(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

}  // namespace modelsat::test
