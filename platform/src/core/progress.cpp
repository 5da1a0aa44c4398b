// Terminal progress bar on stderr; silent when stderr is not a TTY.
#include "modelsat/progress.h"

#include "modelsat/log.h"

#include <unistd.h>

#include <cstdio>

namespace modelsat {

ProgressBar::ProgressBar(std::string label, int64_t total)
    : label_(std::move(label)),
      total_(total > 0 ? total : 1),
      visible_(::isatty(STDERR_FILENO) == 1 && log_level() <= LogLevel::info),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - std::chrono::seconds(1)) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::advance(int64_t n) {
  done_ += n;
  if (!visible_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ >= std::chrono::milliseconds(100) || done_ >= total_) {
    last_draw_ = now;
    draw();
  }
}

void ProgressBar::finish() {
  if (finished_) return;
  finished_ = true;
  if (!visible_) return;
  draw();
  std::fputc('\n', stderr);
}

void ProgressBar::draw() {
  constexpr int kWidth = 30;
  const double fraction = std::min(1.0, static_cast<double>(done_) / static_cast<double>(total_));
  const int filled = static_cast<int>(fraction * kWidth);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kWidth - filled), '.');
  std::fprintf(stderr, "\r%s [%s] %lld/%lld %.1fs", label_.c_str(), bar.c_str(), static_cast<long long>(done_),
               static_cast<long long>(total_), elapsed);
  std::fflush(stderr);
}

}  // namespace modelsat
