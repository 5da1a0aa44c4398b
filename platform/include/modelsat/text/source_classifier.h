// SourceClassifier: multinomial naive Bayes from a text's word (and word-pair) counts to a posterior over source labels.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace modelsat::text {

/// Words are maximal runs of ASCII letters and digits (lower-cased) and of bytes >= 0x80, so UTF-8 words stay whole.
/// Features are the words and, when enabled, adjacent word pairs, hashed with FNV-1a; features never seen in training are
/// ignored. P(source | text) ∝ P(source) · Π_f P(f | source)^count_f with Laplace smoothing alpha over the features
/// seen in training. Immutable after fit() or deserialize(), so posterior() is safe from several threads.
/// Dependency-free (standard library only).
class SourceClassifier {
 public:
  /// Learns from texts[i] labelled labels[i]; texts and labels have the same length; entries labelled "" are skipped.
  /// alpha > 0. Throws modelsat::DataError when the lengths differ or no entry has a label.
  void fit(const std::vector<std::string>& texts, const std::vector<std::string>& labels, double alpha, bool word_pairs);
  /// The labels seen in training, sorted: the order of posterior()'s values. Empty before fit().
  const std::vector<std::string>& labels() const { return labels_; }
  /// [labels().size()] probabilities summing to 1. An empty text (or one made only of unseen features) gets the prior.
  std::vector<float> posterior(const std::string& text) const;
  /// Row-major [texts.size(), width] posteriors, each row padded with zeros after labels().size() values;
  /// width >= labels().size().
  std::vector<float> posterior_rows(const std::vector<std::string>& texts, size_t width) const;
  /// A self-describing byte string ("MSSC" magic, version, little-endian arrays); identical for identical fits.
  std::string serialize() const;
  /// Restores serialize()'s output. Throws modelsat::DataError "<where>: not a source classifier (...)" for other
  /// bytes, truncated data or arrays that disagree in size.
  static SourceClassifier deserialize(const std::string& bytes, const std::string& where);

 private:
  std::vector<uint64_t> features_of(const std::string& text) const;
  void index_features();

  bool word_pairs_ = true;
  std::vector<std::string> labels_;
  std::vector<float> log_prior_;        ///< [n_labels] log P(source)
  std::vector<float> unseen_log_;       ///< [n_labels] log P(f | source) of a feature never seen with that source
  std::vector<uint64_t> feature_hashes_;///< [n_features] hashes of the features seen in training, sorted
  std::vector<uint64_t> offsets_;       ///< [n_features + 1] entries of feature i are [offsets_[i], offsets_[i + 1])
  std::vector<uint32_t> entry_labels_;  ///< [n_entries] a label that saw the feature
  std::vector<float> entry_gain_;       ///< [n_entries] log P(f | label) - unseen_log_[label]
  std::unordered_map<uint64_t, size_t> feature_index_; ///< hash -> index into feature_hashes_
};

}  // namespace modelsat::text
