// The error a JSON API handler throws: an HTTP status and the one-line message sent back as {"error": message}.
#pragma once

#include <stdexcept>
#include <string>

namespace modelsat::serve {

/// status is a 4xx code (400 malformed body, 404 unknown name, 409 conflict, 413 too large, 422 invalid field).
/// what() follows "<where>: <what>: <why> (expected X, got Y)", where is "<METHOD> <path>" plus a JSON pointer.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

}  // namespace modelsat::serve
