// ServerProcess: fork/exec of the CLI with stdout on a pipe (for the port) and stderr in a temporary file.
#include "server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace modelsat::test {
namespace {

/// The process's exit status; waits at most timeout. -2 while it still runs.
int wait_for_exit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (done < 0) return -1;
    if (std::chrono::steady_clock::now() > deadline) return -2;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

ServerProcess::ServerProcess(const std::string& args) {
  char pattern[] = "/tmp/modelsat-serve-stderr-XXXXXX";
  const int err_fd = ::mkstemp(pattern);
  if (err_fd < 0) throw std::runtime_error("cannot create a stderr file for the server");
  stderr_path_ = pattern;
  int out_pipe[2];
  if (::pipe(out_pipe) != 0) throw std::runtime_error("cannot create a pipe for the server's stdout");
  const std::string command = std::string("exec '") + MODELSAT_CLI_PATH + "' serve --port 0 " + args;
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    ::setenv("MODELSAT_PLUGIN_PATH", "", 1);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_fd);
  std::string output;
  const std::regex serving("serving on http://([^:/]+):([0-9]+)/");
  std::smatch match;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!std::regex_search(output, match, serving)) {
    pollfd fd{out_pipe[0], POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || ::poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
    char buffer[256];
    const ssize_t got = ::read(out_pipe[0], buffer, sizeof buffer);
    if (got <= 0) break;
    output.append(buffer, static_cast<size_t>(got));
  }
  stdout_fd_ = out_pipe[0];
  if (!std::regex_search(output, match, serving)) {
    const int status = stop();
    throw std::runtime_error("modelsat serve did not start (exit status " + std::to_string(status) + "); stdout: " +
                             output + "; stderr: " + stderr_text());
  }
  host_ = match[1];
  port_ = std::stoi(match[2]);
}

ServerProcess::~ServerProcess() {
  stop();
  ::unlink(stderr_path_.c_str());
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = wait_for_exit(pid_, std::chrono::seconds(10));
  if (status == -2) {
    ::kill(pid_, SIGKILL);
    wait_for_exit(pid_, std::chrono::seconds(10));
    status = -1;
  }
  pid_ = -1;
  ::close(stdout_fd_);
  stdout_fd_ = -1;
  return status;
}

std::string ServerProcess::stderr_text() const {
  std::ifstream in(stderr_path_);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace modelsat::test
