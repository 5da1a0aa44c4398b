// Entry point of the random baseline: registers router/random.
#include "random_router.h"

#include <modelsat/plugin.h>

namespace {

void register_random(modelsat::Registrar& registrar) {
  registrar.add_router({"random", "seeded uniform scores: chance-level routing (expected value = mean accuracy)",
                        baselines::kRandomSchema},
                       &baselines::RandomRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_random", "1.0.0", register_random)
