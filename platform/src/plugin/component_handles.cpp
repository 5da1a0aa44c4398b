// Host-owned component wrappers: config resolution, boundary-safe calls and checks on what plugins return.
#include "modelsat/component_handles.h"

#include "modelsat/plugin_boundary.h"

#include "../core/shape_text.h"

#include <ATen/ATen.h>


namespace modelsat {
namespace {

/// Checks a backbone's hidden states against the expected sizes; returns them unchanged.
at::Tensor checked_hidden(const at::Tensor& hidden, const std::vector<int64_t>& expected, const ComponentSpec& spec,
                          const char* operation) {
  if (hidden.defined() && hidden.sizes() == at::IntArrayRef(expected)) return hidden;
  std::string text = "[";
  for (size_t i = 0; i < expected.size(); ++i) text += (i ? ", " : "") + std::to_string(expected[i]);
  throw PluginError(spec.id(), operation,
                    "returned a tensor of the wrong shape (expected " + text + "], got " + shape_text(hidden) + ")");
}

/// Checks a returned matrix: defined, the expected 2-d shape, float32, finite. Returns it contiguous on CPU.
at::Tensor checked_matrix(const at::Tensor& result, int64_t rows, int64_t cols, const ComponentSpec& spec,
                          const char* operation) {
  auto fail = [&](const std::string& why) { throw PluginError(spec.id(), operation, why); };
  if (!result.defined() || result.dim() != 2 || result.size(0) != rows || result.size(1) != cols) {
    fail("returned a tensor of the wrong shape (expected [" + std::to_string(rows) + ", " + std::to_string(cols) +
         "], got " + shape_text(result) + ")");
  }
  if (result.scalar_type() != at::kFloat) {
    fail(std::string("returned the wrong dtype (expected float32, got ") + c10::toString(result.scalar_type()) + ")");
  }
  at::Tensor cpu = result.to(at::kCPU).contiguous();
  if (!at::isfinite(cpu).all().item<bool>()) fail("returned non-finite values (NaN or infinity)");
  return cpu;
}

template <typename Factory, typename Interface>
std::unique_ptr<Interface> create_component(const ComponentSpec& spec, Factory factory, const nlohmann::json& config,
                                            const CreateContext& context) {
  const std::string text = config.dump();
  auto made = plugin_call(spec.id(), "create", [&] { return factory(context, text); });
  if (!made) throw PluginError(spec.id(), "create", "the factory returned null");
  return made;
}

}  // namespace

nlohmann::json resolve_config(const ComponentSpec& spec, const nlohmann::json& config, const std::string& location) {
  return spec.schema.resolve(config, location);
}

RouterHandle::RouterHandle(const ComponentSpec& spec, const nlohmann::json& config, const CreateContext& context,
                           const std::string& location)
    : spec_(&spec), config_(resolve_config(spec, config, location)) {
  impl_ = create_component<RouterFactory, Router>(spec, spec.router_factory, config_, context);
}

RouterCaps RouterHandle::caps() const {
  return plugin_call(spec_->id(), "caps", [&] { return impl_->caps(); });
}

void RouterHandle::fit(const RoutingSet& train, const RoutingSet* validation) {
  plugin_call(spec_->id(), "fit", [&] { impl_->fit(train, validation); });
}

at::Tensor RouterHandle::score(const QueryBatch& queries, const CandidateSet& candidates) const {
  at::Tensor scores = plugin_call(spec_->id(), "score", [&] { return impl_->score(queries, candidates); });
  return checked_matrix(scores, queries.size(), candidates.size(), *spec_, "score");
}

void RouterHandle::save(const std::string& path) const {
  plugin_call(spec_->id(), "save", [&] { impl_->save(path); });
}

void RouterHandle::load(const std::string& path) {
  plugin_call(spec_->id(), "load", [&] { impl_->load(path); });
}

EncoderHandle::EncoderHandle(const ComponentSpec& spec, const nlohmann::json& config, const CreateContext& context,
                             const std::string& location)
    : spec_(&spec), config_(resolve_config(spec, config, location)) {
  impl_ = create_component<EncoderFactory, Encoder>(spec, spec.encoder_factory, config_, context);
}

int64_t EncoderHandle::dim() const {
  return plugin_call(spec_->id(), "dim", [&] { return impl_->dim(); });
}

std::string EncoderHandle::cache_key() const {
  return plugin_call(spec_->id(), "cache_key", [&] { return impl_->cache_key(); });
}

bool EncoderHandle::trainable() const {
  return plugin_call(spec_->id(), "trainable", [&] { return impl_->trainable(); });
}

void EncoderHandle::fit(const std::vector<std::string>& corpus, const std::vector<std::string>& sources) {
  plugin_call(spec_->id(), "fit", [&] { impl_->fit(corpus, sources); });
}

at::Tensor EncoderHandle::encode(const std::vector<std::string>& texts) const {
  at::Tensor embeddings = plugin_call(spec_->id(), "encode", [&] { return impl_->encode(texts); });
  return checked_matrix(embeddings, static_cast<int64_t>(texts.size()), dim(), *spec_, "encode");
}

void EncoderHandle::save(const std::string& path) const {
  plugin_call(spec_->id(), "save", [&] { impl_->save(path); });
}

void EncoderHandle::load(const std::string& path) {
  plugin_call(spec_->id(), "load", [&] { impl_->load(path); });
}

BackboneHandle::BackboneHandle(const ComponentSpec& spec, const nlohmann::json& config, const CreateContext& context,
                               const std::string& location)
    : spec_(&spec), config_(resolve_config(spec, config, location)) {
  impl_ = create_component<BackboneFactory, Backbone>(spec, spec.backbone_factory, config_, context);
}

int64_t BackboneHandle::input_dim() const {
  return plugin_call(spec_->id(), "input_dim", [&] { return impl_->input_dim(); });
}

int64_t BackboneHandle::hidden_dim() const {
  return plugin_call(spec_->id(), "hidden_dim", [&] { return impl_->hidden_dim(); });
}

at::Tensor BackboneHandle::forward(const at::Tensor& embeds, const at::Tensor& mask) {
  const at::Tensor hidden = plugin_call(spec_->id(), "forward", [&] { return impl_->forward(embeds, mask); });
  return checked_hidden(hidden, {embeds.size(0), embeds.size(1), hidden_dim()}, *spec_, "forward");
}

at::Tensor BackboneHandle::forward_shared_prefix(const at::Tensor& prefix_embeds, const at::Tensor& prefix_mask,
                                                const at::Tensor& embeds, const at::Tensor& mask) {
  const at::Tensor hidden = plugin_call(spec_->id(), "forward_shared_prefix",
                                        [&] { return impl_->forward_shared_prefix(prefix_embeds, prefix_mask, embeds, mask); });
  return checked_hidden(hidden, {embeds.size(0), embeds.size(1), embeds.size(2), hidden_dim()}, *spec_,
                        "forward_shared_prefix");
}

std::vector<at::Tensor> BackboneHandle::parameters() {
  return plugin_call(spec_->id(), "parameters", [&] { return impl_->parameters(); });
}

void BackboneHandle::set_training(bool training) {
  plugin_call(spec_->id(), "set_training", [&] { impl_->set_training(training); });
}

void BackboneHandle::to_device(const std::string& device) {
  plugin_call(spec_->id(), "to_device", [&] { impl_->to_device(device); });
}

void BackboneHandle::save(const std::string& path) const {
  plugin_call(spec_->id(), "save", [&] { impl_->save(path); });
}

void BackboneHandle::load(const std::string& path) {
  plugin_call(spec_->id(), "load", [&] { impl_->load(path); });
}

}  // namespace modelsat
