// Calls into plugin code: every exception a plugin throws becomes a host PluginError naming the component.
#pragma once

#include "modelsat/error.h"

#include <exception>
#include <string>
#include <utility>

namespace modelsat {

/// A plugin message without a leading "<name>: <operation>: " or "<name>: " of its own (component is
/// "<kind>/<name>"), so that the host's prefix names the component once.
inline std::string without_own_prefix(const std::string& component, const char* operation, const std::string& message) {
  const std::string name = component.substr(component.find('/') + 1) + ": ";
  if (message.compare(0, name.size(), name) != 0) return message;
  const std::string with_operation = name + operation + ": ";
  if (message.compare(0, with_operation.size(), with_operation) == 0) return message.substr(with_operation.size());
  return message.substr(name.size());
}

/// Runs f() and converts whatever it throws into PluginError(component, operation, message), the message without the
/// plugin's own name prefix. The message text is copied before the plugin's exception object is released; the
/// plugin's exception is never rethrown.
template <typename F>
auto plugin_call(const std::string& component, const char* operation, F&& f) -> decltype(f()) {
  std::string message;
  try {
    return std::forward<F>(f)();
  } catch (const PluginError&) {
    throw;
  } catch (const std::exception& error) {
    message = without_own_prefix(component, operation, error.what());
  } catch (...) {
    message = "unknown exception (not derived from std::exception)";
  }
  throw PluginError(component, operation, message);
}

}  // namespace modelsat
