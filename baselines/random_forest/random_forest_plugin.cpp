// Entry point of the random_forest baseline: registers router/random_forest.
#include "random_forest_router.h"

#include <modelsat/plugin.h>

namespace {

void register_random_forest(modelsat::Registrar& registrar) {
  registrar.add_router({"random_forest", "native multi-output regression forest: embeddings -> every model's correctness",
                        baselines::kRandomForestSchema},
                       &baselines::RandomForestRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_random_forest", "1.0.0", register_random_forest)
