// Entry point of the vote baseline: registers router/vote.
#include "vote_router.h"

#include <modelsat/plugin.h>

namespace {

void register_vote(modelsat::Registrar& registrar) {
  registrar.add_router({"vote", "post-generation majority vote over all candidates' answers (costs the whole zoo)",
                        baselines::kVoteSchema},
                       &baselines::VoteRouter::create);
}

}  // namespace

MODELSAT_PLUGIN("baselines_vote", "1.0.0", register_vote)
