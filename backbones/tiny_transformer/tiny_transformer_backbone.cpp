// TinyTransformerBackbone: config schema, construction with seeded init, forward, device moves and state files.
#include "tiny_transformer_backbone.h"

#include "module_io.h"
#include "seeded_init.h"

#include <modelsat/error.h>

#include <ATen/ATen.h>

namespace modelsat::nn {
namespace {

constexpr const char* kKind = "backbone/tiny_transformer";

}  // namespace

nlohmann::json tiny_transformer_schema() {
  return nlohmann::json::parse(R"json({
    "type": "object",
    "properties": {
      "layers": {"type": "integer", "minimum": 1, "maximum": 48, "default": 2, "description": "transformer blocks"},
      "width": {"type": "integer", "minimum": 8, "maximum": 4096, "default": 64, "description": "model width"},
      "heads": {"type": "integer", "minimum": 1, "maximum": 64, "default": 4, "description": "attention heads (divide width)"},
      "context": {"type": "integer", "minimum": 8, "maximum": 8192, "default": 160,
                  "description": "longest sequence, in positions"},
      "ffn_multiplier": {"type": "integer", "minimum": 1, "maximum": 8, "default": 4,
                         "description": "feed-forward width / model width"},
      "dropout": {"type": "number", "minimum": 0, "maximum": 0.9, "default": 0.0,
                  "description": "dropout on attention weights and residual branches"},
      "positions": {"type": "string", "enum": ["learned", "rotary"], "default": "learned",
                    "description": "learned absolute position embeddings or rotary positions"}
    }
  })json");
}

TransformerConfig tiny_transformer_config(const nlohmann::json& config) {
  TransformerConfig out;
  out.layers = config.at("layers").get<int64_t>();
  out.width = config.at("width").get<int64_t>();
  out.heads = config.at("heads").get<int64_t>();
  out.context = config.at("context").get<int64_t>();
  out.ffn_multiplier = config.at("ffn_multiplier").get<int64_t>();
  out.dropout = config.at("dropout").get<double>();
  out.positions = parse_position_kind(config.at("positions").get<std::string>(), "backbone/tiny_transformer: positions");
  out.causal = true;
  validate(out, "backbone/tiny_transformer: create");
  return out;
}

class TinyTransformerBackbone::Net : public torch::nn::Module {};

TinyTransformerBackbone::TinyTransformerBackbone(const TransformerConfig& config, int64_t input_dim,
                                                 const std::string& device, uint64_t seed)
    : config_(config), input_dim_(input_dim > 0 ? input_dim : config.width), root_(std::make_shared<Net>()) {
  validate(config_, "backbone/tiny_transformer: create");
  stack_ = root_->register_module("stack", TransformerStack(config_));
  if (input_dim_ != config_.width) {
    input_projection_ = root_->register_module("input_projection", torch::nn::Linear(input_dim_, config_.width));
  }
  seeded_init(*root_, seed);
  root_->to(at::Device(device));
}

at::Tensor TinyTransformerBackbone::forward(const at::Tensor& embeds, const at::Tensor& mask) {
  if (embeds.dim() != 3 || embeds.size(2) != input_dim_) {
    throw Error(std::string(kKind) + ": forward: bad embeddings (expected [n, t, " + std::to_string(input_dim_) +
                "], got " + std::to_string(embeds.dim()) + "-d with last size " +
                std::to_string(embeds.dim() > 0 ? embeds.size(-1) : 0) + ")");
  }
  const at::Device device = stack_->parameters().front().device();
  at::Tensor x = embeds.to(device, at::kFloat);
  if (input_projection_) x = input_projection_(x);
  return stack_(x, mask.to(device, at::kBool)).to(embeds.device());
}

at::Tensor TinyTransformerBackbone::forward_shared_prefix(const at::Tensor& prefix_embeds, const at::Tensor& prefix_mask,
                                                         const at::Tensor& embeds, const at::Tensor& mask) {
  check_shared_prefix_shapes(kKind, input_dim_, prefix_embeds, prefix_mask, embeds, mask);
  const at::Device device = stack_->parameters().front().device();
  at::Tensor prefix = prefix_embeds.to(device, at::kFloat);
  at::Tensor x = embeds.to(device, at::kFloat);
  if (input_projection_) {
    prefix = input_projection_(prefix);
    x = input_projection_(x);
  }
  return stack_->forward_shared_prefix(prefix, prefix_mask.to(device, at::kBool), x, mask.to(device, at::kBool))
      .to(embeds.device());
}

std::vector<at::Tensor> TinyTransformerBackbone::parameters() { return root_->parameters(); }

void TinyTransformerBackbone::set_training(bool training) { root_->train(training); }

void TinyTransformerBackbone::to_device(const std::string& device) { root_->to(at::Device(device)); }

std::string TinyTransformerBackbone::tag() const {
  return std::to_string(config_.layers) + "/" + std::to_string(config_.width) + "/" + std::to_string(config_.heads) +
         "/" + std::to_string(config_.context) + "/" + std::to_string(config_.ffn_multiplier) + "/" +
         to_string(config_.positions) + "/" + std::to_string(input_dim_);
}

void TinyTransformerBackbone::save(const std::string& path) const {
  save_module_state(*root_, ModuleExtras{}, path, kKind, tag());
}

void TinyTransformerBackbone::load(const std::string& path) { load_module_state(*root_, path, kKind, tag(), {}); }

}  // namespace modelsat::nn
