// encoder/transformer: fit trains tokenizer + masked LM, pooled unit-norm embeddings, keys and state-file checks.
#include "model_sat_support.h"
#include "temp_dir.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>

using modelsat::ComponentKind;

namespace {

modelsat::EncoderHandle transformer(const nlohmann::json& config, uint64_t seed = 2) {
  modelsat::CreateContext context;
  context.seed = seed;
  return modelsat::EncoderHandle(modelsat::test::component(ComponentKind::encoder, "transformer"), config, context,
                                 "test");
}

const std::vector<std::string> kCorpus = {
    "What is the derivative of x squared?", "Which enzyme digests starch?", "Solve 3x + 1 = 10 for x.",
    "Name the capital of France.", "What is the integral of 2x?", "Which organ produces insulin?"};

}  // namespace

TEST_CASE("encoder/transformer: fit, encode (mean and cls pooling), same seed same embeddings", "[model_sat]") {
  const nlohmann::json config = {{"width", 32}, {"heads", 2}, {"vocab_size", 300}, {"training", {{"epochs", 2}}}};
  auto encoder = transformer(config);
  CHECK(encoder.trainable());
  CHECK_THROWS_WITH(encoder.encode({"x"}), Catch::Contains("called before fit() or load()"));
  const std::string unfitted_key = encoder.cache_key();
  encoder.fit(kCorpus);
  CHECK(encoder.cache_key() != unfitted_key);
  const at::Tensor e = encoder.encode({"the derivative of x", "", std::string(3000, 'y')});
  CHECK(e.sizes() == at::IntArrayRef({3, 32}));
  CHECK(e[0].norm().item<double>() == Approx(1.0).epsilon(1e-5));
  auto again = transformer(config);
  again.fit(kCorpus);
  CHECK(at::equal(e, again.encode({"the derivative of x", "", std::string(3000, 'y')})));
  CHECK(again.cache_key() == encoder.cache_key());

  nlohmann::json cls = config;
  cls["pooling"] = "cls";
  auto cls_encoder = transformer(cls);
  cls_encoder.fit(kCorpus);
  CHECK(cls_encoder.encode({"the derivative of x"}).sizes() == at::IntArrayRef({1, 32}));

  modelsat::test::TempDir dir;
  encoder.save(dir.file("enc.state"));
  CHECK_THROWS_WITH(cls_encoder.load(dir.file("enc.state")), Catch::Contains("checkpoint from another config"));
}
