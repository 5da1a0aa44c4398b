// Entry point of the mlp baseline: registers router/mlp.
#include "mlp_router.h"

#include <modelsat/plugin.h>

namespace {

void register_mlp(modelsat::Registrar& registrar) {
  registrar.add_router({"mlp", "per-model correctness classifiers on query embeddings (shared hidden layer)",
                        baselines::MlpRouter::schema().c_str()},
                       &baselines::MlpRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_mlp", "1.0.0", register_mlp)
