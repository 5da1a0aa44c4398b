// GraphRouterLite: GraphRouter's idea (Feng et al., ICLR 2025) at small scale: task, query and LLM nodes, and a
// learned predictor of the query-LLM "answers correctly" edge.
#pragma once

#include "gradient_router.h"

#include <memory>
#include <string>

namespace baselines {

struct GraphRouterConfig {
  int64_t hidden = 64;     ///< node embedding width
  int64_t tasks = 8;       ///< task nodes (learned prototypes the queries attach to)
  double temperature = 0.1;///< sharpness of a query's soft attachment to task nodes
};

/// Nodes: query q (h_q = relu(W_q x_q + b_q)); task nodes t with learned prototypes p_t and embeddings T_t, a query
/// attaching to them by softmax(cos(x_q, p_t) / temperature); LLM nodes m with h_m = e_m + W_a d_m, where d_m is the
/// message aggregated over m's training edges (mean embedding of the queries m answered correctly minus that of those
/// it got wrong). Edge logit(q, m) = v . relu((h_q + h_task(q)) * h_m) + c_m, trained with binary cross-entropy over all
/// training edges by the shared trainer (GraphRouter trains its GNN the same way). Scores are sigmoid(logit).
/// Inductive: new queries attach without retraining; new LLMs would need training edges, so unknown models are refused.
class GraphRouterRouter final : public GradientRouter {
 public:
  GraphRouterRouter(const modelsat::CreateContext& context, GraphRouterConfig config, nlohmann::json training)
      : GradientRouter("graph_router", context, std::move(training)), config_(config) {}
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);
  /// The config schema, with the shared trainer's "training" block.
  static const std::string& schema();

 protected:
  std::unique_ptr<CorrectnessTrainable> make_net(const modelsat::RoutingSet* train, int64_t dim, int64_t n_models,
                                                 modelsat::Rng& rng) const override;

 private:
  GraphRouterConfig config_;
};

}  // namespace baselines
