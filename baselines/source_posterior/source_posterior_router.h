// SourcePosteriorRouter: each candidate's expected accuracy under the posterior over the question's source (subject).
#pragma once

#include <modelsat/component.h>
#include <modelsat/router.h>
#include <modelsat/text/source_classifier.h>

#include <memory>
#include <string>
#include <vector>

namespace baselines {

struct SourcePosteriorConfig {
  double alpha = 0.1;            ///< Laplace smoothing of the naive-Bayes feature counts
  bool word_pairs = true;        ///< adjacent word pairs as features besides single words
  double smoothing = 1.0;        ///< Laplace smoothing of each model's overall training accuracy
  std::vector<double> strengths; ///< candidate shrinkage strengths; validation picks one when there are several
};

/// Fit: a text::SourceClassifier learns P(source | text) from the training queries' RoutingSet::sources. Each model's accuracy
/// per source is shrunk towards its accuracy in the source's category, which is shrunk towards its overall accuracy:
/// (hits + strength * parent) / (n + strength). The strength is the one of config.strengths whose argmax routing is most
/// accurate on the validation set (the smallest on ties). score(q, m) = sum_s P(s | text_q) * accuracy(s, m): the text
/// alone decides; source labels are never read at routing time. Reads no embeddings.
class SourcePosteriorRouter final : public modelsat::Router {
 public:
  explicit SourcePosteriorRouter(SourcePosteriorConfig config) : config_(std::move(config)) {}
  static std::unique_ptr<modelsat::Router> create(const modelsat::CreateContext& context, const std::string& config_json);

  modelsat::RouterCaps caps() const override;
  /// Throws modelsat::DataError when the training queries lack source labels, and modelsat::ConfigError when several
  /// strengths are given without a validation set.
  void fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) override;
  at::Tensor score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;

 private:
  SourcePosteriorConfig config_;
  modelsat::text::SourceClassifier classifier_;
  std::vector<std::string> models_;
  double strength_ = 0.0;      ///< the strength fit() chose
  at::Tensor source_accuracy_; ///< [n_sources, n_models] float32, rows in classifier_.labels() order
};

extern const char* const kSourcePosteriorSchema;

}  // namespace baselines
