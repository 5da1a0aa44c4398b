// The Encoder interface: texts -> [n, dim] embeddings, cached by the host under cache_key().
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace modelsat {

class Encoder {
 public:
  virtual ~Encoder() = default;
  /// Width of every embedding this encoder returns.
  virtual int64_t dim() const = 0;
  /// Identifies the encoder's output: name, version and every setting or weight that changes it. Two encoders with the
  /// same key must return identical embeddings for identical texts.
  virtual std::string cache_key() const = 0;
  /// Encodes a batch. Returns [texts.size(), dim()] float32, contiguous, on CPU; deterministic. Safe to call from
  /// several threads at once. Throws modelsat::Error on failure.
  virtual at::Tensor encode(const std::vector<std::string>& texts) const = 0;
  /// True when fit() learns something from a corpus (a trained tokenizer or transformer).
  virtual bool trainable() const { return false; }
  /// Learns from the training questions: corpus [n] texts and sources [n] their fine-grained origin labels ("" when
  /// unknown; the whole vector is empty when the caller has none). Unsupervised encoders ignore sources; a no-op for
  /// encoders without weights. Called once, from one thread.
  virtual void fit(const std::vector<std::string>& corpus, const std::vector<std::string>& sources) {
    (void)corpus;
    (void)sources;
  }
  /// Writes the learned state to path (atomically) / restores it. Encoders without state write a small marker file.
  virtual void save(const std::string& path) const = 0;
  virtual void load(const std::string& path) = 0;
};

}  // namespace modelsat
