// Entry point of the per_category_best baseline: registers router/per_category_best.
#include "per_category_best_router.h"

#include <modelsat/plugin.h>

namespace {

void register_per_category_best(modelsat::Registrar& registrar) {
  registrar.add_router({"per_category_best", "the best training model of the query's category (best single otherwise)",
                        baselines::kPerCategoryBestSchema},
                       &baselines::PerCategoryBestRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_per_category_best", "1.0.0", register_per_category_best)
