// TransformerEncoder: config, BPE + masked-LM fitting via the shared trainer, pooled encoding, state files.
#include "transformer_encoder.h"

#include "mlm_objective.h"
#include "module_io.h"
#include "seeded_init.h"

#include <modelsat/error.h>
#include <modelsat/text/fnv1a.h>

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

namespace modelsat::tenc {
namespace {

constexpr const char* kKind = "encoder/transformer";
constexpr int64_t kEncodeBatch = 64;

nlohmann::json build_schema() {
  nlohmann::json schema = nlohmann::json::parse(R"json({
    "type": "object",
    "properties": {
      "vocab_size": {"type": "integer", "minimum": 261, "maximum": 100000, "default": 1000,
                     "description": "BPE vocabulary trained on the fit corpus"},
      "lowercase": {"type": "boolean", "default": true},
      "max_tokens": {"type": "integer", "minimum": 1, "maximum": 8191, "default": 64,
                     "description": "longer texts are truncated to their first max_tokens tokens"},
      "pooling": {"type": "string", "enum": ["mean", "cls"], "default": "mean"},
      "normalize": {"type": "boolean", "default": true, "description": "L2-normalise the embeddings"},
      "layers": {"type": "integer", "minimum": 1, "maximum": 48, "default": 2},
      "width": {"type": "integer", "minimum": 8, "maximum": 4096, "default": 64},
      "heads": {"type": "integer", "minimum": 1, "maximum": 64, "default": 4},
      "ffn_multiplier": {"type": "integer", "minimum": 1, "maximum": 8, "default": 4},
      "dropout": {"type": "number", "minimum": 0, "maximum": 0.9, "default": 0.0},
      "positions": {"type": "string", "enum": ["learned", "rotary"], "default": "learned"},
      "mask_probability": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 0.15}
    }
  })json");
  TrainerConfig defaults;
  defaults.epochs = 3;
  defaults.learning_rate = 3e-3;
  defaults.batch_size = 32;
  defaults.patience = 0;
  schema["properties"]["training"] = trainer_schema(defaults);
  return schema;
}

}  // namespace

const std::string& transformer_encoder_schema() {
  static const std::string schema = build_schema().dump();
  return schema;
}

TransformerEncoder::TransformerEncoder(const nlohmann::json& config, const std::string& device, uint64_t seed,
                                       std::string work_dir)
    : raw_config_(config), device_(device), seed_(seed), work_dir_(std::move(work_dir)) {
  arch_.layers = config.at("layers").get<int64_t>();
  arch_.width = config.at("width").get<int64_t>();
  arch_.heads = config.at("heads").get<int64_t>();
  arch_.ffn_multiplier = config.at("ffn_multiplier").get<int64_t>();
  arch_.dropout = config.at("dropout").get<double>();
  arch_.positions = nn::parse_position_kind(config.at("positions").get<std::string>(), std::string(kKind) + ": positions");
  arch_.causal = false;
  max_tokens_ = config.at("max_tokens").get<int64_t>();
  arch_.context = max_tokens_ + 1;
  nn::validate(arch_, std::string(kKind) + ": create");
  pooling_ = config.at("pooling").get<std::string>() == "cls" ? Pooling::cls : Pooling::mean;
  normalize_ = config.at("normalize").get<bool>();
  training_ = trainer_config_from_json(config.at("training"));
}

void TransformerEncoder::build(text::BpeTokenizer tokenizer) {
  tokenizer_.emplace(std::move(tokenizer));
  net_ = std::make_shared<TransformerEncoderNetImpl>(tokenizer_->vocab_size(), arch_);
  nn::seeded_init(*net_, seed_);
  net_->to(at::Device(device_));
}

void TransformerEncoder::fit(const std::vector<std::string>& corpus, const std::vector<std::string>& /*sources*/) {
  text::BpeTrainOptions options;
  options.vocab_size = raw_config_.at("vocab_size").get<int32_t>();
  options.lowercase = raw_config_.at("lowercase").get<bool>();
  build(text::BpeTokenizer::train(corpus, options));
  std::vector<std::vector<int32_t>> texts;
  for (const std::string& text : corpus) texts.push_back(tokenizer_->encode(text));
  const text::SpecialIds specials = tokenizer_->specials();
  MlmObjective objective(net_, std::move(texts), max_tokens_, raw_config_.at("mask_probability").get<double>(),
                         specials.cls, specials.mask);
  if (objective.n_examples() > 0) {
    train(objective, training_, seed_ ^ 0x3e, work_dir_.empty() ? "" : work_dir_ + "/transformer_encoder.ckpt",
          kKind);
  }
  net_->eval();
  fitted_key_ = weights_hash();
}

at::Tensor TransformerEncoder::encode(const std::vector<std::string>& texts) const {
  if (!net_) throw Error(std::string(kKind) + ": encode: called before fit() or load()");
  at::NoGradGuard no_grad;
  std::vector<at::Tensor> parts;
  for (size_t start = 0; start < texts.size(); start += kEncodeBatch) {
    std::vector<std::vector<int32_t>> tokens;
    for (size_t i = start; i < std::min(texts.size(), start + kEncodeBatch); ++i) tokens.push_back(tokenizer_->encode(texts[i]));
    at::Tensor ids, mask;
    pack_sequences(tokens, max_tokens_, tokenizer_->specials().cls, ids, mask);
    const at::Device device(device_);
    parts.push_back(net_->pooled(ids.to(device), mask.to(device), pooling_, normalize_).to(at::kCPU, at::kFloat));
  }
  if (parts.empty()) return at::zeros({0, arch_.width}, at::kFloat);
  return at::cat(parts, 0).contiguous();
}

std::string TransformerEncoder::weights_hash() const {
  uint64_t hash = text::fnv1a(tokenizer_->serialize());
  for (const at::Tensor& p : net_->parameters()) {
    const at::Tensor cpu = p.detach().to(at::kCPU, at::kFloat).contiguous();
    hash = text::fnv1a(static_cast<const char*>(cpu.data_ptr()), static_cast<size_t>(cpu.numel()) * sizeof(float), hash);
  }
  return text::hex64(hash);
}

std::string TransformerEncoder::cache_key() const {
  return "transformer/v1/" + text::hex64(text::fnv1a(raw_config_.dump())) + "/" +
         (fitted_key_.empty() ? "unfitted" : fitted_key_);
}

void TransformerEncoder::save(const std::string& path) const {
  if (!net_) throw Error(std::string(kKind) + ": save: nothing to save before fit()");
  nn::save_module_state(*net_, nn::ModuleExtras{{}, tokenizer_->serialize()}, path, kKind, raw_config_.dump());
}

void TransformerEncoder::load(const std::string& path) {
  build(text::BpeTokenizer::parse(nn::read_state_text(path, kKind, raw_config_.dump()), path + "#tokenizer"));
  nn::load_module_state(*net_, path, kKind, raw_config_.dump(), {});
  net_->eval();
  fitted_key_ = weights_hash();
}

}  // namespace modelsat::tenc
