// Shell command runner for CLI tests: stdout and stderr go to temporary files that are read back.
#include "run_command.h"

#include "temp_dir.h"

#include "modelsat/atomic_file.h"

#include <sys/wait.h>

#include <cstdlib>

namespace modelsat::test {

CommandResult run_command(const std::string& command) {
  TempDir dir;
  const std::string out_path = dir.file("stdout");
  const std::string err_path = dir.file("stderr");
  const std::string full = "(" + command + ") > '" + out_path + "' 2> '" + err_path + "' < /dev/null";
  const int status = std::system(full.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

CommandResult run_modelsat(const std::string& args) {
  return run_command(std::string("MODELSAT_PLUGIN_PATH= '") + MODELSAT_CLI_PATH + "' " + args);
}

}  // namespace modelsat::test
