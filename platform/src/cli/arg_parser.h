// A small command-line parser for subcommands: flags, options with values, positionals, generated --help text.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace modelsat::cli {

/// The result of parsing one subcommand's arguments.
class ParsedArgs {
 public:
  bool help = false;                    ///< --help or -h was given: print help() and do nothing else
  std::vector<std::string> positionals; ///< in command-line order
  bool flag(const std::string& name) const { return values_.count(name) > 0; }
  /// The value of an option given once; fallback when absent.
  std::string value(const std::string& name, const std::string& fallback = "") const;
  /// Every value of a repeatable option, in order.
  std::vector<std::string> values(const std::string& name) const;

 private:
  friend class ArgParser;
  std::map<std::string, std::vector<std::string>> values_;
};

class ArgParser {
 public:
  /// command is the full command name for messages ("modelsat plugins"); summary is the help's first line.
  ArgParser(std::string command, std::string summary);
  ArgParser& flag(const std::string& name, const std::string& help);
  ArgParser& option(const std::string& name, const std::string& value_name, const std::string& help,
                    bool repeatable = false);
  ArgParser& positional(const std::string& name, const std::string& help, bool required = true);
  /// A last positional that takes every remaining argument (at least one).
  ArgParser& variadic_positional(const std::string& name, const std::string& help);
  /// Adds a paragraph after the option list (examples, exit codes).
  ArgParser& epilog(const std::string& text);

  /// Throws UsageError "<command>: <what> (expected X, got Y); see '<command> --help'".
  ParsedArgs parse(const std::vector<std::string>& args) const;
  std::string help() const;

 private:
  struct Option {
    std::string name;
    std::string value_name;
    std::string help;
    bool takes_value;
    bool repeatable;
  };
  struct Positional {
    std::string name;
    std::string help;
    bool required;
    bool variadic = false;
  };
  [[noreturn]] void usage_error(const std::string& message) const;

  std::string command_;
  std::string summary_;
  std::string epilog_;
  std::vector<Option> options_;
  std::vector<Positional> positionals_;
};

}  // namespace modelsat::cli
