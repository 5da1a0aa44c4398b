// The one include a plugin source needs: interfaces, registrar, fingerprint and the MODELSAT_PLUGIN entry-point macro.
#pragma once

#include "modelsat/backbone.h"
#include "modelsat/encoder.h"
#include "modelsat/error.h"
#include "modelsat/fingerprint.h"
#include "modelsat/plugin_abi.h"
#include "modelsat/registrar.h"
#include "modelsat/router.h"

#include <exception>

/// Defines the exported entry point of a plugin library. register_fn is `void register_fn(modelsat::Registrar&)`.
/// Use once per library, in its *_plugin.cpp. Exceptions thrown by register_fn never leave the library: they are
/// reported to the host, which names the library in its error.
#define MODELSAT_PLUGIN(plugin_name, plugin_version, register_fn)                                          \
  static void modelsat_plugin_register_trampoline(msat_registry* registry) noexcept {                      \
    ::modelsat::Registrar& registrar = ::modelsat::registrar_from(registry);                               \
    try {                                                                                                  \
      register_fn(registrar);                                                                              \
    } catch (const std::exception& error) {                                                               \
      registrar.report_failure(error.what());                                                              \
    } catch (...) {                                                                                        \
      registrar.report_failure("unknown exception");                                                      \
    }                                                                                                      \
  }                                                                                                        \
  extern "C" MSAT_PLUGIN_EXPORT const msat_plugin_info* msat_plugin_get_info(void) {                      \
    static const msat_plugin_info info = {MSAT_PLUGIN_ABI_VERSION, MODELSAT_BUILD_FINGERPRINT, plugin_name, \
                                          plugin_version, &modelsat_plugin_register_trampoline};           \
    return &info;                                                                                          \
  }
