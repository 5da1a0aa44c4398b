// TransformerEncoder: a small bidirectional transformer text encoder trained in-platform (BPE + masked LM).
#pragma once

#include "transformer_encoder_net.h"

#include <modelsat/encoder.h>
#include <modelsat/text/bpe_tokenizer.h>
#include <modelsat/train/trainer.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

namespace modelsat::tenc {

/// The JSON schema (JSON text) of the config.
const std::string& transformer_encoder_schema();

/// fit(corpus, sources) trains a BPE tokenizer on the corpus, then the network with a masked-LM objective through the shared
/// trainer (seeded from CreateContext::seed). encode() before fit()/load() throws. Texts longer than max_tokens are
/// truncated (documented). cache_key() names the config and, once fitted, a hash of the tokenizer and weights.
class TransformerEncoder final : public Encoder {
 public:
  /// config: resolved against transformer_encoder_schema(); throws ConfigError on an invalid architecture.
  TransformerEncoder(const nlohmann::json& config, const std::string& device, uint64_t seed, std::string work_dir);
  int64_t dim() const override { return arch_.width; }
  std::string cache_key() const override;
  /// [texts.size(), width] float32 CPU; rows L2-normalised when "normalize" is set.
  at::Tensor encode(const std::vector<std::string>& texts) const override;
  bool trainable() const override { return true; }
  /// sources are not used: the masked-LM objective needs none.
  void fit(const std::vector<std::string>& corpus, const std::vector<std::string>& sources) override;
  void save(const std::string& path) const override;
  /// Throws DataError for a file of another kind or config, or a corrupted one.
  void load(const std::string& path) override;

 private:
  void build(text::BpeTokenizer tokenizer);
  std::string weights_hash() const;

  nlohmann::json raw_config_;
  nn::TransformerConfig arch_;
  Pooling pooling_;
  bool normalize_;
  int64_t max_tokens_;
  TrainerConfig training_;
  std::string device_;
  uint64_t seed_;
  std::string work_dir_;
  std::optional<text::BpeTokenizer> tokenizer_;
  std::shared_ptr<TransformerEncoderNetImpl> net_;
  std::string fitted_key_;
};

}  // namespace modelsat::tenc
