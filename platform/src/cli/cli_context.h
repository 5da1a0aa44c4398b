// What every subcommand gets: the global options, output streams and the plugin registry (loaded on first use).
#pragma once

#include "modelsat/component_registry.h"

#include <iosfwd>
#include <memory>

namespace modelsat::cli {

class CliContext {
 public:
  CliContext(PluginSearchOptions plugin_options, std::ostream& out, std::ostream& err);
  /// Loads every plugin the first time it is called; throws PluginLoadError.
  ComponentRegistry& registry();
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }

 private:
  PluginSearchOptions plugin_options_;
  std::ostream& out_;
  std::ostream& err_;
  std::unique_ptr<ComponentRegistry> registry_;
};

}  // namespace modelsat::cli
