// `modelsat serve`: every endpoint of the JSON API, every error reply, static files, persistence and the CLI's errors.
#include "api_client.h"
#include "run_command.h"
#include "server_process.h"
#include "temp_dir.h"

#include "msq/runtime.h"

#include "modelsat/atomic_file.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>
#include <vector>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using modelsat::test::JsonReply;
using modelsat::test::ServerProcess;

namespace {

const std::string kModel = std::string(MODELSAT_SERVE_FIXTURE_DIR) + "/model.msq";

std::string quoted(const std::string& path) { return "'" + path + "'"; }

/// The fixture router, loaded in this process with the same runtime the server links.
const msq::Router& native_router() {
  static const std::string bytes = modelsat::read_file(kModel);
  static const msq::Router router =
      msq::Router::from_bytes(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), kModel);
  return router;
}

JsonReply get(const ServerProcess& server, const std::string& path) {
  return modelsat::test::request(server.host(), server.port(), "GET", path);
}

JsonReply post(const ServerProcess& server, const std::string& path, const std::string& body) {
  return modelsat::test::request(server.host(), server.port(), "POST", path, body);
}

JsonReply post(const ServerProcess& server, const std::string& path, const nlohmann::json& body) {
  return post(server, path, body.dump());
}

std::vector<float> aptitude_of(size_t n, float value) { return std::vector<float>(n, value); }

/// An error reply: the status, a JSON {"error": message} body and the message's start.
void check_error(const JsonReply& reply, int status, const std::string& message) {
  INFO(reply.raw);
  CHECK(reply.status == status);
  CHECK(reply.content_type == "application/json");
  REQUIRE(reply.body.is_object());
  REQUIRE(reply.body.contains("error"));
  CHECK_THAT(reply.body["error"].get<std::string>(), Contains(message));
}

}  // namespace

TEST_CASE("serve: GET /healthz and GET /v1/models describe the loaded router", "[serve]") {
  ServerProcess server("--model " + quoted(kModel));
  const JsonReply health = get(server, "/healthz");
  CHECK(health.status == 200);
  CHECK(health.body["status"] == "ok");
  CHECK(health.body["tasks"] == native_router().n_tasks());

  const JsonReply models = get(server, "/v1/models");
  REQUIRE(models.status == 200);
  CHECK(models.body["tasks"] == native_router().task_descriptions());
  REQUIRE(models.body["models"].size() == native_router().zoo_models().size());
  for (size_t i = 0; i < native_router().zoo_models().size(); ++i) {
    const msq::Candidate& expected = native_router().zoo_models()[i];
    const nlohmann::json& listed = models.body["models"][i];
    CHECK(listed["name"] == expected.name);
    CHECK(listed["onboarded"] == false);
    REQUIRE(listed["aptitude"].size() == expected.aptitude.size());
    for (size_t t = 0; t < expected.aptitude.size(); ++t)
      CHECK(static_cast<float>(listed["aptitude"][t].get<double>()) == expected.aptitude[t]);
  }
  CHECK(models.body["zoos"] == nlohmann::json(native_router().zoos()));
}

TEST_CASE("serve: POST /v1/route gives the native runtime's probabilities and choice", "[serve]") {
  ServerProcess server("--model " + quoted(kModel));
  const std::string instruction = "Which of the following is a prime number? 21, 27, 29 or 33";
  const JsonReply reply = post(server, "/v1/route", nlohmann::json{{"instruction", instruction}});
  REQUIRE(reply.status == 200);
  const msq::Decision expected = native_router().route(instruction, native_router().zoo_models());
  const auto& models = native_router().zoo_models();
  REQUIRE(reply.body["candidates"].size() == models.size());
  for (size_t i = 0; i < models.size(); ++i) {
    CHECK(reply.body["candidates"][i] == models[i].name);
    CHECK(reply.body["probabilities"][models[i].name].get<double>() == Approx(expected.probabilities[i]).margin(1e-7));
  }
  CHECK(reply.body["choice"] == models[expected.choice].name);
  CHECK(reply.body["truncated"] == expected.truncated);
  CHECK(reply.body["instruction_tokens"] == expected.instruction_tokens);
  CHECK(reply.body["ms"].get<double>() >= 0.0);
}

