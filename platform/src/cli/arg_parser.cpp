// Command-line parsing for subcommands with generated help and usage errors that name the bad argument.
#include "arg_parser.h"

#include "modelsat/error.h"

#include <sstream>

namespace modelsat::cli {

std::string ParsedArgs::value(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() || it->second.empty() ? fallback : it->second.back();
}

std::vector<std::string> ParsedArgs::values(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

ArgParser::ArgParser(std::string command, std::string summary)
    : command_(std::move(command)), summary_(std::move(summary)) {}

ArgParser& ArgParser::flag(const std::string& name, const std::string& help) {
  options_.push_back({name, "", help, false, false});
  return *this;
}

ArgParser& ArgParser::option(const std::string& name, const std::string& value_name, const std::string& help,
                             bool repeatable) {
  options_.push_back({name, value_name, help, true, repeatable});
  return *this;
}

ArgParser& ArgParser::positional(const std::string& name, const std::string& help, bool required) {
  positionals_.push_back({name, help, required});
  return *this;
}

ArgParser& ArgParser::variadic_positional(const std::string& name, const std::string& help) {
  positionals_.push_back({name, help, true, true});
  return *this;
}

ArgParser& ArgParser::epilog(const std::string& text) {
  epilog_ = text;
  return *this;
}

void ArgParser::usage_error(const std::string& message) const {
  throw UsageError(command_ + ": " + message + "; see '" + command_ + " --help'");
}

ParsedArgs ArgParser::parse(const std::vector<std::string>& args) const {
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      parsed.help = true;
      return parsed;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      std::string name = arg;
      std::string inline_value;
      bool has_inline = false;
      const auto equals = arg.find('=');
      if (equals != std::string::npos) {
        name = arg.substr(0, equals);
        inline_value = arg.substr(equals + 1);
        has_inline = true;
      }
      const Option* match = nullptr;
      for (const auto& option : options_) {
        if (option.name == name) match = &option;
      }
      if (match == nullptr) {
        std::string known;
        for (const auto& option : options_) known += (known.empty() ? "" : ", ") + option.name;
        usage_error("unknown option '" + name + "' (expected " + (known.empty() ? "no options" : "one of " + known) +
                    ", --help)");
      }
      if (!match->takes_value && has_inline) usage_error("option '" + name + "' takes no value (got '" + inline_value + "')");
      if (match->takes_value) {
        if (!has_inline) {
          if (i + 1 >= args.size()) usage_error("option '" + name + "' needs a value (expected " + match->value_name + ", got nothing)");
          inline_value = args[++i];
        }
        auto& slot = parsed.values_[name];
        if (!match->repeatable && !slot.empty()) usage_error("option '" + name + "' given twice (expected it once)");
        slot.push_back(inline_value);
      } else {
        parsed.values_[name];
      }
      continue;
    }
    parsed.positionals.push_back(arg);
  }
  size_t required = 0;
  for (const auto& positional : positionals_) required += positional.required ? 1 : 0;
  if (parsed.positionals.size() < required) {
    usage_error("missing argument " + positionals_[parsed.positionals.size()].name + " (expected " +
                std::to_string(required) + " positional arguments, got " + std::to_string(parsed.positionals.size()) + ")");
  }
  const bool variadic = !positionals_.empty() && positionals_.back().variadic;
  if (!variadic && parsed.positionals.size() > positionals_.size()) {
    usage_error("unexpected argument '" + parsed.positionals[positionals_.size()] + "' (expected at most " +
                std::to_string(positionals_.size()) + " positional arguments, got " +
                std::to_string(parsed.positionals.size()) + ")");
  }
  return parsed;
}

std::string ArgParser::help() const {
  std::ostringstream out;
  out << "usage: " << command_ << " [options]";
  for (const auto& positional : positionals_) {
    out << (positional.required ? " <" : " [<") << positional.name << (positional.required ? ">" : ">]")
        << (positional.variadic ? "..." : "");
  }
  out << "\n\n" << summary_ << "\n";
  if (!positionals_.empty()) {
    out << "\narguments:\n";
    for (const auto& positional : positionals_) out << "  " << positional.name << "\n      " << positional.help << "\n";
  }
  out << "\noptions:\n";
  for (const auto& option : options_) {
    out << "  " << option.name << (option.takes_value ? " " + option.value_name : "")
        << (option.repeatable ? " (repeatable)" : "") << "\n      " << option.help << "\n";
  }
  out << "  --help, -h\n      show this help\n";
  if (!epilog_.empty()) out << "\n" << epilog_ << "\n";
  return out.str();
}

}  // namespace modelsat::cli
