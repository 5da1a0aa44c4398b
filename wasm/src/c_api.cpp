// The C functions the WebAssembly module exports (msq_load, msq_error, msq_info, msq_route); no exception crosses them.
#include "msq/runtime.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>

#if defined(__EMSCRIPTEN__)
#include <emscripten/emscripten.h>
#define MSQ_EXPORT extern "C" EMSCRIPTEN_KEEPALIVE
#else
#define MSQ_EXPORT extern "C"
#endif

namespace {

std::unique_ptr<msq::Router> g_router;  // the loaded router (one per module instance)
std::string g_error;                    // the last msq_load error
std::string g_info;                     // the last msq_info result (valid until the next call)
std::string g_route;                    // the last msq_route result (valid until the next call)

std::string error_json(const std::string& message) { return nlohmann::json{{"error", message}}.dump(); }

/// The model of the loaded file called name; throws std::invalid_argument "<where>: unknown model ..." otherwise.
const msq::Candidate& file_model(const std::string& name, const std::string& where) {
  for (const msq::Candidate& model : g_router->zoo_models()) {
    if (model.name == name) return model;
  }
  throw std::invalid_argument(where + ": unknown model \"" + name + "\" (expected a model of the loaded file, or an "
                              "object with its aptitude results)");
}

/// Reads request["candidates"] into candidates; throws std::invalid_argument "request: ..." on a bad shape.
std::vector<msq::Candidate> read_candidates(const nlohmann::json& request) {
  const auto it = request.find("candidates");
  if (it == request.end() || !it->is_array()) {
    throw std::invalid_argument("request: \"candidates\" must be an array of {\"name\", \"aptitude\"}");
  }
  std::vector<msq::Candidate> candidates;
  for (size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& c = (*it)[i];
    const std::string where = "request: candidates[" + std::to_string(i) + "]";
    if (c.is_string()) {  // a model of the file, by name: its aptitude results and cost come from the file
      candidates.push_back(file_model(c.get<std::string>(), where));
      continue;
    }
    if (!c.is_object()) throw std::invalid_argument(where + ": expected an object or a model name");
    for (const auto& item : c.items()) {
      if (item.key() != "name" && item.key() != "aptitude" && item.key() != "cost") {
        throw std::invalid_argument(where + ": unknown key \"" + item.key() + "\"");
      }
    }
    if (!c.contains("name") || !c["name"].is_string()) throw std::invalid_argument(where + ": \"name\" must be a string");
    if (!c.contains("aptitude") || !c["aptitude"].is_array()) {
      throw std::invalid_argument(where + ": \"aptitude\" must be an array of numbers");
    }
    msq::Candidate candidate;
    candidate.name = c["name"].get<std::string>();
    for (const nlohmann::json& a : c["aptitude"]) {
      if (!a.is_number()) throw std::invalid_argument(where + ": \"aptitude\" must be an array of numbers");
      candidate.aptitude.push_back(a.get<float>());
    }
    if (c.contains("cost")) {
      if (!c["cost"].is_number()) throw std::invalid_argument(where + ": \"cost\" must be a number");
      candidate.cost = c["cost"].get<double>();
    }
    candidates.push_back(std::move(candidate));
  }
  return candidates;
}

}  // namespace

/// Loads a .msq file from bytes[0, length). Returns 1 on success, 0 on error (message in msq_error()).
MSQ_EXPORT int msq_load(const uint8_t* bytes, int length) {
  try {
    if (length < 0) throw msq::FormatError("model.msq: negative length");
    g_router = std::make_unique<msq::Router>(msq::Router::from_bytes(bytes, static_cast<size_t>(length), "model.msq"));
    g_error.clear();
    return 1;
  } catch (const std::exception& error) {
    g_router.reset();
    g_error = error.what();
    return 0;
  }
}

/// The last msq_load error ("" after a successful load).
MSQ_EXPORT const char* msq_error() { return g_error.c_str(); }

/// The loaded router's info JSON (msq::Router::info_json), or {"error": "..."} when nothing is loaded.
MSQ_EXPORT const char* msq_info() {
  g_info = g_router ? g_router->info_json() : error_json("no router loaded (call msq_load first)");
  return g_info.c_str();
}

/// request: {"instruction": str, "candidates": [{"name", "aptitude": [...], "cost"?} or "name of a model of the file"]}
/// -> {"probabilities": [...], "choice": i, "truncated": bool, "instruction_tokens": n}, or {"error": "..."}.
MSQ_EXPORT const char* msq_route(const char* request_json) {
  try {
    if (!g_router) throw std::invalid_argument("no router loaded (call msq_load first)");
    nlohmann::json request;
    try {
      request = nlohmann::json::parse(request_json == nullptr ? "" : request_json);
    } catch (const nlohmann::json::exception&) {
      throw std::invalid_argument("request: not valid JSON");
    }
    if (!request.is_object()) throw std::invalid_argument("request: expected a JSON object");
    for (const auto& item : request.items()) {
      if (item.key() != "instruction" && item.key() != "candidates") {
        throw std::invalid_argument("request: unknown key \"" + item.key() + "\"");
      }
    }
    if (!request.contains("instruction") || !request["instruction"].is_string()) {
      throw std::invalid_argument("request: \"instruction\" must be a string");
    }
    const msq::Decision d = g_router->route(request["instruction"].get<std::string>(), read_candidates(request));
    g_route = nlohmann::json{{"probabilities", d.probabilities},
                             {"choice", d.choice},
                             {"truncated", d.truncated},
                             {"instruction_tokens", d.instruction_tokens}}
                  .dump();
  } catch (const std::exception& error) {
    g_route = error_json(error.what());
  }
  return g_route.c_str();
}
