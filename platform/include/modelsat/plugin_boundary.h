// Calls into plugin code: every exception a plugin throws becomes a host PluginError naming the component.
#pragma once

#include "modelsat/error.h"

#include <exception>
#include <string>
#include <utility>

namespace modelsat {

/// Runs f() and converts whatever it throws into PluginError(component, operation, message). The message text is
/// copied before the plugin's exception object is released; the plugin's exception is never rethrown.
template <typename F>
auto plugin_call(const std::string& component, const char* operation, F&& f) -> decltype(f()) {
  std::string message;
  try {
    return std::forward<F>(f)();
  } catch (const PluginError&) {
    throw;
  } catch (const std::exception& error) {
    message = error.what();
  } catch (...) {
    message = "unknown exception (not derived from std::exception)";
  }
  throw PluginError(component, operation, message);
}

}  // namespace modelsat
