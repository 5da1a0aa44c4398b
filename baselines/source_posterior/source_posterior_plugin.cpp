// Entry point of the source_posterior baseline: registers router/source_posterior.
#include "source_posterior_router.h"

#include <modelsat/plugin.h>

namespace {

void register_source_posterior(modelsat::Registrar& registrar) {
  registrar.add_router({"source_posterior",
                        "expected accuracy under a naive-Bayes posterior over the training questions' sources, from "
                        "the text alone",
                        baselines::kSourcePosteriorSchema},
                       &baselines::SourcePosteriorRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_source_posterior", "1.0.0", register_source_posterior)
