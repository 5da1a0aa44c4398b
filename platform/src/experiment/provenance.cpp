// Collects the provenance record of a run.
#include "modelsat/experiment/provenance.h"

#include "modelsat/fingerprint.h"
#include "modelsat/sha256.h"

#include <sys/utsname.h>

#include <ctime>
#include <thread>

namespace modelsat::experiment {

nlohmann::json collect_provenance(const ComponentRegistry& registry, const std::string& git_commit,
                                  const std::string& device, int threads) {
  nlohmann::json plugins = nlohmann::json::array();
  for (const auto& library : registry.libraries()) {
    plugins.push_back({{"plugin", library->plugin_name}, {"version", library->version}, {"library", library->path},
                       {"sha256", sha256_file(library->path)}, {"fingerprint", library->fingerprint}});
  }
  utsname system{};
  ::uname(&system);
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return {{"git_commit", git_commit},
          {"libtorch", TORCH_VERSION},
          {"fingerprint", MODELSAT_BUILD_FINGERPRINT},
          {"plugin_abi", MSAT_PLUGIN_ABI_VERSION},
          {"device", device},
          {"threads", threads},
          {"plugins", plugins},
          {"machine", {{"system", system.sysname}, {"release", system.release}, {"arch", system.machine},
                       {"cores", std::thread::hardware_concurrency()}}},
          {"started_utc", stamp}};
}

}  // namespace modelsat::experiment
