// HTTP helpers for the serve tests (httplib::Client for well-formed requests, a raw socket for broken ones).
#include "api_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace modelsat::test {

JsonReply request(const std::string& host, int port, const std::string& method, const std::string& path,
                  const std::string& body) {
  httplib::Client client(host, port);
  client.set_read_timeout(30, 0);
  auto send = [&]() -> httplib::Result {
    if (method == "GET") return client.Get(path.c_str());
    if (method == "POST") return client.Post(path.c_str(), body, "application/json");
    if (method == "PUT") return client.Put(path.c_str(), body, "application/json");
    if (method == "DELETE") return client.Delete(path.c_str());
    if (method == "OPTIONS") return client.Options(path.c_str());
    throw std::runtime_error("request: unsupported method " + method);
  };
  const httplib::Result result = send();
  if (!result) throw std::runtime_error(method + " " + path + ": no reply (" + httplib::to_string(result.error()) + ")");
  JsonReply reply;
  reply.status = result->status;
  reply.raw = result->body;
  reply.content_type = result->get_header_value("Content-Type");
  reply.allow = result->get_header_value("Allow");
  reply.body = nlohmann::json::parse(reply.raw, nullptr, false);
  if (reply.body.is_discarded()) reply.body = nullptr;
  return reply;
}

std::string raw_request(const std::string& host, int port, const std::string& bytes, int timeout_seconds) {
  const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
  if (sock < 0) throw std::runtime_error("raw_request: cannot open a socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &address.sin_addr);
  if (::connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(sock);
    throw std::runtime_error("raw_request: cannot connect to " + host + ":" + std::to_string(port));
  }
  ::send(sock, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  std::string reply;
  pollfd fd{sock, POLLIN, 0};
  while (::poll(&fd, 1, timeout_seconds * 1000) > 0) {
    char buffer[4096];
    const ssize_t got = ::recv(sock, buffer, sizeof buffer, 0);
    if (got <= 0) break;
    reply.append(buffer, static_cast<size_t>(got));
  }
  ::close(sock);
  return reply;
}

}  // namespace modelsat::test
