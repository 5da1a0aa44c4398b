// Small HTTP helpers for the serve tests: JSON requests through httplib::Client, and raw requests on a socket.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <string>

namespace modelsat::test {

/// A finished request: status and the parsed JSON body (null when the body is not JSON).
struct JsonReply {
  int status = 0;
  nlohmann::json body;
  std::string raw;
  std::string content_type;
  std::string allow;  ///< the Allow header (405 replies)
};

/// method is GET, POST, PUT, DELETE or OPTIONS; body is sent as application/json for POST and PUT.
/// Throws std::runtime_error when no reply comes back.
JsonReply request(const std::string& host, int port, const std::string& method, const std::string& path,
                  const std::string& body = "");

/// Sends bytes as they are on a fresh connection and returns everything read until the server closes it or
/// timeout_seconds pass.
std::string raw_request(const std::string& host, int port, const std::string& bytes, int timeout_seconds);

}  // namespace modelsat::test
