// SourcePosteriorEncoder: a text's naive-Bayes posterior over the training questions' sources, as an embedding.
#pragma once

#include <modelsat/encoder.h>
#include <modelsat/text/source_classifier.h>

#include <memory>

namespace modelsat::source_posterior {

extern const char* const kSourcePosteriorEncoderSchema;

struct SourcePosteriorEncoderConfig {
  double alpha = 0.1;        ///< Laplace smoothing of the word counts
  bool word_pairs = true;    ///< adjacent word pairs as features besides single words
  int64_t max_sources = 128; ///< embedding width; fit() refuses more source labels than this
};

/// A supervised encoder: fit(corpus, sources) trains a text::SourceClassifier on the labelled texts; encode() returns
/// [n, max_sources] float32 whose first n_sources columns are P(source | text) (in the classifier's sorted label order)
/// and the rest zeros. The text alone decides; no label is read at encode time. encode() before fit()/load() throws.
/// cache_key() names the config and, once fitted, a hash of the classifier.
class SourcePosteriorEncoder final : public Encoder {
 public:
  explicit SourcePosteriorEncoder(SourcePosteriorEncoderConfig config) : config_(config) {}
  int64_t dim() const override { return config_.max_sources; }
  std::string cache_key() const override;
  at::Tensor encode(const std::vector<std::string>& texts) const override;
  bool trainable() const override { return true; }
  /// Throws DataError when sources do not label the corpus one to one, when none is labelled, or when there are more
  /// distinct labels than max_sources.
  void fit(const std::vector<std::string>& corpus, const std::vector<std::string>& sources) override;
  void save(const std::string& path) const override;
  /// Throws DataError for a file that is not a classifier or has more labels than max_sources.
  void load(const std::string& path) override;

 private:
  void adopt(text::SourceClassifier classifier, const std::string& where);

  SourcePosteriorEncoderConfig config_;
  std::unique_ptr<text::SourceClassifier> classifier_;
  std::string fitted_key_;
};

}  // namespace modelsat::source_posterior
