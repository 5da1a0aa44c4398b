// Runs a shell command in a test and captures its exit status, stdout and stderr.
#pragma once

#include <string>

namespace modelsat::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `command` with /bin/sh; stdout and stderr are captured separately. Never throws on a non-zero exit.
CommandResult run_command(const std::string& command);

/// The built CLI followed by args, with MODELSAT_PLUGIN_PATH cleared so only the built-in plugins load.
CommandResult run_modelsat(const std::string& args);

}  // namespace modelsat::test
