// [runtime] Router: zoo and info accessors, decisions and their invariants, instruction reuse, activation precision,
// bad candidates and options.
#include "msq/runtime.h"
#include "test_model.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace {

msq::Router load(const msq::ModelFile& file) {
  const std::vector<uint8_t> bytes = msq::serialize(file);
  return msq::Router::from_bytes(bytes.data(), bytes.size(), "model.msq");
}

std::string route_error(const msq::Router& router, const std::vector<msq::Candidate>& candidates) {
  try {
    router.route("what is 2 + 2?", candidates);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "(routed)";
}

}  // namespace

TEST_CASE("runtime router: zoo, tasks and info JSON come from the file", "[runtime]") {
  const msq::ModelFile file = msq::test::make_test_model(7);
  const msq::Router router = load(file);
  CHECK(router.n_tasks() == 5);
  CHECK(router.task_descriptions() == file.tasks);
  REQUIRE(router.zoo_models().size() == 3);
  CHECK(router.zoo_models()[2].name == "model_2");
  CHECK(router.zoo_models()[2].aptitude == file.models[2].aptitude);
  CHECK(router.zoos().at("small") == std::vector<std::string>{"model_0", "model_2"});
  const nlohmann::json info = nlohmann::json::parse(router.info_json());
  CHECK(info.at("format_version") == 2);
  CHECK(info.at("settings").at("sequence_order") == "capability_first");
  CHECK(info.at("tasks").size() == 5);
  CHECK(info.at("models").at(1).at("name") == "model_1");
  CHECK(info.at("models").at(1).at("aptitude").size() == 5);
  CHECK(info.at("zoos").at("small").size() == 2);
}

TEST_CASE("runtime router: decisions are probabilities, repeatable, and the choice is their argmax", "[runtime]") {
  for (const std::string capability : {"per_task", "pooled"}) {
    for (const std::string positions : {"learned", "rotary"}) {
      msq::test::TestModelShape shape;
      shape.capability = capability;
      shape.positions = positions;
      shape.connector_mlp = positions == "rotary";
      const msq::Router router = load(msq::test::make_test_model(8, shape));
      INFO(capability << " " << positions);
      const std::vector<msq::Candidate> zoo = router.zoo_models();
      const msq::Decision d = router.route("is 2+2 4?", zoo);
      REQUIRE(d.probabilities.size() == 3);
      for (float p : d.probabilities) CHECK((p > 0.0F && p < 1.0F));
      for (float p : d.probabilities) CHECK(p <= d.probabilities[d.choice]);
      CHECK_FALSE(d.truncated);
      CHECK(d.instruction_tokens > 0);
      const msq::Decision again = router.route("is 2+2 4?", zoo);
      CHECK(again.probabilities == d.probabilities);
      CHECK(router.route("", zoo).instruction_tokens == 0);
    }
  }
}

TEST_CASE("runtime router: long instructions are cut to what the context leaves", "[runtime]") {
  const msq::Router router = load(msq::test::make_test_model(9));
  const msq::Decision d = router.route(std::string(500, 'q') + " the end", router.zoo_models());
  CHECK(d.truncated);
  CHECK(d.instruction_tokens == 24);  // max_instruction_tokens of the test model
}

TEST_CASE("runtime router: without shuffles a candidate's probability does not depend on the others", "[runtime]") {
  // Shared-prefix orders run all candidates as one batch: a candidate alone must get the same bits.
  for (const std::string order : {"capability_first", "instruction_first", "capability_last"}) {
    for (const std::string capability : {"per_task", "pooled"}) {
      INFO(order << " " << capability);
      msq::test::TestModelShape shape;
      shape.routing_shuffles = 1;
      shape.sequence_order = order;
      shape.capability = capability;
      const msq::Router router = load(msq::test::make_test_model(10, shape));
      std::vector<msq::Candidate> zoo = router.zoo_models();
      const msq::Decision all = router.route("an instruction", zoo);
      for (size_t m = 0; m < zoo.size(); ++m) {
        const msq::Decision alone = router.route("an instruction", {zoo[m]});
        CHECK(alone.probabilities[0] == all.probabilities[m]);
        CHECK(alone.choice == 0);
      }
      zoo.push_back({"unseen", std::vector<float>(5, 1.0F), 0.0});
      CHECK(router.route("an instruction", zoo).probabilities.size() == 4);
    }
  }
}

TEST_CASE("runtime router: a pooled capability token is the same in every task order, so shuffles change nothing",
          "[runtime]") {
  for (const std::string order : {"capability_first", "capability_last"}) {
    INFO(order);
    msq::test::TestModelShape shape;
    shape.capability = "pooled";
    shape.sequence_order = order;
    shape.routing_shuffles = 1;
    const msq::Router once = load(msq::test::make_test_model(10, shape));
    shape.routing_shuffles = 3;
    const msq::Router shuffled = load(msq::test::make_test_model(10, shape));
    const std::vector<msq::Candidate> zoo = once.zoo_models();
    const msq::Decision a = once.route("an instruction", zoo), b = shuffled.route("an instruction", zoo);
    REQUIRE(a.probabilities.size() == zoo.size());
    for (size_t m = 0; m < zoo.size(); ++m) CHECK(a.probabilities[m] == b.probabilities[m]);
    shape.capability = "per_task";  // per-task tokens do move with the order
    const msq::Router per_task_shuffled = load(msq::test::make_test_model(10, shape));
    shape.routing_shuffles = 1;
    const msq::Router per_task_once = load(msq::test::make_test_model(10, shape));
    const msq::Decision c = per_task_once.route("an instruction", zoo);
    const msq::Decision d = per_task_shuffled.route("an instruction", zoo);
    bool moved = false;
    for (size_t m = 0; m < zoo.size(); ++m) moved = moved || c.probabilities[m] != d.probabilities[m];
    CHECK(moved);
  }
}

