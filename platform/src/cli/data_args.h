// Option-value parsing shared by the data and aptitude subcommands (numbers, sub-subcommand dispatch).
#pragma once

#include "cli_context.h"
#include "modelsat/error.h"

#include <ostream>

#include <cstdint>
#include <string>
#include <vector>

namespace modelsat::cli {

/// A non-negative integer option value; UsageError "<command>: <option>: ... (expected ..., got ...)".
inline uint64_t parse_count(const std::string& text, const std::string& option, const std::string& command) {
  size_t used = 0;
  unsigned long long value = 0;
  try {
    if (!text.empty() && text[0] != '-') value = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw UsageError(command + ": " + option + ": not a non-negative integer (got '" + text + "'); see '" + command +
                     " --help'");
  return value;
}

/// A fraction option value in [0, 1].
inline double parse_fraction(const std::string& text, const std::string& option, const std::string& command) {
  size_t used = 0;
  double value = -1;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !(value >= 0.0 && value <= 1.0))
    throw UsageError(command + ": " + option + ": not a fraction (expected a number in [0, 1], got '" + text +
                     "'); see '" + command + " --help'");
  return value;
}

/// One entry of a command group such as `modelsat data <sub>`.
struct SubCommand {
  const char* name;
  const char* summary;
  int (*run)(CliContext& context, const std::vector<std::string>& args);
};

/// Runs args[0] from subs with the remaining args; prints the group's help for no args or --help.
inline int dispatch(const std::string& group, const std::string& summary, const std::vector<SubCommand>& subs,
                    CliContext& context, const std::vector<std::string>& args) {
  std::string help = "usage: " + group + " <command> [options]\n\n" + summary + "\n\ncommands:\n";
  for (const SubCommand& sub : subs) help += "  " + std::string(sub.name) + "\n      " + sub.summary + "\n";
  help += "\n`" + group + " <command> --help` shows a command's options.\n";
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    context.out() << help;
    return 0;
  }
  std::string known;
  for (const SubCommand& sub : subs) {
    if (args[0] == sub.name) return sub.run(context, std::vector<std::string>(args.begin() + 1, args.end()));
    known += (known.empty() ? "" : ", ") + std::string(sub.name);
  }
  throw UsageError(group + ": unknown command '" + args[0] + "' (expected one of " + known + "); see '" + group +
                   " --help'");
}

}  // namespace modelsat::cli
