// OracleRouter: scores are the gold correctness the host passes to routers that declare sees_gold.
#include "oracle_router.h"

#include "routing_checks.h"
#include "state_file.h"

#include <modelsat/error.h>

#include <ATen/ATen.h>

namespace baselines {

const char* const kOracleSchema = R"json({"type": "object", "properties": {}})json";

std::unique_ptr<modelsat::Router> OracleRouter::create(const modelsat::CreateContext& /*context*/,
                                                       const std::string& /*config_json*/) {
  return std::make_unique<OracleRouter>();
}

modelsat::RouterCaps OracleRouter::caps() const {
  modelsat::RouterCaps caps;
  caps.needs_embeddings = false;
  caps.sees_gold = true;
  return caps;
}

void OracleRouter::fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* /*validation*/) {
  checked_correct("oracle", train);
}

at::Tensor OracleRouter::score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const {
  const at::Tensor& gold = queries.gold_correct;
  if (!gold.defined()) {
    throw modelsat::DataError("oracle: score: the queries carry no gold correctness: the host fills "
                              "QueryBatch::gold_correct for routers with caps.sees_gold (expected [" +
                              std::to_string(queries.size()) + ", " + std::to_string(candidates.size()) +
                              "], got undefined)");
  }
  if (gold.dim() != 2 || gold.size(0) != queries.size() || gold.size(1) != candidates.size()) {
    throw modelsat::DataError("oracle: score: the gold correctness does not match the queries and candidates (expected [" +
                              std::to_string(queries.size()) + ", " + std::to_string(candidates.size()) + "], got " +
                              c10::str(gold.sizes()) + ")");
  }
  return gold.to(at::kCPU, at::kFloat).clamp(0.0, 1.0).contiguous();
}

void OracleRouter::save(const std::string& path) const { save_state(path, RouterState{"oracle", 1, {}, {}}); }

void OracleRouter::load(const std::string& path) { load_state(path, "oracle", 1); }

}  // namespace baselines
