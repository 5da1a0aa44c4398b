// Entry point of the graph_router baseline: registers router/graph_router.
#include "graph_router_router.h"

#include <modelsat/plugin.h>

namespace {

void register_graph_router(modelsat::Registrar& registrar) {
  registrar.add_router({"graph_router", "GraphRouter-lite: query/task/LLM nodes, learned correctness-edge predictor",
                        baselines::GraphRouterRouter::schema().c_str()},
                       &baselines::GraphRouterRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_graph_router", "1.0.0", register_graph_router)
