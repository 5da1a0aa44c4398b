// Entry point of the oracle baseline: registers router/oracle.
#include "oracle_router.h"

#include <modelsat/plugin.h>

namespace {

void register_oracle(modelsat::Registrar& registrar) {
  registrar.add_router({"oracle", "upper bound: reads the gold answers and scores 1 for every correct candidate",
                        baselines::kOracleSchema},
                       &baselines::OracleRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_oracle", "1.0.0", register_oracle)
