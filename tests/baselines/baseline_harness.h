// Helpers for the baseline router tests: load the built-in plugins, build routers by name, split a synthetic routing
// set into train and test rows, and measure the accuracy of argmax routing.
#pragma once

#include "modelsat/component_handles.h"
#include "modelsat/types.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace modelsat::test {

/// A router from the built-in plugins, created through the host (config validated, defaults filled) with one torch
/// thread so that results repeat bit-exactly.
RouterHandle make_router(const std::string& name, const nlohmann::json& config = nlohmann::json::object(),
                         int64_t input_dim = 8, uint64_t seed = 3, const std::string& work_dir = "");

struct TrainTest {
  RoutingSet train;
  RoutingSet test;
};

/// One make_tiny_routing_set world (same topics, skills, centroids) cut into its first n_train rows and the rest.
TrainTest split_tiny_set(uint64_t seed, int64_t n_train, int64_t n_test, int64_t n_models, int64_t n_topics,
                         int64_t dim);

/// Mean correctness of the argmax-scored candidate per query; scores and correct are [n_queries, n_models].
double routed_accuracy(const at::Tensor& scores, const at::Tensor& correct);

/// Test accuracy of the model with the best training accuracy.
double best_single_accuracy(const TrainTest& data);

/// Mean test accuracy of a uniformly random pick (the mean over models).
double random_pick_accuracy(const TrainTest& data);

/// The message of the modelsat::Error that action throws, or "" when it throws none.
std::string error_message(const std::function<void()>& action);

}  // namespace modelsat::test
