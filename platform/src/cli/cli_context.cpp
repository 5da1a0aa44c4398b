// The CLI context: global options and a lazily loaded plugin registry.
#include "cli_context.h"

namespace modelsat::cli {

CliContext::CliContext(PluginSearchOptions plugin_options, std::ostream& out, std::ostream& err)
    : plugin_options_(std::move(plugin_options)), out_(out), err_(err) {}

ComponentRegistry& CliContext::registry() {
  if (!registry_) {
    auto registry = std::make_unique<ComponentRegistry>();
    load_plugins(*registry, plugin_options_);
    registry_ = std::move(registry);
  }
  return *registry_;
}

}  // namespace modelsat::cli
