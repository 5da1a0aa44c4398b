// Levelled logging to stderr: "[level] where: message". The level is process-wide, set once by the CLI.
#pragma once

#include <string>

namespace modelsat {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3, quiet = 4 };

/// Parses "debug", "info", "warn", "error" or "quiet"; throws ConfigError naming `where` otherwise.
LogLevel parse_log_level(const std::string& text, const std::string& where);
void set_log_level(LogLevel level);
LogLevel log_level();

/// Writes one line to stderr when level >= log_level(). Thread-safe.
void log(LogLevel level, const std::string& where, const std::string& message);
inline void log_debug(const std::string& where, const std::string& message) { log(LogLevel::debug, where, message); }
inline void log_info(const std::string& where, const std::string& message) { log(LogLevel::info, where, message); }
inline void log_warn(const std::string& where, const std::string& message) { log(LogLevel::warn, where, message); }

}  // namespace modelsat
