// A progress bar for long loops, drawn on stderr only when stderr is a terminal and the log level allows.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace modelsat {

class ProgressBar {
 public:
  /// total = number of steps expected; label is printed before the bar.
  ProgressBar(std::string label, int64_t total);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Records n more finished steps; redraws at most every 100 ms.
  void advance(int64_t n = 1);
  /// Draws the final state and moves to a new line (also done by the destructor).
  void finish();
  /// Whether anything is drawn at all (false when stderr is not a TTY or logging is above info).
  bool visible() const { return visible_; }

 private:
  void draw();

  std::string label_;
  int64_t total_;
  int64_t done_ = 0;
  bool visible_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace modelsat
