// Host-owned wrappers around plugin components: create from a validated config, forward calls through plugin_call,
// and check what comes back (shapes, finiteness) before the rest of the platform sees it.
#pragma once

#include "modelsat/backbone.h"
#include "modelsat/component_registry.h"
#include "modelsat/encoder.h"
#include "modelsat/router.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace modelsat {

/// Validates config against spec's schema (location names it in errors, e.g. "run.json#/routers/0/config") and
/// returns the resolved config with defaults. Throws ConfigError.
nlohmann::json resolve_config(const ComponentSpec& spec, const nlohmann::json& config, const std::string& location);

class RouterHandle {
 public:
  /// Resolves config, then calls the plugin's factory. Throws ConfigError or PluginError ("router/x: create: ...").
  RouterHandle(const ComponentSpec& spec, const nlohmann::json& config, const CreateContext& context,
               const std::string& location);
  RouterCaps caps() const;
  void fit(const RoutingSet& train, const RoutingSet* validation);
  /// [queries.size(), candidates.size()] float32 CPU; PluginError when the plugin returns another shape or non-finite.
  at::Tensor score(const QueryBatch& queries, const CandidateSet& candidates) const;
  void save(const std::string& path) const;
  void load(const std::string& path);
  const ComponentSpec& spec() const { return *spec_; }
  const nlohmann::json& config() const { return config_; }

 private:
  const ComponentSpec* spec_;
  nlohmann::json config_;
  std::unique_ptr<Router> impl_;
};

class EncoderHandle {
 public:
  EncoderHandle(const ComponentSpec& spec, const nlohmann::json& config, const CreateContext& context,
                const std::string& location);
  int64_t dim() const;
  std::string cache_key() const;
  bool trainable() const;
  void fit(const std::vector<std::string>& corpus, const std::vector<std::string>& sources = {});
  /// [texts.size(), dim()] float32 CPU, finite; PluginError otherwise.
  at::Tensor encode(const std::vector<std::string>& texts) const;
  void save(const std::string& path) const;
  void load(const std::string& path);
  const ComponentSpec& spec() const { return *spec_; }
  const nlohmann::json& config() const { return config_; }
  /// The plugin object, for CreateContext::encoder; owned by this handle.
  const Encoder* get() const { return impl_.get(); }

 private:
  const ComponentSpec* spec_;
  nlohmann::json config_;
  std::unique_ptr<Encoder> impl_;
};

class BackboneHandle {
 public:
  BackboneHandle(const ComponentSpec& spec, const nlohmann::json& config, const CreateContext& context,
                 const std::string& location);
  int64_t input_dim() const;
  int64_t hidden_dim() const;
  /// [n, t, hidden_dim()]; PluginError when the plugin returns another shape.
  at::Tensor forward(const at::Tensor& embeds, const at::Tensor& mask);
  /// [n, c, s, hidden_dim()] (Backbone::forward_shared_prefix); PluginError when the plugin returns another shape.
  at::Tensor forward_shared_prefix(const at::Tensor& prefix_embeds, const at::Tensor& prefix_mask,
                                   const at::Tensor& embeds, const at::Tensor& mask);
  std::vector<at::Tensor> parameters();
  void set_training(bool training);
  void to_device(const std::string& device);
  void save(const std::string& path) const;
  void load(const std::string& path);
  const ComponentSpec& spec() const { return *spec_; }
  const nlohmann::json& config() const { return config_; }
  /// The plugin object, for CreateContext::backbone; owned by this handle.
  Backbone* get() { return impl_.get(); }

 private:
  const ComponentSpec* spec_;
  nlohmann::json config_;
  std::unique_ptr<Backbone> impl_;
};

}  // namespace modelsat
