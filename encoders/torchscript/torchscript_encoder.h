// TorchScriptEncoder: a user-supplied TorchScript text encoder (e.g. an exported E5) with its tokenizer.
#pragma once

#include <modelsat/encoder.h>
#include <modelsat/text/tokenizer.h>

#include <torch/csrc/jit/api/module.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace modelsat::ts {

/// JSON-Schema subset of the config: module and tokenizer paths (required), lowercase, max_tokens,
/// add_special_tokens, pooling, normalize.
extern const char* const kTorchScriptEncoderSchema;

/// The module's forward(input_ids: Tensor[n, t] int64, attention_mask: Tensor[n, t] int64) returns either pooled
/// embeddings [n, dim] or token states [n, t, dim] (then pooled: mean over the mask, or position 0 for "cls").
/// The tokenizer file is a WordPiece vocab.txt or the platform's BPE file; with add_special_tokens, [CLS] and [SEP]
/// wrap the ids when the vocabulary has them. Texts longer than max_tokens are truncated. dim() comes from a probe
/// at load. save() writes one self-contained file (module + tokenizer + settings, checksummed).
class TorchScriptEncoder final : public Encoder {
 public:
  /// Loads both files. Throws DataError naming the file when the module does not load, fails on the probe or returns
  /// the wrong shape, or when the tokenizer file is malformed.
  TorchScriptEncoder(const nlohmann::json& config, const std::string& device);
  int64_t dim() const override { return dim_; }
  std::string cache_key() const override { return key_; }
  at::Tensor encode(const std::vector<std::string>& texts) const override;
  void save(const std::string& path) const override;
  void load(const std::string& path) override;

 private:
  /// Installs module bytes and tokenizer contents, probes the output width and recomputes the cache key.
  void open(const std::string& module_bytes, const std::string& tokenizer_contents, const std::string& where);
  at::Tensor run(const std::vector<std::string>& texts, const std::string& where) const;

  nlohmann::json settings_;  ///< lowercase, max_tokens, add_special_tokens, pooling, normalize
  std::string device_;
  std::string where_;
  std::string module_bytes_;
  std::string tokenizer_contents_;
  std::unique_ptr<text::Tokenizer> tokenizer_;
  mutable torch::jit::Module module_;
  int64_t dim_ = 0;
  std::string key_;
};

}  // namespace modelsat::ts
