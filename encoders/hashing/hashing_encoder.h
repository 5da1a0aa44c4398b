// HashingEncoder: the weightless hashed n-gram encoder behind the Encoder interface.
#pragma once

#include "hashing_features.h"

#include <modelsat/encoder.h>

#include <nlohmann/json.hpp>

namespace modelsat::hashing {

/// JSON-Schema subset of the config (dim, char_ngram_min/max, word_ngram_min/max, lowercase, sublinear_tf).
extern const char* const kHashingEncoderSchema;
/// Reads a resolved config; throws ConfigError when a minimum exceeds its maximum.
HashingOptions hashing_options_from_json(const nlohmann::json& config);

/// No weights: save() writes the settings as JSON, load() checks they equal this encoder's.
class HashingEncoder final : public Encoder {
 public:
  explicit HashingEncoder(HashingOptions options) : options_(options) {}
  int64_t dim() const override { return options_.dim; }
  std::string cache_key() const override { return "hashing/v1/" + describe(options_); }
  /// [texts.size(), dim] float32, L2-normalised rows (zeros for a text without features).
  at::Tensor encode(const std::vector<std::string>& texts) const override;
  void save(const std::string& path) const override;
  /// Throws DataError when the file is not a hashing-encoder state or was written with other settings.
  void load(const std::string& path) override;

 private:
  HashingOptions options_;
};

}  // namespace modelsat::hashing
