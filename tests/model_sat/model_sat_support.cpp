// Helpers for the Model-SAT tests.
#include "model_sat_support.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

namespace modelsat::test {

const ComponentRegistry& model_sat_registry() {
  static const ComponentRegistry registry = [] {
    at::set_num_threads(1);
    ComponentRegistry r;
    PluginSearchOptions options;
    options.use_environment = false;
    load_plugins(r, options);
    return r;
  }();
  return registry;
}

const ComponentSpec& component(ComponentKind kind, const std::string& name) {
  return model_sat_registry().find(kind, name, "test");
}

RoutingSet slice_rows(const RoutingSet& set, int64_t begin, int64_t end) {
  RoutingSet out;
  out.candidates = set.candidates;
  for (int64_t q = begin; q < end; ++q) {
    out.queries.ids.push_back(set.queries.ids[static_cast<size_t>(q)]);
    out.queries.texts.push_back(set.queries.texts[static_cast<size_t>(q)]);
    out.queries.categories.push_back(set.queries.categories[static_cast<size_t>(q)]);
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