TEST_CASE("serve: a zoo or a list of names picks the candidates", "[serve]") {
  ServerProcess server("--model " + quoted(kModel));
  const auto& zoos = native_router().zoos();
  REQUIRE_FALSE(zoos.empty());
  const auto& [zoo, members] = *zoos.begin();
  const JsonReply by_zoo = post(server, "/v1/route", nlohmann::json{{"instruction", "2 + 2 = ?"}, {"zoo", zoo}});
  REQUIRE(by_zoo.status == 200);
  CHECK(by_zoo.body["candidates"] == nlohmann::json(members));

  const std::string first = native_router().zoo_models().front().name;
  const JsonReply by_name =
      post(server, "/v1/route", nlohmann::json{{"instruction", "2 + 2 = ?"}, {"models", {first}}});
  REQUIRE(by_name.status == 200);
  CHECK(by_name.body["candidates"] == nlohmann::json::array({first}));
  CHECK(by_name.body["choice"] == first);
}

TEST_CASE("serve: POST /v1/models onboards a model that routing uses at once", "[serve]") {
  ServerProcess server("--model " + quoted(kModel));
  const size_t n_tasks = native_router().n_tasks();
  const nlohmann::json newcomer = {{"name", "newcomer-1"}, {"aptitude", aptitude_of(n_tasks, 0.95f)}, {"cost", 0.5}};
  const JsonReply added = post(server, "/v1/models", newcomer);
  REQUIRE(added.status == 201);
  CHECK(added.body["model"]["name"] == "newcomer-1");
  CHECK(added.body["model"]["onboarded"] == true);

  const JsonReply listed = get(server, "/v1/models");
  CHECK(listed.body["models"].back()["name"] == "newcomer-1");
  CHECK(listed.body["models"].back()["aptitude"][0] == 0.95);

  const std::string instruction = "Name the capital of France.";
  const auto& zoos = native_router().zoos();
  const JsonReply routed =
      post(server, "/v1/route", nlohmann::json{{"instruction", instruction}, {"zoo", zoos.begin()->first}});
  REQUIRE(routed.status == 200);
  CHECK(routed.body["candidates"].back() == "newcomer-1");

  std::vector<msq::Candidate> candidates;
  for (const std::string& name : zoos.begin()->second) {
    for (const msq::Candidate& model : native_router().zoo_models())
      if (model.name == name) candidates.push_back(model);
  }
  candidates.push_back({"newcomer-1", aptitude_of(n_tasks, 0.95f), 0.5});
  const msq::Decision expected = native_router().route(instruction, candidates);
  CHECK(routed.body["probabilities"]["newcomer-1"].get<double>() ==
        Approx(expected.probabilities.back()).margin(1e-7));
  CHECK(routed.body["choice"] == candidates[expected.choice].name);

  check_error(post(server, "/v1/models", newcomer), 409,
              "POST /v1/models#/name: model 'newcomer-1' already exists (expected a name not listed by GET /v1/models)");
}

TEST_CASE("serve: malformed bodies get 400 with a JSON error", "[serve]") {
  ServerProcess server("--model " + quoted(kModel));
  check_error(post(server, "/v1/route", std::string("{\"instruction\": ")), 400, "POST /v1/route: body: malformed JSON: ");
  check_error(post(server, "/v1/route", std::string("")), 400, "POST /v1/route: body: empty (expected a JSON object)");
  check_error(post(server, "/v1/models", std::string("[1, 2]")), 400,
              "POST /v1/models: body: wrong type (expected a JSON object, got array of 2)");
}

