// The HTTP layer of `modelsat serve`: endpoints, method checks, body limits, static files and JSON error replies.
#include "http_api.h"

#include "api_error.h"
#include "request_body.h"

#include "modelsat/log.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace modelsat::serve {
namespace {

const char* const kJson = "application/json";

void reply_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), kJson);
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  reply_json(res, status, {{"error", message}});
}

std::string where_of(const httplib::Request& req) { return req.method + " " + req.path; }

/// Runs a JSON endpoint: an ApiError becomes its status with {"error": message}.
template <typename Handler>
httplib::Server::Handler json_endpoint(Handler handler) {
  return [handler](const httplib::Request& req, httplib::Response& res) {
    try {
      handler(req, res);
    } catch (const ApiError& error) {
      reply_error(res, error.status(), error.what());
    }
  };
}

/// The API's paths and the methods each accepts; any other method gets 405 with an Allow header.
const std::vector<std::pair<std::string, std::string>> kApiMethods = {
    {"/healthz", "GET"}, {"/v1/models", "GET, POST"}, {"/v1/route", "POST"}};

/// The Allow value of an API path, or nullptr for any other path.
const std::string* allowed_methods(const std::string& path) {
  for (const auto& [api_path, methods] : kApiMethods)
    if (api_path == path) return &methods;
  return nullptr;
}

/// Whether method is listed in allow ("GET, POST"); HEAD counts as GET.
bool method_in(const std::string& request_method, const std::string& allow) {
  const std::string method = request_method == "HEAD" ? "GET" : request_method;
  size_t start = 0;
  while (start < allow.size()) {
    const size_t end = std::min(allow.find(", ", start), allow.size());
    if (allow.compare(start, end - start, method) == 0) return true;
    start = end + 2;
  }
  return false;
}

/// SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which lets a second server bind the same port.
void reuse_address_only(socket_t sock) {
  const int yes = 1;
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

bool has_body_framing(const httplib::Request& req) {
  return req.has_header("Content-Length") || req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
}

bool method_sends_body(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

/// Reads a whole file into contents; false when it cannot be opened or read.
bool read_whole_file(const std::string& path, std::string& contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  contents = buffer.str();
  return !in.bad();
}

std::string error_for_status(const httplib::Request& req, int status, size_t max_body_bytes) {
  switch (status) {
    case 404:
      return where_of(req) + ": not found (expected /healthz, /v1/models, /v1/route or a file of the page)";
    case 413:
      return where_of(req) + ": body: too large (expected at most " + std::to_string(max_body_bytes) +
             " bytes, got Content-Length " + req.get_header_value("Content-Length") + ")";
    case 400:
      return where_of(req) + ": bad request (expected an HTTP/1.1 request with a well-formed body)";
    default:
      return where_of(req) + ": HTTP status " + std::to_string(status);
  }
}

}  // namespace

void configure_server(httplib::Server& server, RoutingService& service, const ServedFiles& files,
                      const HttpLimits& limits) {
  const int threads = limits.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server.set_payload_max_length(limits.max_body_bytes);
  server.set_read_timeout(limits.timeout_seconds, 0);
  server.set_write_timeout(limits.timeout_seconds, 0);
  server.set_keep_alive_timeout(limits.timeout_seconds);
  server.set_socket_options(reuse_address_only);
  server.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
  server.set_file_extension_and_mimetype_mapping("js", "text/javascript");
  server.set_file_extension_and_mimetype_mapping("msq", "application/octet-stream");
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"}});

  // Runs before the body is read: a wrong method is refused at once, and a body without a length would otherwise
  // hold a worker until the read timeout.
  // The model and its examples come from the --model folder, ahead of any same-named file in a static folder.
  server.set_pre_routing_handler([files](const httplib::Request& req, httplib::Response& res) {
    const std::string* allow = allowed_methods(req.path);
    if (allow != nullptr && !method_in(req.method, *allow)) {
      res.set_header("Allow", *allow);
      reply_error(res, 405, where_of(req) + ": method not allowed (expected " + *allow + ")");
      if (method_sends_body(req.method)) res.set_header("Connection", "close");  // its body is left unread
      return httplib::Server::HandlerResponse::Handled;
    }
    if (method_sends_body(req.method) && !has_body_framing(req)) {
      reply_error(res, 411, where_of(req) + ": body: no Content-Length (expected a Content-Length header or chunked "
                                            "transfer encoding)");
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method != "GET" && req.method != "HEAD") return httplib::Server::HandlerResponse::Unhandled;
    if (req.path == "/model.msq") {
      res.set_header("Cache-Control", "no-cache");
      res.set_content(*files.model, "application/octet-stream");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.path == "/examples.json") {
      std::string contents;
      if (files.examples_path.empty() || !read_whole_file(files.examples_path, contents)) {
        reply_error(res, 404, where_of(req) + ": not found (expected examples.json beside the model file; write it "
                                              "with `modelsat export --examples N`)");
      } else {
        res.set_header("Cache-Control", "no-cache");
        res.set_content(contents, kJson);
      }
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  for (const std::string& dir : files.static_dirs)
    server.set_mount_point("/", dir, {{"Cache-Control", "no-cache"}});

  server.Get("/healthz", json_endpoint([&service](const httplib::Request&, httplib::Response& res) {
    reply_json(res, 200, {{"status", "ok"}, {"tasks", service.n_tasks()}});
  }));

  server.Get("/v1/models", json_endpoint([&service](const httplib::Request&, httplib::Response& res) {
    reply_json(res, 200, service.list_models());
  }));
  server.Post("/v1/models", json_endpoint([&service](const httplib::Request& req, httplib::Response& res) {
    reply_json(res, 201, {{"model", service.onboard(parse_body_object(req.body, where_of(req)))}});
  }));

  server.Post("/v1/route", json_endpoint([&service](const httplib::Request& req, httplib::Response& res) {
    reply_json(res, 200, service.route(parse_body_object(req.body, where_of(req))));
  }));

  const size_t max_body_bytes = limits.max_body_bytes;
  const httplib::Server::HandlerWithResponse error_handler = [max_body_bytes](const httplib::Request& req,
                                                                              httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    reply_error(res, res.status, error_for_status(req, res.status, max_body_bytes));
    return httplib::Server::HandlerResponse::Handled;
  };
  server.set_error_handler(error_handler);
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& caught) {
      what = caught.what();
    } catch (...) {
    }
    log(LogLevel::error, "modelsat serve", where_of(req) + ": " + what);
    reply_error(res, 500, where_of(req) + ": internal error: " + what);
  });
}

}  // namespace modelsat::serve
