// Wires the JSON API, the page's static files, limits and JSON error replies onto a cpp-httplib server.
#pragma once

#include "routing_service.h"

#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

namespace modelsat::serve {

/// What the server hands out besides the API.
struct ServedFiles {
  std::vector<std::string> static_dirs;        ///< mounted at "/" and searched in order (the page, the wasm build)
  std::shared_ptr<const std::string> model;    ///< bytes of the loaded model, served as /model.msq
  std::string examples_path;                   ///< served as /examples.json; empty or missing: 404
};

struct HttpLimits {
  size_t max_body_bytes = 64 * 1024;  ///< larger request bodies get 413
  int timeout_seconds = 5;            ///< read and write timeout per request
  int threads = 4;                    ///< worker threads handling requests
};

/// Registers on server: GET /healthz, GET|POST /v1/models, POST /v1/route (405 for other methods, with Allow),
/// /model.msq, /examples.json and the static files. Every error reply is {"error": "<one line>"} with a 4xx status
/// (400 malformed, 404 unknown path, 405 method, 409 conflict, 411 no length, 413 too large, 422 invalid field);
/// an unexpected exception gives 500 and never ends the process. service must outlive server.
void configure_server(httplib::Server& server, RoutingService& service, const ServedFiles& files,
                      const HttpLimits& limits);

}  // namespace modelsat::serve
