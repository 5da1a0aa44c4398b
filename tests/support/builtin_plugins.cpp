// The build's own plugins, loaded once per test binary with one libtorch intra-op thread.
#include "builtin_plugins.h"

#include <ATen/Parallel.h>

namespace modelsat::test {

const ComponentRegistry& builtin_plugins() {
  static const ComponentRegistry registry = [] {
    at::set_num_threads(1);  // bit-exact repeats need one intra-op thread
    ComponentRegistry r;
    PluginSearchOptions options;
    options.use_environment = false;
    load_plugins(r, options);
    return r;
  }();
  return registry;
}

}  // namespace modelsat::test
