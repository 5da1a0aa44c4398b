// Per-model accuracy on a training split, overall and per group.
#include "accuracy_table.h"

#include <ATen/ATen.h>

namespace baselines {

at::Tensor smoothed_accuracy(const at::Tensor& correct, double smoothing) {
  const at::Tensor hits = correct.to(at::kDouble).sum(0);
  const double n = static_cast<double>(correct.size(0));
  return ((hits + smoothing) / (n + 2.0 * smoothing)).to(at::kFloat);
}

std::map<std::string, std::pair<at::Tensor, double>> group_hits(const at::Tensor& correct,
                                                                const std::vector<std::string>& groups) {
  std::map<std::string, std::vector<int64_t>> rows_of;
  for (size_t q = 0; q < groups.size(); ++q) rows_of[groups[q]].push_back(static_cast<int64_t>(q));
  std::map<std::string, std::pair<at::Tensor, double>> out;
  for (const auto& [group, rows] : rows_of) {
    out.emplace(group, std::make_pair(correct.index_select(0, at::tensor(rows, at::kLong)).to(at::kDouble).sum(0),
                                      static_cast<double>(rows.size())));
  }
  return out;
}

std::map<std::string, at::Tensor> group_accuracy(const at::Tensor& correct, const std::vector<std::string>& groups,
                                                 const at::Tensor& overall, double strength) {
  const at::Tensor prior = overall.to(at::kDouble);
  std::map<std::string, at::Tensor> table;
  for (const auto& [group, counts] : group_hits(correct, groups)) {
    const auto& [hits, n] = counts;
    table.emplace(group, ((hits + strength * prior) / (n + strength)).to(at::kFloat));
  }
  return table;
}

}  // namespace baselines
