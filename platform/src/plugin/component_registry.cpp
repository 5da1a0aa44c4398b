// Loads plugin libraries with Boost.DLL, checks the C handshake, and registers their components all-or-nothing.
#include "modelsat/component_registry.h"

#include "modelsat/error.h"
#include "modelsat/fingerprint.h"
#include "modelsat/log.h"
#include "modelsat/plugin_abi.h"

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>

namespace modelsat {
namespace {
namespace fs = std::filesystem;

/// Every library ever loaded, never unloaded: component objects and exception type info may point into their code
/// until the process exits, so the handles are deliberately leaked.
std::vector<boost::dll::shared_library>& pinned_libraries() {
  static auto* libraries = new std::vector<boost::dll::shared_library>();
  return *libraries;
}

bool valid_component_name(const char* name) {
  static const std::regex pattern("[a-z][a-z0-9_]*");
  return name != nullptr && std::regex_match(name, pattern);
}

struct PendingComponent {
  ComponentKind kind;
  std::string name;
  std::string summary;
  std::string schema_json;
  bool has_name = false;
  bool has_schema = false;
  EncoderFactory encoder_factory = nullptr;
  BackboneFactory backbone_factory = nullptr;
  RouterFactory router_factory = nullptr;
};

/// Collects what a plugin registers; the registry checks and commits it after the plugin returns.
class CollectingRegistrar final : public Registrar {
 public:
  void add_encoder(const ComponentInfo& info, EncoderFactory factory) override {
    PendingComponent component = pending(ComponentKind::encoder, info);
    component.encoder_factory = factory;
    components_.push_back(std::move(component));
  }
  void add_backbone(const ComponentInfo& info, BackboneFactory factory) override {
    PendingComponent component = pending(ComponentKind::backbone, info);
    component.backbone_factory = factory;
    components_.push_back(std::move(component));
  }
  void add_router(const ComponentInfo& info, RouterFactory factory) override {
    PendingComponent component = pending(ComponentKind::router, info);
    component.router_factory = factory;
    components_.push_back(std::move(component));
  }
  void report_failure(const char* message) override {
    failures_.push_back(message != nullptr ? message : "(no message)");
  }

  std::vector<PendingComponent> components_;
  std::vector<std::string> failures_;

 private:
  static PendingComponent pending(ComponentKind kind, const ComponentInfo& info) {
    PendingComponent component;
    component.kind = kind;
    component.has_name = info.name != nullptr;
    component.name = info.name != nullptr ? info.name : "";
    component.summary = info.summary != nullptr ? info.summary : "";
    component.has_schema = info.schema_json != nullptr;
    component.schema_json = info.schema_json != nullptr ? info.schema_json : "";
    return component;
  }
};

std::string quoted(const std::string& path) { return "plugin '" + path + "'"; }

const msat_plugin_info* handshake(const boost::dll::shared_library& library, const std::string& path) {
  const std::string where = quoted(path);
  if (!library.has(MSAT_PLUGIN_ENTRY_POINT)) {
    throw PluginLoadError(where + ": no entry point: the library does not export " MSAT_PLUGIN_ENTRY_POINT
                                  " (is it a modelsat plugin built with MODELSAT_PLUGIN?)");
  }
  const auto get_info = library.get<const msat_plugin_info*()>(MSAT_PLUGIN_ENTRY_POINT);
  const msat_plugin_info* info = get_info();
  if (info == nullptr) throw PluginLoadError(where + ": invalid plugin info: " MSAT_PLUGIN_ENTRY_POINT " returned null");
  if (info->abi_version != MSAT_PLUGIN_ABI_VERSION) {
    throw PluginLoadError(where + ": ABI version mismatch: rebuild the plugin against this modelsat (expected " +
                          std::to_string(MSAT_PLUGIN_ABI_VERSION) + ", got " + std::to_string(info->abi_version) + ")");
  }
  const std::string fingerprint = info->build_fingerprint != nullptr ? info->build_fingerprint : "(null)";
  if (fingerprint != MODELSAT_BUILD_FINGERPRINT) {
    throw PluginLoadError(where + ": build fingerprint mismatch: the plugin was built with another toolchain or "
                                  "library version; rebuild it (expected \"" MODELSAT_BUILD_FINGERPRINT "\", got \"" +
                          fingerprint + "\")");
  }
  if (!valid_component_name(info->plugin_name)) {
    throw PluginLoadError(where + ": invalid plugin info: plugin_name must match [a-z][a-z0-9_]* (got " +
                          (info->plugin_name ? "\"" + std::string(info->plugin_name) + "\"" : std::string("null")) +
                          ")");
  }
  if (info->plugin_version == nullptr || info->register_components == nullptr) {
    throw PluginLoadError(where + ": invalid plugin info: plugin_version and register_components must be set");
  }
  return info;
}

}  // namespace

void ComponentRegistry::load_library(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw PluginLoadError(quoted(path) + ": cannot load: file does not exist");
  if (!fs::is_regular_file(path, ec)) throw PluginLoadError(quoted(path) + ": cannot load: not a regular file");
  const std::string canonical = fs::canonical(path, ec).string();
  for (const auto& loaded : libraries_) {
    if (loaded->path == canonical) {
      log_debug("plugins", "skipping '" + canonical + "': already loaded");
      return;
    }
  }

  boost::dll::shared_library library;
  try {
    library.load(canonical, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& error) {
    throw PluginLoadError(quoted(canonical) + ": cannot load: not a loadable shared library (" + error.what() + ")");
  }
  const msat_plugin_info* info = handshake(library, canonical);
  pinned_libraries().push_back(library);

  for (const auto& loaded : libraries_) {
    if (loaded->plugin_name == info->plugin_name) {
      throw PluginLoadError(quoted(canonical) + ": duplicate plugin '" + loaded->plugin_name +
                            "': already loaded from '" + loaded->path + "'");
    }
  }

  CollectingRegistrar registrar;
  info->register_components(registry_handle(registrar));
  if (!registrar.failures_.empty()) {
    throw PluginLoadError(quoted(canonical) + ": registration failed: " + registrar.failures_.front());
  }

  auto record = std::make_shared<LoadedLibrary>(
      LoadedLibrary{canonical, info->plugin_name, info->plugin_version, info->build_fingerprint});
  std::map<std::pair<ComponentKind, std::string>, ComponentSpec> accepted;
  for (auto& pending : registrar.components_) {
    const std::string id = std::string(to_string(pending.kind)) + "/" + pending.name;
    if (!pending.has_name || !valid_component_name(pending.name.c_str())) {
      throw PluginLoadError(quoted(canonical) + ": invalid component: " + to_string(pending.kind) +
                            " name must match [a-z][a-z0-9_]* (got \"" + pending.name + "\")");
    }
    if (pending.summary.empty()) throw PluginLoadError(quoted(canonical) + ": invalid component " + id + ": empty summary");
    if (!pending.encoder_factory && !pending.backbone_factory && !pending.router_factory) {
      throw PluginLoadError(quoted(canonical) + ": invalid component " + id + ": null factory");
    }
    if (!pending.has_schema) throw PluginLoadError(quoted(canonical) + ": invalid component " + id + ": null schema");
    const auto key = std::make_pair(pending.kind, pending.name);
    auto existing = components_.find(key);
    if (existing != components_.end()) {
      throw PluginLoadError(quoted(canonical) + ": duplicate component " + id + ": already registered by '" +
                            existing->second.library->path + "'");
    }
    if (accepted.count(key)) {
      throw PluginLoadError(quoted(canonical) + ": duplicate component " + id + ": registered twice by this library");
    }
    ConfigSchema schema = [&] {
      try {
        return ConfigSchema::parse(pending.schema_json, id + " schema");
      } catch (const ConfigError& error) {
        throw PluginLoadError(quoted(canonical) + ": invalid component " + id + ": " + error.what());
      }
    }();
    accepted.emplace(key, ComponentSpec{pending.kind, pending.name, pending.summary, std::move(schema), record,
                                        pending.encoder_factory, pending.backbone_factory, pending.router_factory});
  }
  for (auto& entry : accepted) components_.emplace(entry.first, std::move(entry.second));
  libraries_.push_back(record);
  log_debug("plugins", "loaded '" + canonical + "' (" + record->plugin_name + " " + record->version + ", " +
                           std::to_string(accepted.size()) + " components)");
}

void ComponentRegistry::load_directory(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw PluginLoadError("plugin directory '" + dir + "': not a directory");
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".so") files.push_back(entry.path().string());
  }
  if (ec) throw PluginLoadError("plugin directory '" + dir + "': cannot list: " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) load_library(file);
}

