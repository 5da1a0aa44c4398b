// Logging levels and the progress bar's silence when stderr is not a terminal.
#include "modelsat/error.h"
#include "modelsat/log.h"
#include "modelsat/progress.h"

#include <catch2/catch.hpp>

TEST_CASE("log: levels parse by name and unknown names are errors", "[unit]") {
  CHECK(modelsat::parse_log_level("debug", "x") == modelsat::LogLevel::debug);
  CHECK(modelsat::parse_log_level("quiet", "x") == modelsat::LogLevel::quiet);
  REQUIRE_THROWS_MATCHES(modelsat::parse_log_level("verbose", "--log-level"), modelsat::ConfigError,
                         Catch::Matchers::Message("--log-level: unknown log level (expected debug, info, warn, error or "
                                                  "quiet, got \"verbose\")"));
}

TEST_CASE("log: the level is process-wide", "[unit]") {
  const auto before = modelsat::log_level();
  modelsat::set_log_level(modelsat::LogLevel::error);
  CHECK(modelsat::log_level() == modelsat::LogLevel::error);
  modelsat::set_log_level(before);
}

TEST_CASE("progress: invisible when stderr is not a terminal", "[unit]") {
  // ctest captures stderr through a pipe, so the bar must stay silent here.
  modelsat::ProgressBar bar("work", 10);
  bar.advance(10);
  bar.finish();
  CHECK_FALSE(bar.visible());
}
