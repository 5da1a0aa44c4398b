/* The C handshake between the modelsat host and a plugin library: one exported entry point returning a static struct. */
#ifndef MODELSAT_PLUGIN_ABI_H
#define MODELSAT_PLUGIN_ABI_H

#include <stdint.h>

/* Bump on ANY change to this file or to any C++ interface header under modelsat/ that plugins compile against
 * (component.h, encoder.h, backbone.h, router.h, registrar.h, types.h). The host refuses libraries built for another
 * version and prints both numbers. */
#define MSAT_PLUGIN_ABI_VERSION 4

/* Name of the one symbol every plugin library exports. */
#define MSAT_PLUGIN_ENTRY_POINT "msat_plugin_get_info"

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque to C; the host passes a modelsat::Registrar behind it (see modelsat/registrar.h). */
struct msat_registry;

/* Static description of a plugin library. Every pointer refers to static storage owned by the library, which the host
 * keeps loaded for the life of the process. */
typedef struct msat_plugin_info {
  uint32_t abi_version;          /* = MSAT_PLUGIN_ABI_VERSION at the plugin's build time */
  const char* build_fingerprint; /* = MODELSAT_BUILD_FINGERPRINT: compiler, C++ ABI flag, libtorch, json, ABI */
  const char* plugin_name;       /* [a-z][a-z0-9_]*, e.g. "example_router" */
  const char* plugin_version;    /* semantic version, e.g. "1.0.0" */
  /* Adds the library's components to the registry. Never throws: failures are reported through the registry. */
  void (*register_components)(struct msat_registry* registry);
} msat_plugin_info;

typedef const msat_plugin_info* (*msat_plugin_get_info_fn)(void);

#ifdef __cplusplus
}
#endif

#if defined(_WIN32)
#define MSAT_PLUGIN_EXPORT __declspec(dllexport)
#else
#define MSAT_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

#endif /* MODELSAT_PLUGIN_ABI_H */
