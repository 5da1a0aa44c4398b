// GraphRouterLite: query/task/LLM node embeddings and an edge predictor for "LLM answers query correctly".
#include "graph_router_router.h"

#include "gradient_fit.h"
#include "routing_checks.h"

#include <ATen/ATen.h>

#include <cmath>

namespace baselines {
namespace {

/// [n_models, d]: mean embedding of the queries each model answered correctly minus that of those it got wrong.
at::Tensor edge_messages(const at::Tensor& x, const at::Tensor& correct) {
  const at::Tensor right = correct.t().matmul(x) / correct.sum(0).clamp_min(1).unsqueeze(1);
  const at::Tensor wrong = (1 - correct).t().matmul(x) / (1 - correct).sum(0).clamp_min(1).unsqueeze(1);
  return right - wrong;
}

class GraphNet final : public CorrectnessTrainable {
 public:
  GraphNet(int64_t dim, int64_t n_models, const GraphRouterConfig& config, at::Tensor messages, modelsat::Rng& rng,
           const at::Device& device)
      : temperature_(config.temperature), messages_(std::move(messages)) {
    const double in_bound = 1.0 / std::sqrt(static_cast<double>(dim));
    const double hidden_bound = 1.0 / std::sqrt(static_cast<double>(config.hidden));
    query_w_ = random_parameter(rng, {config.hidden, dim}, in_bound, device);
    query_b_ = random_parameter(rng, {config.hidden}, in_bound, device);
    prototypes_ = random_parameter(rng, {config.tasks, dim}, 1.0, device);
    task_embeddings_ = random_parameter(rng, {config.tasks, config.hidden}, hidden_bound, device);
    llm_embeddings_ = random_parameter(rng, {n_models, config.hidden}, 1.0, device);
    message_w_ = random_parameter(rng, {config.hidden, dim}, in_bound, device);
    edge_v_ = random_parameter(rng, {config.hidden}, hidden_bound, device);
    edge_c_ = random_parameter(rng, {n_models}, 0.1, device);
    if (!messages_.defined()) messages_ = at::zeros({n_models, dim}, at::TensorOptions().device(device));
  }

  at::Tensor logits(const at::Tensor& x) const override {
    const at::Tensor query = at::relu(at::linear(x, query_w_, query_b_));                          // [n, h]
    const at::Tensor unit_x = x / x.norm(2, {1}, true).clamp_min(1e-6);
    const at::Tensor unit_p = prototypes_ / prototypes_.norm(2, {1}, true).clamp_min(1e-6);
    const at::Tensor attach = at::softmax(at::matmul(unit_x, unit_p.t()) / temperature_, 1);      // [n, tasks]
    const at::Tensor task = at::matmul(attach, task_embeddings_);                                   // [n, h]
    const at::Tensor llm = llm_embeddings_ + at::linear(messages_, message_w_);                     // [M, h]
    const at::Tensor edge = at::relu((query + task).unsqueeze(1) * llm.unsqueeze(0));              // [n, M, h]
    return at::matmul(edge, edge_v_) + edge_c_;                                                      // [n, M]
  }
  NamedParameters named_parameters() override {
    return {{"query_w", &query_w_},   {"query_b", &query_b_},   {"prototypes", &prototypes_},
            {"task_embeddings", &task_embeddings_}, {"llm_embeddings", &llm_embeddings_},
            {"message_w", &message_w_}, {"edge_v", &edge_v_}, {"edge_c", &edge_c_}};
  }
  NamedParameters named_buffers() override { return {{"messages", &messages_}}; }

 private:
  double temperature_;
  at::Tensor messages_;
  at::Tensor query_w_, query_b_, prototypes_, task_embeddings_, llm_embeddings_, message_w_, edge_v_, edge_c_;
};

const char* const kOwnSchema = R"json({
  "type": "object",
  "properties": {
    "hidden": {"type": "integer", "minimum": 1, "default": 64, "description": "node embedding width"},
    "tasks": {"type": "integer", "minimum": 1, "default": 8, "description": "task nodes queries attach to"},
    "temperature": {"type": "number", "exclusiveMinimum": 0, "default": 0.1,
                    "description": "sharpness of a query's soft attachment to task nodes"}
  }
})json";

}  // namespace

const std::string& GraphRouterRouter::schema() {
  static const std::string text = schema_with_training(kOwnSchema, default_baseline_training());
  return text;
}

std::unique_ptr<modelsat::Router> GraphRouterRouter::create(const modelsat::CreateContext& context,
                                                            const std::string& config_json) {
  const auto config = nlohmann::json::parse(config_json);
  return std::make_unique<GraphRouterRouter>(
      context,
      GraphRouterConfig{config.at("hidden").get<int64_t>(), config.at("tasks").get<int64_t>(),
                        config.at("temperature").get<double>()},
      config.at("training"));
}

std::unique_ptr<CorrectnessTrainable> GraphRouterRouter::make_net(const modelsat::RoutingSet* train, int64_t dim,
                                                                  int64_t n_models, modelsat::Rng& rng) const {
  at::Tensor messages;
  if (train != nullptr) {
    messages = edge_messages(checked_embeddings("graph_router", "fit", train->queries, dim),
                             checked_correct("graph_router", *train))
                   .to(device());
  }
  return std::make_unique<GraphNet>(dim, n_models, config_, messages, rng, device());
}

}  // namespace baselines
