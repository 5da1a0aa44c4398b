// provenance.json: what produced a results folder (code commit, plugin libraries and hashes, libtorch, machine).
#pragma once

#include "modelsat/component_registry.h"

#include <nlohmann/json.hpp>

#include <string>

namespace modelsat::experiment {

/// {git_commit, libtorch, fingerprint, device, threads, plugins: [{plugin, version, library, sha256, fingerprint}],
///  machine: {system, release, arch, cores}, started_utc}
nlohmann::json collect_provenance(const ComponentRegistry& registry, const std::string& git_commit,
                                  const std::string& device, int threads);

}  // namespace modelsat::experiment
