// encoder/hashing: shape, L2 norm, determinism, similarity, settings in the cache key, state files.
#include "model_sat_support.h"
#include "temp_dir.h"

#include "modelsat/atomic_file.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>

using modelsat::ComponentKind;

namespace {

modelsat::EncoderHandle hashing(const nlohmann::json& config) {
  return modelsat::EncoderHandle(modelsat::test::component(ComponentKind::encoder, "hashing"), config,
                                 modelsat::CreateContext{}, "test");
}

double cosine(const at::Tensor& a, const at::Tensor& b) { return (a * b).sum().item<double>(); }

}  // namespace

TEST_CASE("encoder/hashing: unit-norm rows, zeros for empty text, deterministic", "[model_sat]") {
  const auto encoder = hashing({{"dim", 64}});
  const at::Tensor e = encoder.encode({"The derivative of x squared", "", "!!!", "Enzymes digest starch"});
  CHECK(e.sizes() == at::IntArrayRef({4, 64}));
  CHECK(e[0].norm().item<double>() == Approx(1.0).epsilon(1e-6));
  CHECK(e[1].abs().sum().item<double>() == 0.0);
  CHECK(e[2].abs().sum().item<double>() == 0.0);
  CHECK(at::equal(e, encoder.encode({"The derivative of x squared", "", "!!!", "Enzymes digest starch"})));
  CHECK(at::equal(e[0], encoder.encode({"THE derivative of X squared"})[0]));
}

TEST_CASE("encoder/hashing: similar texts are closer than unrelated ones", "[model_sat]") {
  const auto encoder = hashing(nullptr);
  const at::Tensor e = encoder.encode({"What is the derivative of x squared?", "Compute the derivative of x cubed.",
                                       "Which enzyme digests starch in the mouth?"});
  CHECK(cosine(e[0], e[1]) > cosine(e[0], e[2]) + 0.1);
}

TEST_CASE("encoder/hashing: settings change the key; a state from other settings is refused", "[model_sat]") {
  const auto words_only = hashing({{"char_ngram_min", 0}, {"dim", 32}});
  const auto chars = hashing({{"dim", 32}});
  CHECK(words_only.cache_key() != chars.cache_key());
  CHECK_FALSE(at::equal(words_only.encode({"a b c"}), chars.encode({"a b c"})));
  modelsat::test::TempDir dir;
  chars.save(dir.file("h.json"));
  auto again = hashing({{"dim", 32}});
  again.load(dir.file("h.json"));
  CHECK_THROWS_WITH(hashing({{"dim", 64}}).load(dir.file("h.json")), Catch::Contains("from another config"));
  modelsat::write_file_atomic(dir.file("bad.json"), "{\"format\": \"other\"}");
  CHECK_THROWS_WITH(again.load(dir.file("bad.json")), Catch::Contains("not a hashing encoder state"));
  CHECK_THROWS_WITH(hashing({{"char_ngram_min", 4}, {"char_ngram_max", 2}}), Catch::Contains("an n-gram range is empty"));
}
