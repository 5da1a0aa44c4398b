// Runs a blocking server loop and stops it cleanly on SIGINT or SIGTERM (httplib's stop() must come from another thread).
#pragma once

#include <functional>

namespace modelsat::serve {

/// Installs SIGINT and SIGTERM handlers that only write a byte to a pipe (whichever thread receives the signal, even
/// one started by a library), runs serve() and, from a watcher thread reading that pipe, calls stop() when a signal
/// arrives. Returns serve()'s result once it has returned and the watcher has ended; the previous handlers are restored.
bool run_until_signal(const std::function<bool()>& serve, const std::function<void()>& stop);

}  // namespace modelsat::serve
