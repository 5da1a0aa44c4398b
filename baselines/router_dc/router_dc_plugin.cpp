// Entry point of the router_dc baseline: registers router/router_dc.
#include "router_dc_router.h"

#include <modelsat/plugin.h>

namespace {

void register_router_dc(modelsat::Registrar& registrar) {
  registrar.add_router({"router_dc", "RouterDC: query encoder + LLM embeddings, dual contrastive losses, Platt-scaled",
                        baselines::RouterDcRouter::schema().c_str()},
                       &baselines::RouterDcRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_router_dc", "1.0.0", register_router_dc)
