// text::SourceClassifier: learns sources from words and word pairs, ignores unseen words, round-trips its bytes and
// refuses foreign or damaged ones.
#include "modelsat/error.h"
#include "modelsat/text/source_classifier.h"

#include <catch2/catch.hpp>

#include <numeric>
#include <string>

using modelsat::text::SourceClassifier;

namespace {

SourceClassifier trained(bool word_pairs) {
  SourceClassifier classifier;
  classifier.fit({"Inflation raises prices and lowers real demand.", "Supply and demand set the market price.",
                  "The court ruled that the contract was void.", "A statute binds every court in the state.",
                  "An unlabelled question about prices."},
                 {"economics", "economics", "law", "law", ""}, 0.1, word_pairs);
  return classifier;
}

}  // namespace

TEST_CASE("source classifier: labels sorted, posteriors sum to one and follow the words", "[unit]") {
  const SourceClassifier classifier = trained(true);
  REQUIRE(classifier.labels() == std::vector<std::string>{"economics", "law"});
  const std::vector<float> market = classifier.posterior("What happens to DEMAND when prices rise?");
  const std::vector<float> court = classifier.posterior("Which court heard the contract case?");
  CHECK(std::accumulate(market.begin(), market.end(), 0.0) == Approx(1.0).margin(1e-6));
  CHECK(market[0] > 0.9F);
  CHECK(court[1] > 0.9F);
}

TEST_CASE("source classifier: a text of unseen words gets the prior", "[unit]") {
  const SourceClassifier classifier = trained(false);
  const std::vector<float> unseen = classifier.posterior("zebra quokka");
  CHECK(unseen[0] == Approx(0.5F));
  CHECK(unseen == classifier.posterior(""));
}

TEST_CASE("source classifier: word pairs change the features", "[unit]") {
  CHECK(trained(true).posterior("supply and demand") != trained(false).posterior("supply and demand"));
}

TEST_CASE("source classifier: bytes round-trip exactly; foreign, truncated and padded bytes are refused", "[unit]") {
  const SourceClassifier classifier = trained(true);
  const std::string bytes = classifier.serialize();
  CHECK(bytes == trained(true).serialize());
  const SourceClassifier restored = SourceClassifier::deserialize(bytes, "state.bin");
  CHECK(restored.labels() == classifier.labels());
  CHECK(restored.posterior("the court and the market") == classifier.posterior("the court and the market"));
  CHECK_THROWS_WITH(SourceClassifier::deserialize("hello", "notes.txt"),
                    "notes.txt: not a source classifier (expected the MSSC header, got 5 bytes without it)");
  std::string other_version = bytes;
  other_version[4] = 2;
  CHECK_THROWS_WITH(SourceClassifier::deserialize(other_version, "new.bin"),
                    "new.bin: not a source classifier of this version (expected 1, got 2)");
  CHECK_THROWS_WITH(SourceClassifier::deserialize(bytes.substr(0, 40), "cut.bin"),
                    Catch::StartsWith("cut.bin: not a source classifier: truncated or corrupt (expected "));
  const std::string extra = bytes + '\0';
  CHECK_THROWS_WITH(SourceClassifier::deserialize(extra, "extra.bin"),
                    "extra.bin: not a source classifier: truncated or corrupt (expected the end of the classifier at "
                    "byte " + std::to_string(bytes.size()) + ", got " + std::to_string(extra.size()) + " bytes in all)");
}

TEST_CASE("source classifier: fit needs one label per text and at least one label", "[unit]") {
  SourceClassifier classifier;
  CHECK_THROWS_WITH(classifier.fit({"a", "b"}, {"x"}, 0.1, true),
                    "source classifier: fit: one label per text (expected 2, got 1)");
  CHECK_THROWS_WITH(classifier.fit({"a", "b"}, {"", ""}, 0.1, true),
                    "no training text has a source label (expected at least one non-empty label, got 2 empty)");
}
