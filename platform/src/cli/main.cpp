// Entry point of the `modelsat` CLI: global options, subcommand dispatch, and the exit-status contract
// (0 success, 1 failure, 2 usage error).
#include "commands.h"

#include "modelsat/error.h"
#include "modelsat/fingerprint.h"
#include "modelsat/log.h"
#include "modelsat_git_commit.h"

#include <iostream>
#include <string>
#include <vector>

namespace {
using modelsat::UsageError;
using modelsat::cli::Command;
using modelsat::cli::commands;

std::string global_help() {
  std::string text =
      "usage: modelsat [global options] <command> [command options]\n\n"
      "modelsat: LLM routing research platform (Model-SAT and baselines as plugins).\n\ncommands:\n";
  for (const Command& command : commands()) text += "  " + std::string(command.name) + "\n      " + command.summary + "\n";
  text +=
      "\nglobal options (accepted anywhere on the line):\n"
      "  --plugin-dir DIR (repeatable)\n      also load every plugin library in DIR\n"
      "  --no-builtin-plugins\n      do not load the plugins installed next to this executable\n"
      "  --log-level LEVEL\n      debug, info, warn, error or quiet (default info)\n"
      "  --version\n      print the version, git commit and build fingerprint\n"
      "  --help, -h\n      show this help; `modelsat <command> --help` shows a command's options\n"
      "\nenvironment:\n  MODELSAT_PLUGIN_PATH   ':'-separated plugin directories, loaded after the built-in one\n"
      "\nexit status: 0 success, 1 failure, 2 usage error\n";
  return text;
}

struct GlobalOptions {
  modelsat::PluginSearchOptions plugins;
  bool help = false;
  bool version = false;
  std::vector<std::string> rest;
};

GlobalOptions parse_global(const std::vector<std::string>& args) {
  GlobalOptions options;
  auto value_of = [&](size_t& i, const std::string& name) -> std::string {
    if (i + 1 >= args.size()) throw UsageError("modelsat: option '" + name + "' needs a value; see 'modelsat --help'");
    return args[++i];
  };
  bool seen_command = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--plugin-dir") {
      options.plugins.extra_dirs.push_back(value_of(i, arg));
    } else if (arg.rfind("--plugin-dir=", 0) == 0) {
      options.plugins.extra_dirs.push_back(arg.substr(13));
    } else if (arg == "--no-builtin-plugins") {
      options.plugins.include_builtin = false;
    } else if (arg == "--log-level" || arg.rfind("--log-level=", 0) == 0) {
      const std::string level = arg == "--log-level" ? value_of(i, arg) : arg.substr(12);
      try {
        modelsat::set_log_level(modelsat::parse_log_level(level, "modelsat: --log-level"));
      } catch (const modelsat::ConfigError& error) {
        throw UsageError(error.what());
      }
    } else if (!seen_command && (arg == "--help" || arg == "-h")) {
      options.help = true;
    } else if (!seen_command && arg == "--version") {
      options.version = true;
    } else {
      if (!seen_command && !arg.empty() && arg[0] == '-') {
        throw UsageError("modelsat: unknown global option '" + arg + "' (expected a command first); see 'modelsat --help'");
      }
      seen_command = true;
      options.rest.push_back(arg);
    }
  }
  return options;
}

int run(const std::vector<std::string>& args) {
  const GlobalOptions options = parse_global(args);
  if (options.version) {
    std::cout << "modelsat " << MODELSAT_VERSION << " (commit " << MODELSAT_GIT_COMMIT << ")\n"
              << "plugin ABI " << MSAT_PLUGIN_ABI_VERSION << "; " << MODELSAT_BUILD_FINGERPRINT << "\n";
    return 0;
  }
  if (options.help) {
    std::cout << global_help();
    return 0;
  }
  if (options.rest.empty()) throw UsageError("modelsat: missing command; see 'modelsat --help'");
  const std::string& name = options.rest.front();
  for (const Command& command : commands()) {
    if (name == command.name) {
      modelsat::cli::CliContext context(options.plugins, std::cout, std::cerr);
      return command.run(context, std::vector<std::string>(options.rest.begin() + 1, options.rest.end()));
    }
  }
  std::string names;
  for (const Command& command : commands()) names += (names.empty() ? "" : ", ") + std::string(command.name);
  throw UsageError("modelsat: unknown command '" + name + "' (expected one of " + names + "); see 'modelsat --help'");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const modelsat::UsageError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  } catch (const modelsat::Error& error) {
    std::cerr << "modelsat: error: " << error.what() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "modelsat: internal error: " << error.what() << "\n";
    return 1;
  }
}
