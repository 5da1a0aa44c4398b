// Host side of the plugin system: loads libraries (Boost.DLL), checks the handshake, and indexes components by kind/name.
#pragma once

#include "modelsat/component.h"
#include "modelsat/registrar.h"
#include "modelsat/schema.h"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace modelsat {

/// A plugin library that passed the handshake. Its code stays loaded for the life of the process.
struct LoadedLibrary {
  std::string path;        ///< canonical path of the .so file
  std::string plugin_name; ///< msat_plugin_info::plugin_name
  std::string version;     ///< msat_plugin_info::plugin_version
  std::string fingerprint; ///< msat_plugin_info::build_fingerprint (equal to the host's)
};

/// One registered component. Exactly one of the three factories is set, matching kind.
struct ComponentSpec {
  ComponentKind kind;
  std::string name;
  std::string summary;
  ConfigSchema schema;
  std::shared_ptr<const LoadedLibrary> library;
  EncoderFactory encoder_factory = nullptr;
  BackboneFactory backbone_factory = nullptr;
  RouterFactory router_factory = nullptr;

  /// "<kind>/<name>", the prefix of every message about this component.
  std::string id() const { return std::string(to_string(kind)) + "/" + name; }
};

/// Not thread-safe while loading; read-only use (find, components) is safe from several threads afterwards.
class ComponentRegistry {
 public:
  /// Loads one plugin library and registers all of its components, or none of them. Loading the same file twice is a
  /// no-op. Throws PluginLoadError "plugin '<path>': <what>: <why>" for: a missing file, a file that is not a shared
  /// library, no entry point, an ABI version or build fingerprint different from the host's, invalid plugin info,
  /// a registration that throws, an invalid component (name, schema, factory), or a kind/name already registered
  /// (naming both files).
  void load_library(const std::string& path);

  /// Loads every *.so file directly inside dir, in name order. Throws PluginLoadError when dir is not a directory.
  void load_directory(const std::string& dir);

  /// The component kind/name. Throws ConfigError "<location>: unknown <kind> '<name>' (expected one of ...)".
  const ComponentSpec& find(ComponentKind kind, const std::string& name, const std::string& location) const;

  /// Every component, sorted by kind then name.
  std::vector<const ComponentSpec*> components() const;
  /// Components of one kind, sorted by name.
  std::vector<const ComponentSpec*> components(ComponentKind kind) const;
  /// Libraries in load order.
  const std::vector<std::shared_ptr<const LoadedLibrary>>& libraries() const { return libraries_; }

 private:
  std::map<std::pair<ComponentKind, std::string>, ComponentSpec> components_;
  std::vector<std::shared_ptr<const LoadedLibrary>> libraries_;
};

/// Where plugins are looked for: the built-in directory (next to the executable: <exe>/../lib/modelsat/plugins),
/// then every directory in MODELSAT_PLUGIN_PATH (':'-separated), then every --plugin-dir, in that order.
struct PluginSearchOptions {
  bool include_builtin = true;
  std::vector<std::string> extra_dirs; ///< from --plugin-dir, in command-line order
  bool use_environment = true;         ///< read MODELSAT_PLUGIN_PATH
};

/// The built-in plugin directory of the running executable.
std::string builtin_plugin_dir();

/// Loads all plugins found through options into registry. A missing built-in directory is a warning; a missing
/// directory named by the user (flag or environment) is a PluginLoadError naming where it came from.
void load_plugins(ComponentRegistry& registry, const PluginSearchOptions& options);

}  // namespace modelsat
