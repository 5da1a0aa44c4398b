// Error types thrown by the host and by plugins; every message follows "<where>: <what>: <why> (expected X, got Y)".
#pragma once

#include <stdexcept>
#include <string>

namespace modelsat {

/// Base of every error the platform throws on purpose. what() is the full one-line message.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// A user-supplied configuration (manifest, component config, CLI flag) is invalid.
class ConfigError : public Error {
 public:
  using Error::Error;
};

/// A data file is missing, malformed or inconsistent.
class DataError : public Error {
 public:
  using Error::Error;
};

/// A file could not be read or written.
class IoError : public Error {
 public:
  using Error::Error;
};

/// A plugin library could not be loaded or registered; the message names the library file.
class PluginLoadError : public Error {
 public:
  using Error::Error;
};

/// A plugin component failed inside one of its calls; the message is "<kind>/<name>: <operation>: <plugin message>".
class PluginError : public Error {
 public:
  PluginError(const std::string& component, const std::string& operation, const std::string& message)
      : Error(component + ": " + operation + ": " + message), component_(component), operation_(operation) {}
  const std::string& component() const { return component_; }
  const std::string& operation() const { return operation_; }

 private:
  std::string component_;
  std::string operation_;
};

/// A command line is malformed (the CLI exits with status 2 for these).
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace modelsat

/// Throws ErrorType(message) when cond is false. message is any expression convertible to std::string.
#define MODELSAT_CHECK(cond, ErrorType, message) \
  do {                                           \
    if (!(cond)) throw ErrorType(message);       \
  } while (0)