const ComponentSpec& ComponentRegistry::find(ComponentKind kind, const std::string& name,
                                             const std::string& location) const {
  auto it = components_.find({kind, name});
  if (it != components_.end()) return it->second;
  std::string names;
  for (const auto* spec : components(kind)) names += (names.empty() ? "" : ", ") + spec->name;
  throw ConfigError(location + ": unknown " + to_string(kind) + " '" + name + "' (expected one of " +
                    (names.empty() ? std::string("nothing: no ") + to_string(kind) + " plugin is loaded" : names) + ")");
}

std::vector<const ComponentSpec*> ComponentRegistry::components() const {
  std::vector<const ComponentSpec*> out;
  for (const auto& entry : components_) out.push_back(&entry.second);
  return out;
}

std::vector<const ComponentSpec*> ComponentRegistry::components(ComponentKind kind) const {
  std::vector<const ComponentSpec*> out;
  for (const auto& entry : components_) {
    if (entry.first.first == kind) out.push_back(&entry.second);
  }
  return out;
}

std::string builtin_plugin_dir() {
  const fs::path exe = boost::dll::program_location().string();
  return (exe.parent_path().parent_path() / "lib" / "modelsat" / "plugins").string();
}

void load_plugins(ComponentRegistry& registry, const PluginSearchOptions& options) {
  std::error_code ec;
  if (options.include_builtin) {
    const std::string builtin = builtin_plugin_dir();
    if (fs::is_directory(builtin, ec)) {
      registry.load_directory(builtin);
    } else {
      log_warn("plugins", "built-in plugin directory '" + builtin + "' does not exist; no built-in plugins loaded");
    }
  }
  if (options.use_environment) {
    const char* env = std::getenv("MODELSAT_PLUGIN_PATH");
    if (env != nullptr) {
      std::stringstream stream(env);
      std::string dir;
      while (std::getline(stream, dir, ':')) {
        if (dir.empty()) continue;
        if (!fs::is_directory(dir, ec))
          throw PluginLoadError("MODELSAT_PLUGIN_PATH: plugin directory '" + dir + "': not a directory");
        registry.load_directory(dir);
      }
    }
  }
  for (const auto& dir : options.extra_dirs) {
    if (!fs::is_directory(dir, ec)) throw PluginLoadError("--plugin-dir '" + dir + "': not a directory");
    registry.load_directory(dir);
  }
}

}  // namespace modelsat