TEST_CASE("serve: invalid route requests get 422 naming the field", "[serve]") {
  ServerProcess server("--model " + quoted(kModel));
  const std::string first = native_router().zoo_models().front().name;
  const std::string zoo = native_router().zoos().begin()->first;
  check_error(post(server, "/v1/route", nlohmann::json::object()), 422,
              "POST /v1/route#/instruction: missing field (expected a string)");
  check_error(post(server, "/v1/route", nlohmann::json{{"instruction", 7}}), 422,
              "POST /v1/route#/instruction: wrong type (expected a string, got integer 7)");
  check_error(post(server, "/v1/route", nlohmann::json{{"instruction", "  \n"}}), 422,
              "POST /v1/route#/instruction: empty (expected some text to route)");
  check_error(post(server, "/v1/route", nlohmann::json{{"instruction", "x"}, {"temperature", 1}}), 422,
              "POST /v1/route#/temperature: unknown key (expected one of instruction, zoo, models)");
  check_error(post(server, "/v1/route", nlohmann::json{{"instruction", "x"}, {"zoo", "no-such-zoo"}}), 422,
              "POST /v1/route#/zoo: unknown zoo 'no-such-zoo' (expected one of " + zoo);
  check_error(post(server, "/v1/route", nlohmann::json{{"instruction", "x"}, {"zoo", zoo}, {"models", {first}}}), 422,
              "POST /v1/route: zoo and models: conflicting fields (expected at most one of them)");
  check_error(post(server, "/v1/route", nlohmann::json{{"instruction", "x"}, {"models", {"gpt-99"}}}), 422,
              "POST /v1/route#/models/0: unknown model 'gpt-99' (expected a name listed by GET /v1/models)");
  check_error(post(server, "/v1/route", nlohmann::json{{"instruction", "x"}, {"models", {first, first}}}), 422,
              "POST /v1/route#/models/1: duplicated model '" + first + "' (expected each name once)");
  check_error(post(server, "/v1/route", nlohmann::json{{"instruction", "x"}, {"models", nlohmann::json::array()}}),
              422, "POST /v1/route#/models: empty (expected at least one model name)");
  check_error(post(server, "/v1/route", nlohmann::json{{"instruction", "x"}, {"models", {1}}}), 422,
              "POST /v1/route#/models/0: wrong type (expected a string, got integer 1)");
}

TEST_CASE("serve: invalid onboarding requests get 422 naming the field", "[serve]") {
  ServerProcess server("--model " + quoted(kModel));
  const size_t n_tasks = native_router().n_tasks();
  const std::string n = std::to_string(n_tasks);
  check_error(post(server, "/v1/models", nlohmann::json{{"name", "m"}, {"aptitude", {0.5, 0.5, 0.5}}}), 422,
              "POST /v1/models#/aptitude: aptitude results of the wrong length (expected " + n + ", got 3)");
  std::vector<double> out_of_range(n_tasks, 0.5);
  out_of_range[2] = 55;
  check_error(post(server, "/v1/models", nlohmann::json{{"name", "m"}, {"aptitude", out_of_range}}), 422,
              "POST /v1/models#/aptitude/2: out of range (expected an accuracy in [0, 1], got number 55.0)");
  nlohmann::json not_numbers = nlohmann::json(std::vector<double>(n_tasks, 0.5));
  not_numbers[0] = "high";
  check_error(post(server, "/v1/models", nlohmann::json{{"name", "m"}, {"aptitude", not_numbers}}), 422,
              "POST /v1/models#/aptitude/0: wrong type (expected an accuracy in [0, 1], got string \"high\")");
  check_error(post(server, "/v1/models", nlohmann::json{{"name", "m"}, {"aptitude", "0.5, 0.5"}}), 422,
              "POST /v1/models#/aptitude: wrong type (expected an array of " + n + " accuracies in [0, 1], got string");
  check_error(post(server, "/v1/models", nlohmann::json{{"aptitude", aptitude_of(n_tasks, 0.5f)}}), 422,
              "POST /v1/models#/name: missing field (expected a string)");
  check_error(post(server, "/v1/models", nlohmann::json{{"name", ""}, {"aptitude", aptitude_of(n_tasks, 0.5f)}}), 422,
              "POST /v1/models#/name: bad model name (expected 1 to 200 bytes, got 0)");
  check_error(post(server, "/v1/models", nlohmann::json{{"name", "m"}}), 422,
              "POST /v1/models#/aptitude: missing field (expected an array of " + n + " accuracies in [0, 1])");
  check_error(post(server, "/v1/models",
                   nlohmann::json{{"name", "m"}, {"aptitude", aptitude_of(n_tasks, 0.5f)}, {"cost", -1}}),
              422, "POST /v1/models#/cost: out of range (expected a number >= 0, got integer -1)");
  check_error(post(server, "/v1/models",
                   nlohmann::json{{"name", "m"}, {"aptitude", aptitude_of(n_tasks, 0.5f)}, {"vector", {1}}}),
              422, "POST /v1/models#/vector: unknown key (expected one of name, aptitude, cost)");
  const std::string taken = native_router().zoo_models().front().name;
  check_error(post(server, "/v1/models", nlohmann::json{{"name", taken}, {"aptitude", aptitude_of(n_tasks, 0.5f)}}),
              409, "POST /v1/models#/name: model '" + taken + "' already exists");
  CHECK(get(server, "/v1/models").body["models"].size() == native_router().zoo_models().size());
}

