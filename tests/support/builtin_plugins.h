// The plugins built with the platform, loaded once per test binary for the tests that run components directly.
#pragma once

#include "modelsat/component_registry.h"

namespace modelsat::test {

/// Every plugin of the build's plugin folder (MODELSAT_PLUGIN_PATH is ignored), loaded on first use and kept for the
/// life of the process. Sets libtorch to one intra-op thread first, so repeated runs are bit-exact.
const ComponentRegistry& builtin_plugins();

}  // namespace modelsat::test
