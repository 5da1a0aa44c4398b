// A native multi-output regression forest: exact best-split search over a random feature subset per node.
#include "regression_forest.h"

#include <modelsat/error.h>

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace baselines {
namespace {

/// Grows trees into flat node arrays.
class TreeBuilder {
 public:
  TreeBuilder(const at::Tensor& x, const at::Tensor& y, const ForestConfig& config)
      : x_(x.data_ptr<float>()), y_(y.data_ptr<float>()), n_features_(x.size(1)), n_outputs_(y.size(1)),
        config_(config) {
    tries_ = config.features_per_split > 0
                 ? std::min(config.features_per_split, n_features_)
                 : std::max<int64_t>(1, std::llround(std::sqrt(static_cast<double>(n_features_))));
  }

  int64_t grow(std::vector<int64_t> rows, int64_t depth, modelsat::Rng& rng) {
    const int64_t node = static_cast<int64_t>(feature.size());
    feature.push_back(-1);
    threshold.push_back(0.0F);
    left.push_back(-1);
    right.push_back(-1);
    std::vector<double> sum(static_cast<size_t>(n_outputs_), 0.0);
    for (int64_t r : rows) {
      for (int64_t m = 0; m < n_outputs_; ++m) sum[static_cast<size_t>(m)] += y_[r * n_outputs_ + m];
    }
    for (double s : sum) value.push_back(static_cast<float>(s / static_cast<double>(rows.size())));
    const auto n = static_cast<int64_t>(rows.size());
    if (depth >= config_.max_depth || n < 2 * config_.min_samples_leaf) return node;
    const Split split = best_split(rows, sum, rng);
    if (split.feature < 0) return node;
    std::vector<int64_t> left_rows, right_rows;
    for (int64_t r : rows) (x_[r * n_features_ + split.feature] <= split.threshold ? left_rows : right_rows).push_back(r);
    rows.clear();
    rows.shrink_to_fit();
    feature[static_cast<size_t>(node)] = split.feature;
    threshold[static_cast<size_t>(node)] = split.threshold;
    const int64_t left_child = grow(std::move(left_rows), depth + 1, rng);
    const int64_t right_child = grow(std::move(right_rows), depth + 1, rng);
    left[static_cast<size_t>(node)] = left_child;
    right[static_cast<size_t>(node)] = right_child;
    return node;
  }

  std::vector<int64_t> feature, left, right;
  std::vector<float> threshold, value;

 private:
  struct Split {
    int64_t feature = -1;
    float threshold = 0.0F;
  };

  /// Maximises sum_m (S_left,m^2 / n_left + S_right,m^2 / n_right), i.e. minimises the children's squared error.
  Split best_split(const std::vector<int64_t>& rows, const std::vector<double>& total, modelsat::Rng& rng) const {
    const auto n = static_cast<int64_t>(rows.size());
    double parent = 0.0;
    for (double s : total) parent += s * s / static_cast<double>(n);
    double best_gain = parent + 1e-9;
    Split best;
    std::vector<int64_t> candidates(static_cast<size_t>(n_features_));
    std::iota(candidates.begin(), candidates.end(), 0);
    std::vector<std::pair<float, int64_t>> order(static_cast<size_t>(n));
    std::vector<double> left_sum(static_cast<size_t>(n_outputs_));
    for (int64_t t = 0; t < tries_; ++t) {
      std::swap(candidates[static_cast<size_t>(t)],
                candidates[static_cast<size_t>(t) + rng.below(static_cast<uint64_t>(n_features_ - t))]);
      const int64_t f = candidates[static_cast<size_t>(t)];
      for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = {x_[rows[static_cast<size_t>(i)] * n_features_ + f], rows[static_cast<size_t>(i)]};
      std::sort(order.begin(), order.end());
      std::fill(left_sum.begin(), left_sum.end(), 0.0);
      for (int64_t i = 0; i + 1 < n; ++i) {
        const int64_t r = order[static_cast<size_t>(i)].second;
        for (int64_t m = 0; m < n_outputs_; ++m) left_sum[static_cast<size_t>(m)] += y_[r * n_outputs_ + m];
        const int64_t n_left = i + 1;
        if (n_left < config_.min_samples_leaf || n - n_left < config_.min_samples_leaf) continue;
        if (order[static_cast<size_t>(i)].first == order[static_cast<size_t>(i) + 1].first) continue;
        double gain = 0.0;
        for (int64_t m = 0; m < n_outputs_; ++m) {
          const double l = left_sum[static_cast<size_t>(m)];
          const double rr = total[static_cast<size_t>(m)] - l;
          gain += l * l / static_cast<double>(n_left) + rr * rr / static_cast<double>(n - n_left);
        }
        if (gain > best_gain) {
          best_gain = gain;
          best.feature = f;
          best.threshold = 0.5F * (order[static_cast<size_t>(i)].first + order[static_cast<size_t>(i) + 1].first);
        }
      }
    }
    return best;
  }

  const float* x_;
  const float* y_;
  int64_t n_features_;
  int64_t n_outputs_;
  ForestConfig config_;
  int64_t tries_;
};

at::Tensor long_tensor(const std::vector<int64_t>& values) { return at::tensor(values, at::kLong); }

}  // namespace

void RegressionForest::fit(const at::Tensor& x, const at::Tensor& y, const ForestConfig& config, modelsat::Rng& rng) {
  const at::Tensor xc = x.to(at::kCPU, at::kFloat).contiguous();
  const at::Tensor yc = y.to(at::kCPU, at::kFloat).contiguous();
  const int64_t n = xc.size(0);
  TreeBuilder builder(xc, yc, config);
  std::vector<int64_t> roots;
  for (int64_t t = 0; t < config.n_trees; ++t) {
    modelsat::Rng tree_rng = rng.fork(static_cast<uint64_t>(t));
    std::vector<int64_t> rows(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      rows[static_cast<size_t>(i)] = config.bootstrap ? static_cast<int64_t>(tree_rng.below(static_cast<uint64_t>(n))) : i;
    }
    roots.push_back(builder.grow(std::move(rows), 0, tree_rng));
  }
  roots_ = long_tensor(roots);
  feature_ = long_tensor(builder.feature);
  threshold_ = at::tensor(builder.threshold, at::kFloat);
  left_ = long_tensor(builder.left);
  right_ = long_tensor(builder.right);
  value_ = at::tensor(builder.value, at::kFloat).view({-1, yc.size(1)});
}

at::Tensor RegressionForest::predict(const at::Tensor& x) const {
  const at::Tensor xc = x.to(at::kCPU, at::kFloat).contiguous();
  const int64_t n = xc.size(0), d = xc.size(1), n_outputs = value_.size(1);
  at::Tensor out = at::zeros({n, n_outputs}, at::kDouble);
  const float* xs = xc.data_ptr<float>();
  const int64_t* feature = feature_.data_ptr<int64_t>();
  const float* threshold = threshold_.data_ptr<float>();
  const int64_t* left = left_.data_ptr<int64_t>();
  const int64_t* right = right_.data_ptr<int64_t>();
  const float* value = value_.data_ptr<float>();
  const int64_t* roots = roots_.data_ptr<int64_t>();
  double* sums = out.data_ptr<double>();
  for (int64_t q = 0; q < n; ++q) {
    for (int64_t t = 0; t < roots_.size(0); ++t) {
      int64_t node = roots[t];
      while (feature[node] >= 0) node = xs[q * d + feature[node]] <= threshold[node] ? left[node] : right[node];
      for (int64_t m = 0; m < n_outputs; ++m) sums[q * n_outputs + m] += value[node * n_outputs + m];
    }
  }
  return (out / static_cast<double>(roots_.size(0))).to(at::kFloat);
}

std::map<std::string, at::Tensor> RegressionForest::tensors() const {
  return {{"roots", roots_}, {"feature", feature_}, {"threshold", threshold_},
          {"left", left_},   {"right", right_},     {"value", value_}};
}

void RegressionForest::restore(const std::map<std::string, at::Tensor>& tensors, const std::string& path) {
  auto get = [&](const char* name) {
    const auto it = tensors.find(name);
    if (it == tensors.end()) throw modelsat::DataError(path + ": the forest has no array '" + name + "'");
    return it->second.contiguous();
  };
  roots_ = get("roots");
  feature_ = get("feature");
  threshold_ = get("threshold");
  left_ = get("left");
  right_ = get("right");
  value_ = get("value");
  const int64_t n_nodes = feature_.size(0);
  if (threshold_.size(0) != n_nodes || left_.size(0) != n_nodes || right_.size(0) != n_nodes ||
      value_.dim() != 2 || value_.size(0) != n_nodes) {
    throw modelsat::DataError(path + ": the forest's node arrays disagree in length (expected " +
                              std::to_string(n_nodes) + " nodes in each)");
  }
}

}  // namespace baselines
