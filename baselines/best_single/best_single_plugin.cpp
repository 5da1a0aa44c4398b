// Entry point of the best_single baseline: registers router/best_single.
#include "best_single_router.h"

#include <modelsat/plugin.h>

namespace {

void register_best_single(modelsat::Registrar& registrar) {
  registrar.add_router({"best_single", "the model with the best training accuracy, for every query",
                        baselines::kBestSingleSchema},
                       &baselines::BestSingleRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_best_single", "1.0.0", register_best_single)
