// encoder/source_posterior: a supervised encoder whose embedding is the posterior over training sources; cache key,
// state files and its error messages.
#include "model_sat_support.h"
#include "temp_dir.h"

#include "modelsat/atomic_file.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>

using modelsat::ComponentKind;

namespace {

modelsat::EncoderHandle source_posterior(const nlohmann::json& config) {
  return modelsat::EncoderHandle(modelsat::test::component(ComponentKind::encoder, "source_posterior"), config,
                                 modelsat::CreateContext{}, "test");
}

const std::vector<std::string> kCorpus = {"Inflation raises prices.", "Demand meets supply in a market.",
                                          "The court ruled on the contract.", "A statute binds the court."};
const std::vector<std::string> kSources = {"economics", "economics", "law", "law"};

}  // namespace

TEST_CASE("encoder/source_posterior: [n, max_sources] posteriors padded with zeros; fitted state in the cache key",
          "[model_sat]") {
  auto encoder = source_posterior({{"max_sources", 4}});
  CHECK(encoder.trainable());
  const std::string unfitted_key = encoder.cache_key();
  encoder.fit(kCorpus, kSources);
  CHECK(encoder.cache_key() != unfitted_key);
  const at::Tensor e = encoder.encode({"prices in the market", "the court and the statute", ""});
  REQUIRE(e.sizes() == at::IntArrayRef({3, 4}));
  CHECK(e.sum(1).allclose(at::ones({3})));
  CHECK(e[0][0].item<float>() > 0.9F);
  CHECK(e[1][1].item<float>() > 0.9F);
  CHECK(e.narrow(1, 2, 2).abs().sum().item<float>() == 0.0F);

  modelsat::test::TempDir dir;
  encoder.save(dir.file("encoder.state"));
  auto restored = source_posterior({{"max_sources", 4}});
  restored.load(dir.file("encoder.state"));
  CHECK(at::equal(e, restored.encode({"prices in the market", "the court and the statute", ""})));
  CHECK(restored.cache_key() == encoder.cache_key());
}

TEST_CASE("encoder/source_posterior: refuses unlabelled corpora, too many sources and foreign state files",
          "[model_sat]") {
  auto encoder = source_posterior(nullptr);
  CHECK_THROWS_WITH(encoder.encode({"x"}), Catch::Contains("encode: called before fit() or load()"));
  modelsat::test::TempDir unfitted;
  CHECK_THROWS_WITH(encoder.save(unfitted.file("encoder.state")), Catch::Contains("save: nothing to save before fit()"));
  CHECK_THROWS_WITH(encoder.fit(kCorpus, {}),
                    Catch::Contains("source_posterior: fit: the training texts need one source label each (expected "
                                    "4, got 0)"));
  CHECK_THROWS_WITH(encoder.fit(kCorpus, {"", "", "", ""}),
                    Catch::Contains("source_posterior: fit: no training text has a source label (expected at least "
                                    "one non-empty label, got 4 empty)"));
  auto narrow = source_posterior({{"max_sources", 1}});
  CHECK_THROWS_WITH(narrow.fit(kCorpus, kSources),
                    Catch::Contains("source_posterior: fit: more source labels than the embedding is wide: raise "
                                    "max_sources (expected at most 1, got 2)"));
  modelsat::test::TempDir dir;
  const std::string notes = dir.write("notes.txt", "hello");
  CHECK_THROWS_WITH(encoder.load(notes),
                    Catch::Contains(notes + ": not a source classifier (expected the MSSC header, got 5 bytes without "
                                            "it)"));
}