TEST_CASE("serve: unknown paths get 404, wrong methods 405 with Allow", "[serve]") {
  ServerProcess server("--model " + quoted(kModel));
  check_error(get(server, "/v2/route"), 404, "GET /v2/route: not found (expected /healthz, /v1/models, /v1/route or");
  const JsonReply get_route = get(server, "/v1/route");
  check_error(get_route, 405, "GET /v1/route: method not allowed (expected POST)");
  CHECK(get_route.allow == "POST");
  const JsonReply delete_models = modelsat::test::request(server.host(), server.port(), "DELETE", "/v1/models");
  check_error(delete_models, 405, "DELETE /v1/models: method not allowed (expected GET, POST)");
  CHECK(delete_models.allow == "GET, POST");
  check_error(post(server, "/healthz", std::string("{}")), 405, "POST /healthz: method not allowed (expected GET)");
}

TEST_CASE("serve: oversized bodies get 413 and bodies without a length 411, without waiting", "[serve]") {
  ServerProcess server("--model " + quoted(kModel) + " --max-body-bytes 1024");
  const std::string big = nlohmann::json{{"instruction", std::string(4000, 'a')}}.dump();
  check_error(post(server, "/v1/route", big), 413,
              "POST /v1/route: body: too large (expected at most 1024 bytes, got Content-Length " +
                  std::to_string(big.size()) + ")");

  const auto start = std::chrono::steady_clock::now();
  const std::string reply = modelsat::test::raw_request(
      server.host(), server.port(), "POST /v1/route HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK_THAT(reply, StartsWith("HTTP/1.1 411"));
  CHECK_THAT(reply, Contains("POST /v1/route: body: no Content-Length (expected a Content-Length header or chunked "
                             "transfer encoding)"));
  CHECK(seconds < 4.0);  // answered at once, not after the 5 s read timeout
  CHECK(get(server, "/healthz").status == 200);
}

TEST_CASE("serve: the page, the model and its examples are served from their own origin", "[serve]") {
  ServerProcess server("--model " + quoted(kModel));
  const JsonReply page = get(server, "/");
  CHECK(page.status == 200);
  CHECK_THAT(page.content_type, StartsWith("text/html"));
  CHECK_THAT(page.raw, Contains("<title>modelsat"));
  const JsonReply worker = get(server, "/worker.js");
  CHECK(worker.status == 200);
  CHECK_THAT(worker.content_type, StartsWith("text/javascript"));
  const JsonReply model = get(server, "/model.msq");
  CHECK(model.status == 200);
  CHECK(model.raw == modelsat::read_file(kModel));
  const JsonReply examples = get(server, "/examples.json");
  CHECK(examples.status == 200);
  CHECK(examples.body.is_object());
}

TEST_CASE("serve: without the WebAssembly runtime the API still routes, with a warning", "[serve]") {
  modelsat::test::TempDir dir;
  const std::string no_runtime = dir.file("empty");
  std::filesystem::create_directories(no_runtime);
  ServerProcess server("--model " + quoted(kModel) + " --wasm-dir " + quoted(no_runtime));
  CHECK_THAT(server.stderr_text(), Contains(no_runtime + ": no msq_router.js: the API works, the page cannot route"));
  CHECK(post(server, "/v1/route", nlohmann::json{{"instruction", "a question"}}).status == 200);
  CHECK(get(server, "/").status == 200);
  CHECK(get(server, "/msq_router.js").status == 404);
}

TEST_CASE("serve: concurrent routing and onboarding all succeed", "[serve]") {
  ServerProcess server("--model " + quoted(kModel) + " --threads 4");
  const size_t n_tasks = native_router().n_tasks();
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 6; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < 10; ++i) {
        try {
          const JsonReply routed =
              post(server, "/v1/route", nlohmann::json{{"instruction", "question " + std::to_string(c * 100 + i)}});
          if (routed.status != 200) ++failures;
          if (i % 5 == 0) {
            const std::string name = "concurrent-" + std::to_string(c) + "-" + std::to_string(i);
            const JsonReply added =
                post(server, "/v1/models", nlohmann::json{{"name", name}, {"aptitude", aptitude_of(n_tasks, 0.3f)}});
            if (added.status != 201) ++failures;
          }
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();
  CHECK(failures == 0);
  CHECK(get(server, "/v1/models").body["models"].size() == native_router().zoo_models().size() + 12);
  CHECK(server.stop() == 0);
}

TEST_CASE("serve: --persist-models keeps onboarded models across restarts, atomically", "[serve]") {
  modelsat::test::TempDir dir;
  const std::string store = dir.file("onboarded.json");
  const size_t n_tasks = native_router().n_tasks();
  {
    ServerProcess server("--model " + quoted(kModel) + " --persist-models " + quoted(store));
    REQUIRE(post(server, "/v1/models", nlohmann::json{{"name", "kept"}, {"aptitude", aptitude_of(n_tasks, 0.25f)}})
                .status == 201);
    CHECK(server.stop() == 0);
  }
  const nlohmann::json saved = nlohmann::json::parse(modelsat::read_file(store));
  CHECK(saved["format"] == "modelsat-onboarded-models");
  CHECK(saved["models"][0]["name"] == "kept");
  size_t files_in_dir = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) files_in_dir += entry.is_regular_file();
  CHECK(files_in_dir == 1);  // no temporary left beside the store
  ServerProcess again("--model " + quoted(kModel) + " --persist-models " + quoted(store));
  const nlohmann::json listed = get(again, "/v1/models").body["models"];
  CHECK(listed.back()["name"] == "kept");
  CHECK(listed.back()["onboarded"] == true);
  CHECK(listed.back()["aptitude"][0] == 0.25);
}

TEST_CASE("serve: without --persist-models onboarded models are gone after a restart", "[serve]") {
  const size_t n_tasks = native_router().n_tasks();
  {
    ServerProcess server("--model " + quoted(kModel));
    REQUIRE(post(server, "/v1/models", nlohmann::json{{"name", "fleeting"}, {"aptitude", aptitude_of(n_tasks, 0.5f)}})
                .status == 201);
  }
  ServerProcess again("--model " + quoted(kModel));
  CHECK(get(again, "/v1/models").body["models"].size() == native_router().zoo_models().size());
}

TEST_CASE("serve: command-line and model-file errors", "[serve][cli]") {
  modelsat::test::TempDir dir;
  auto serve = [](const std::string& args) { return modelsat::test::run_modelsat("serve " + args); };

  auto result = serve("--port 0");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Contains("modelsat serve: missing --model FILE; see 'modelsat serve --help'"));

  result = serve("--model " + quoted(kModel) + " --port 70000");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Contains("modelsat serve: --port: out of range (expected 0 to 65535, got 70000)"));

  const std::string not_a_model = dir.write("notes.msq", "these are my notes, not a router\n");
  result = serve("--model " + quoted(not_a_model) + " --port 0");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains(not_a_model + ": not a modelsat router file (bad magic)"));

  std::string wrong_version = modelsat::read_file(kModel);
  wrong_version[8] = 99;  // the u32 format version after the 8-byte magic
  const std::string wrong_version_path = dir.write("v99.msq", wrong_version);
  result = serve("--model " + quoted(wrong_version_path) + " --port 0");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains(wrong_version_path + ": format version 99 not supported (expected 2)"));

  result = serve("--model " + quoted(dir.file("missing.msq")) + " --port 0");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains(dir.file("missing.msq") + ": cannot read"));

  const std::string bad_store = dir.write("store.json", "{\"format\": \"modelsat-onboarded-models\", \"version\": 1, "
                                                        "\"models\": [{\"name\": \"x\", \"aptitude\": [0.5]}]}");
  result = serve("--model " + quoted(kModel) + " --port 0 --persist-models " + quoted(bad_store));
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains(bad_store + "#/models/0/aptitude: aptitude results of the wrong length (expected " +
                                  std::to_string(native_router().n_tasks()) + ", got 1)"));

  result = serve("--model " + quoted(kModel) + " --port 0 --wasm-dir " + quoted(dir.file("no-such-folder")));
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Contains("modelsat serve: --wasm-dir: not a folder (got '" + dir.file("no-such-folder") +
                                  "'); see 'modelsat serve --help'"));
  result = serve("--model " + quoted(kModel) + " --port 0 --web-dir " + quoted(dir.file("no-page")));
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.err, Contains("modelsat serve: --web-dir: not a folder (got '" + dir.file("no-page") + "')"));

  ServerProcess holder("--model " + quoted(kModel));
  result = serve("--model " + quoted(kModel) + " --port " + std::to_string(holder.port()));
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("modelsat serve: cannot listen on 127.0.0.1:" + std::to_string(holder.port())));
}
