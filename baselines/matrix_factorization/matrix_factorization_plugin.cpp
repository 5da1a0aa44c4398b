// Entry point of the matrix_factorization baseline: registers router/matrix_factorization.
#include "matrix_factorization_router.h"

#include <modelsat/plugin.h>

namespace {

void register_matrix_factorization(modelsat::Registrar& registrar) {
  registrar.add_router({"matrix_factorization",
                        "learned model embeddings x projected query embeddings (RouteLLM MF, EmbedLLM)",
                        baselines::MatrixFactorizationRouter::schema().c_str()},
                       &baselines::MatrixFactorizationRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_matrix_factorization", "1.0.0", register_matrix_factorization)
