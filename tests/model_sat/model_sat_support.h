// Helpers for the Model-SAT tests: the built-in plugin registry, row slices of routing sets, routing accuracy.
#pragma once

#include "modelsat/component_handles.h"
#include "modelsat/types.h"

#include <cstdint>

namespace modelsat::test {

/// The spec of kind/name; throws ConfigError when it is not registered.
const ComponentSpec& component(ComponentKind kind, const std::string& name);
/// Rows [begin, end) of set: queries, correctness and sources; candidates unchanged.
RoutingSet slice_rows(const RoutingSet& set, int64_t begin, int64_t end);
/// Mean correctness of the argmax-scored model per query. scores, correct: [n_queries, n_models].
double routing_accuracy(const at::Tensor& scores, const at::Tensor& correct);

}  // namespace modelsat::test
