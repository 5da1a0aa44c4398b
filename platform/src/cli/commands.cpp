// The subcommand table: an explicit list, so nothing depends on static registration order.
#include "commands.h"

namespace modelsat::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"plugins", "list the loaded encoder, backbone and router components", &run_plugins_command},
  };
  return table;
}

}  // namespace modelsat::cli
