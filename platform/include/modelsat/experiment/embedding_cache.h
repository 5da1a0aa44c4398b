// A content-addressed embedding cache shared by every router of a run, so all of them see identical inputs.
#pragma once

#include "modelsat/component_handles.h"

#include <string>
#include <vector>

namespace modelsat::experiment {

class EmbeddingCache {
 public:
  /// dir holds one file per (encoder cache key, text list); created on first write.
  explicit EmbeddingCache(std::string dir) : dir_(std::move(dir)) {}

  /// Embeddings of texts ([texts.size(), encoder.dim()] float32 CPU). Reads the cached file when its key matches;
  /// otherwise encodes in batches (with a progress bar) and writes the file atomically. A cached file whose content
  /// does not match its key is an error, never silently reused.
  at::Tensor embed(const EncoderHandle& encoder, const std::vector<std::string>& texts) const;

  /// The cache key: SHA-256 over the encoder's cache_key() and every text.
  static std::string key(const std::string& encoder_key, const std::vector<std::string>& texts);

 private:
  std::string dir_;
};

}  // namespace modelsat::experiment
