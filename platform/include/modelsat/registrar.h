// What a plugin sees while registering: a Registrar to add encoder, backbone and router factories to.
#pragma once

#include "modelsat/component.h"
#include "modelsat/plugin_abi.h"

#include <memory>
#include <string>

namespace modelsat {

class Encoder;
class Backbone;
class Router;

/// Factories receive the validated config (defaults filled, unknown keys rejected) as JSON text and return a new
/// component owned by the host. They may throw modelsat::Error; the host reports it as "<kind>/<name>: create: ...".
using EncoderFactory = std::unique_ptr<Encoder> (*)(const CreateContext& context, const std::string& config_json);
using BackboneFactory = std::unique_ptr<Backbone> (*)(const CreateContext& context, const std::string& config_json);
using RouterFactory = std::unique_ptr<Router> (*)(const CreateContext& context, const std::string& config_json);

/// Implemented by the host. Every call copies what it needs; the plugin keeps no pointer to the registrar.
/// Problems found while adding (bad name, bad schema, duplicate) are collected and reported by the host after the
/// plugin's registration function returns.
class Registrar {
 public:
  virtual void add_encoder(const ComponentInfo& info, EncoderFactory factory) = 0;
  virtual void add_backbone(const ComponentInfo& info, BackboneFactory factory) = 0;
  virtual void add_router(const ComponentInfo& info, RouterFactory factory) = 0;
  /// Marks the whole registration as failed; used by MODELSAT_PLUGIN when the plugin's function throws.
  virtual void report_failure(const char* message) = 0;

 protected:
  ~Registrar() = default;
};

/// The C handle the host passes through msat_plugin_info::register_components.
inline Registrar& registrar_from(msat_registry* registry) { return *reinterpret_cast<Registrar*>(registry); }
inline msat_registry* registry_handle(Registrar& registrar) { return reinterpret_cast<msat_registry*>(&registrar); }

}  // namespace modelsat
