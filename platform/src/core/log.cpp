// Levelled logging to stderr with a process-wide level.
#include "modelsat/log.h"

#include "modelsat/error.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace modelsat {
namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::info)};
std::mutex g_write_mutex;

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
    case LogLevel::quiet: return "quiet";
  }
  return "?";
}
}  // namespace

LogLevel parse_log_level(const std::string& text, const std::string& where) {
  for (LogLevel level : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error, LogLevel::quiet}) {
    if (text == level_name(level)) return level;
  }
  throw ConfigError(where + ": unknown log level (expected debug, info, warn, error or quiet, got \"" + text + "\")");
}

void set_log_level(LogLevel level) { g_level.store(static_cast<int>(level)); }

LogLevel log_level() { return static_cast<LogLevel>(g_level.load()); }

void log(LogLevel level, const std::string& where, const std::string& message) {
  if (static_cast<int>(level) < g_level.load() || level == LogLevel::quiet) return;
  std::lock_guard<std::mutex> lock(g_write_mutex);
  std::fprintf(stderr, "[%s] %s: %s\n", level_name(level), where.c_str(), message.c_str());
}

}  // namespace modelsat
