// Helpers for the Model-SAT tests.
#include "model_sat_support.h"

#include "builtin_plugins.h"

#include <ATen/ATen.h>

namespace modelsat::test {

const ComponentSpec& component(ComponentKind kind, const std::string& name) {
  return builtin_plugins().find(kind, name, "test");
}

RoutingSet slice_rows(const RoutingSet& set, int64_t begin, int64_t end) {
  RoutingSet out;
  out.candidates = set.candidates;
  for (int64_t q = begin; q < end; ++q) {
    out.queries.ids.push_back(set.queries.ids[static_cast<size_t>(q)]);
    out.queries.texts.push_back(set.queries.texts[static_cast<size_t>(q)]);
    out.queries.categories.push_back(set.queries.categories[static_cast<size_t>(q)]);
    if (!set.sources.empty()) out.sources.push_back(set.sources[static_cast<size_t>(q)]);
  }
  out.queries.embeddings = set.queries.embeddings.slice(0, begin, end).contiguous();
  out.correct = set.correct.slice(0, begin, end).contiguous();
  return out;
}

double routing_accuracy(const at::Tensor& scores, const at::Tensor& correct) {
  const at::Tensor picked = scores.argmax(1, true);
  return correct.gather(1, picked).mean().item<double>();
}

}  // namespace modelsat::test
