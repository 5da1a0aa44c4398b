// Entry point of the sw_ranking baseline: registers router/sw_ranking.
#include "sw_ranking_router.h"

#include <modelsat/plugin.h>

namespace {

void register_sw_ranking(modelsat::Registrar& registrar) {
  registrar.add_router({"sw_ranking", "RouteLLM similarity-weighted ranking: per-query Bradley-Terry over pairwise wins",
                        baselines::kSwRankingSchema},
                       &baselines::SwRankingRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_sw_ranking", "1.0.0", register_sw_ranking)
