// SIGINT/SIGTERM handling for the server: a self-pipe written by the handler, read by a watcher that stops the loop.
#include "stop_on_signal.h"

#include "modelsat/error.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace modelsat::serve {
namespace {

int g_signal_pipe_write = -1;
constexpr char kSignalled = 's';
constexpr char kServeEnded = 'q';

extern "C" void on_stop_signal(int) {
  const int saved_errno = errno;
  const char byte = kSignalled;
  [[maybe_unused]] const ssize_t written = ::write(g_signal_pipe_write, &byte, 1);
  errno = saved_errno;
}

}  // namespace

bool run_until_signal(const std::function<bool()>& serve, const std::function<void()>& stop) {
  int fds[2];
  if (::pipe(fds) != 0) throw IoError("modelsat serve: cannot create the signal pipe (expected a free file descriptor)");
  g_signal_pipe_write = fds[1];
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  struct sigaction previous_int {}, previous_term {};
  ::sigaction(SIGINT, &action, &previous_int);
  ::sigaction(SIGTERM, &action, &previous_term);

  std::thread watcher([&] {
    char byte = 0;
    while (true) {
      const ssize_t got = ::read(fds[0], &byte, 1);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0 || byte == kServeEnded) return;
      stop();
    }
  });
  const bool result = serve();
  const char byte = kServeEnded;
  [[maybe_unused]] const ssize_t written = ::write(fds[1], &byte, 1);
  watcher.join();
  ::sigaction(SIGINT, &previous_int, nullptr);
  ::sigaction(SIGTERM, &previous_term, nullptr);
  g_signal_pipe_write = -1;
  ::close(fds[0]);
  ::close(fds[1]);
  return result;
}

}  // namespace modelsat::serve
