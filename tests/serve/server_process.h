// Starts `modelsat serve ... --port 0` as a child process for a test and stops it with SIGTERM afterwards.
#pragma once

#include <string>
#include <sys/types.h>

namespace modelsat::test {

class ServerProcess {
 public:
  /// Runs the built CLI with `serve --port 0 <args>` and waits (up to 60 s) for its "serving on http://HOST:PORT/"
  /// line. Throws std::runtime_error with the server's stderr when it exits or stays silent instead.
  explicit ServerProcess(const std::string& args);
  /// Stops the server (SIGTERM) if stop() was not called.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  const std::string& host() const { return host_; }
  /// Sends SIGTERM and returns the exit status (128 + signal when killed; -1 when it had to be SIGKILLed after 10 s).
  int stop();
  /// Everything the server wrote to stderr so far.
  std::string stderr_text() const;

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;  ///< read end of the server's stdout, open until it stops (no SIGPIPE on its last line)
  int port_ = 0;
  std::string host_;
  std::string stderr_path_;
};

}  // namespace modelsat::test
