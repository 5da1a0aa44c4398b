// Entry point of the knn baseline: registers router/knn.
#include "knn_router.h"

#include <modelsat/plugin.h>

namespace {

void register_knn(modelsat::Registrar& registrar) {
  registrar.add_router({"knn", "each model's correctness on the k nearest training queries (cosine or l2)",
                        baselines::kKnnSchema},
                       &baselines::KnnRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_knn", "1.0.0", register_knn)