TEST_CASE("runtime router: instruction_first and capability_last with the shared prefix's keys and values reused "
          "equal whole-sequence runs",
          "[runtime]") {
  const msq::RouteOptions whole_sequences{false};
  for (const std::string order : {"instruction_first", "capability_last"}) {
    for (const std::string capability : {"per_task", "pooled"}) {
      for (const std::string positions : {"learned", "rotary"}) {
        for (const int64_t layers : {1, 3}) {
          msq::test::TestModelShape shape;
          shape.capability = capability;
          shape.positions = positions;
          shape.layers = layers;
          shape.routing_shuffles = 3;
          shape.sequence_order = order;
          const msq::Router router = load(msq::test::make_test_model(12, shape));
          std::vector<msq::Candidate> candidates = router.zoo_models();
          candidates.push_back({"flat", std::vector<float>(5, 0.5F), 0.0});
          const nlohmann::json info = nlohmann::json::parse(router.info_json());
          CHECK(info.at("settings").at("sequence_order") == order);
          for (const std::string& instruction :
               std::vector<std::string>{"is 2+2 4? then the answer", "", std::string(300, 'q') + " the end"}) {
            INFO(order << " " << capability << " " << positions << " " << layers << " layers, instruction of "
                       << instruction.size() << " bytes");
            const msq::Decision reused = router.route(instruction, candidates);
            const msq::Decision whole = router.route(instruction, candidates, whole_sequences);
            REQUIRE(reused.probabilities.size() == candidates.size());
            REQUIRE(whole.probabilities.size() == candidates.size());
            for (size_t m = 0; m < candidates.size(); ++m) {
              CHECK(reused.probabilities[m] == Approx(whole.probabilities[m]).margin(1e-5));
              CHECK((reused.probabilities[m] > 0.0F && reused.probabilities[m] < 1.0F));
            }
            CHECK(reused.choice == whole.choice);
            CHECK(reused.truncated == whole.truncated);
            CHECK(reused.instruction_tokens == whole.instruction_tokens);
          }
        }
      }
    }
  }
}

TEST_CASE("runtime router: the sequence order changes decisions, and reuse_instruction does not touch capability_first",
          "[runtime]") {
  for (const std::string capability : {"per_task", "pooled"}) {
    INFO(capability);
    msq::test::TestModelShape shape;
    shape.capability = capability;
    const msq::Router capability_first = load(msq::test::make_test_model(13, shape));
    shape.sequence_order = "instruction_first";
    const msq::Router instruction_first = load(msq::test::make_test_model(13, shape));  // the same weights
    const std::vector<msq::Candidate> zoo = capability_first.zoo_models();
    const msq::Decision reused = capability_first.route("an instruction", zoo);
    const msq::Decision whole = capability_first.route("an instruction", zoo, msq::RouteOptions{false});
    CHECK(whole.probabilities == reused.probabilities);
    CHECK(instruction_first.route("an instruction", zoo).probabilities != reused.probabilities);
    CHECK(instruction_first.route("another instruction", zoo).probabilities !=
          instruction_first.route("an instruction", zoo).probabilities);
    shape.sequence_order = "capability_last";
    const msq::Router capability_last = load(msq::test::make_test_model(13, shape));
    const msq::Decision last = capability_last.route("an instruction", zoo);
    CHECK(last.probabilities != reused.probabilities);
    CHECK(last.probabilities != instruction_first.route("an instruction", zoo).probabilities);
    CHECK(capability_last.route("another instruction", zoo).probabilities != last.probabilities);
  }
}

TEST_CASE("runtime router: 8-bit activations move probabilities a little from the 16-bit default", "[runtime]") {
  for (const std::string order : {"capability_first", "instruction_first", "capability_last"}) {
    INFO(order);
    msq::test::TestModelShape shape;
    shape.sequence_order = order;
    const msq::Router router = load(msq::test::make_test_model(14, shape));
    const std::vector<msq::Candidate> zoo = router.zoo_models();
    const msq::Decision wide = router.route("an instruction", zoo);
    const msq::Decision narrow = router.route("an instruction", zoo, msq::RouteOptions{true, 8});
    CHECK(router.route("an instruction", zoo, msq::RouteOptions{true, 16}).probabilities == wide.probabilities);
    CHECK(narrow.probabilities != wide.probabilities);
    for (size_t m = 0; m < zoo.size(); ++m) CHECK(narrow.probabilities[m] == Approx(wide.probabilities[m]).margin(0.02));
  }
}

TEST_CASE("runtime router: bad candidates are refused with the candidate's name", "[runtime]") {
  const msq::Router router = load(msq::test::make_test_model(11));
  CHECK(route_error(router, {}) == "no candidates (expected at least 1)");
  CHECK(route_error(router, {{"short", {0.5F, 0.5F, 0.5F}, 0.0}}) ==
        "candidate 'short': aptitude results of the wrong length (expected 5, got 3)");
  CHECK(route_error(router, {{"big", {0.5F, 0.5F, 0.5F, 1.5F, 0.5F}, 0.0}}) ==
        "candidate 'big': aptitude result out of [0, 1] at task 3 (got 1.500000)");
  CHECK(route_error(router, {{"nan", {0.5F, 0.5F, 0.5F, 0.5F, std::nanf("")}, 0.0}}) ==
        "candidate 'nan': aptitude result out of [0, 1] at task 4 (got nan)");
  CHECK_THROWS_WITH(router.route("what is 2 + 2?", router.zoo_models(), msq::RouteOptions{true, 4}),
                    "activation_bits: not supported (expected 8 or 16, got 4)");
}
