// What every component shares: its kind, its static description, and the context the host passes to its factory.
#pragma once

#include <cstdint>
#include <string>

namespace modelsat {

class Backbone;
class Encoder;

enum class ComponentKind { encoder, backbone, router };

/// "encoder", "backbone" or "router".
inline const char* to_string(ComponentKind kind) {
  switch (kind) {
    case ComponentKind::encoder: return "encoder";
    case ComponentKind::backbone: return "backbone";
    case ComponentKind::router: return "router";
  }
  return "unknown";
}

/// Static description of one component; all strings have static storage in the plugin library.
struct ComponentInfo {
  const char* name;        ///< [a-z][a-z0-9_]*, unique per kind across all loaded plugins
  const char* summary;     ///< one line shown by `modelsat plugins`
  const char* schema_json; ///< JSON-Schema subset of the component's config (see modelsat/schema.h)
};

/// What the host tells a factory. Dimensions are wired by the host, never written in manifests.
struct CreateContext {
  int64_t input_dim = 0;      ///< width of the encoder's embeddings a router or backbone receives (0 = none)
  std::string device = "cpu"; ///< "cpu" or "cuda[:i]"; tensors returned to the host are on CPU regardless
  uint64_t seed = 0;          ///< the only source of randomness a component may use
  int threads = 1;            ///< intra-op threads the host has set for this process
  std::string work_dir;       ///< a directory the component owns for checkpoints ("" = none: train in memory only)
  /// For a router whose manifest entry names a "backbone" block: the backbone the host created from it; otherwise null.
  /// Owned by the host; outlives the router. Calls on it from the router are inside the router's own boundary.
  Backbone* backbone = nullptr;
  /// The experiment's encoder (the one that produced QueryBatch::embeddings), or null when there is none.
  /// Owned by the host; outlives the component; encode() is safe to call from the component.
  const Encoder* encoder = nullptr;
};

}  // namespace modelsat
