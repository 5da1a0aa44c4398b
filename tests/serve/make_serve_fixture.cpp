// Writes the serve tests' fixture: a small seeded-random .msq router (wasm/tests/test_model.h) and an examples.json.
#include "test_model.h"

#include "msq/format.h"

#include "modelsat/atomic_file.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_serve_fixture OUT_DIR (writes OUT_DIR/model.msq and OUT_DIR/examples.json)\n";
    return 2;
  }
  const std::string out = argv[1];
  msq::test::TestModelShape shape;
  shape.tasks = 6;
  const msq::ModelFile model = msq::test::make_test_model(20261125, shape);
  const std::vector<uint8_t> bytes = msq::serialize(model);
  modelsat::write_file_atomic(out + "/model.msq", std::string(bytes.begin(), bytes.end()));

  // Three questions with made-up correctness flags, in the layout of `modelsat export --examples`.
  const std::vector<std::string> texts = {
      "What is the derivative of x^2 with respect to x?",
      "Which organelle produces most of a cell's ATP?",
      "In which year did the Berlin Wall fall?"};
  const std::vector<std::string> categories = {"math", "biology", "history"};
  nlohmann::json examples = nlohmann::json::array();
  for (size_t q = 0; q < texts.size(); ++q) {
    nlohmann::json correct = nlohmann::json::object();
    for (size_t m = 0; m < model.models.size(); ++m) correct[model.models[m].name] = (q + m) % 2 == 0;
    examples.push_back(
        {{"id", std::to_string(q)}, {"text", texts[q]}, {"category", categories[q]}, {"correct", correct}});
  }
  examples[0]["correct"][model.models.back().name] = nullptr;  // no recorded answer: the page shows no mark
  const nlohmann::json file = {{"dataset", "serve-fixture (made-up outcomes)"}, {"split", "none"}, {"questions", examples}};
  modelsat::write_file_atomic(out + "/examples.json", file.dump(2) + "\n");
  return 0;
}
