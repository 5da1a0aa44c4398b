// Tokenizer tests: BPE round trip, training determinism, file format errors; WordPiece encoding and errors.
#include "temp_dir.h"

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"
#include "modelsat/text/bpe_tokenizer.h"
#include "modelsat/text/pretokenize.h"
#include "modelsat/text/tokenizer_file.h"
#include "modelsat/text/wordpiece_tokenizer.h"

#include <catch2/catch.hpp>

using modelsat::text::BpeTokenizer;
using modelsat::text::BpeTrainOptions;
using modelsat::text::WordPieceTokenizer;

namespace {

const std::vector<std::string> kCorpus = {
    "What is the derivative of x^2 with respect to x?", "Which enzyme digests starch in the mouth?",
    "The derivative of a constant is zero.", "Solve 3x + 1 = 10 for x.", "Which of the following enzymes is a protease?",
    "Name the capital of France.", "The capital of Italy is Rome; the capital of Spain is Madrid."};

BpeTokenizer trained(int32_t vocab_size = 320) {
  BpeTrainOptions options;
  options.vocab_size = vocab_size;
  return BpeTokenizer::train(kCorpus, options);
}

}  // namespace

TEST_CASE("text/chunks: concatenating the chunks gives the text back", "[model_sat]") {
  const std::string text = "  Hello,  wörld!\tx=12.5\n\nend ";
  std::string joined;
  for (const auto& chunk : modelsat::text::split_chunks(text)) joined += chunk;
  CHECK(joined == text);
  CHECK(modelsat::text::split_chunks("a bc 12") == std::vector<std::string>{"a", " bc", " 1", "2"});
}

TEST_CASE("text/bpe: decode(encode(x)) is x lower-cased, merges shorten the encoding", "[model_sat]") {
  const BpeTokenizer tokenizer = trained();
  CHECK(tokenizer.vocab_size() > BpeTokenizer::kFirstMerge);
  for (const std::string& text : {std::string("The DERIVATIVE of x^2?"), std::string("Ünïcode → bytes"),
                                  std::string(""), std::string("  spaces\t\tand\nlines  ")}) {
    const auto ids = tokenizer.encode(text);
    CHECK(tokenizer.decode(ids) == modelsat::text::lowercase_ascii(text));
    for (int32_t id : ids) CHECK((id >= 0 && id < tokenizer.vocab_size()));
  }
  CHECK(tokenizer.encode("the derivative of").size() < std::string("the derivative of").size());
  BpeTrainOptions cased;
  cased.lowercase = false;
  cased.vocab_size = 300;
  const BpeTokenizer cased_tokenizer = BpeTokenizer::train(kCorpus, cased);
  CHECK(cased_tokenizer.decode(cased_tokenizer.encode("MiXeD Case")) == "MiXeD Case");
}

TEST_CASE("text/bpe: training is deterministic and stops at the vocabulary size", "[model_sat]") {
  const BpeTokenizer a = trained(300);
  const BpeTokenizer b = trained(300);
  CHECK(a.serialize() == b.serialize());
  CHECK(a.fingerprint() == b.fingerprint());
  CHECK(a.vocab_size() <= 300);
  CHECK(trained(400).fingerprint() != a.fingerprint());
  BpeTrainOptions too_small;
  too_small.vocab_size = 100;
  CHECK_THROWS_AS(BpeTokenizer::train(kCorpus, too_small), modelsat::ConfigError);
}

TEST_CASE("text/bpe: save/load round trip encodes identically (the parity the torch components rely on)",
          "[model_sat]") {
  modelsat::test::TempDir dir;
  const BpeTokenizer tokenizer = trained();
  tokenizer.save(dir.file("tok.bpe"));
  const BpeTokenizer loaded = BpeTokenizer::load(dir.file("tok.bpe"));
  const auto generic = modelsat::text::load_tokenizer_file(dir.file("tok.bpe"), false);
  for (const std::string& text : kCorpus) {
    CHECK(loaded.encode(text) == tokenizer.encode(text));
    CHECK(generic->encode(text) == tokenizer.encode(text));
  }
  CHECK(loaded.fingerprint() == tokenizer.fingerprint());
  CHECK(generic->fingerprint() == tokenizer.fingerprint());
}

TEST_CASE("text/bpe: a hand-written file encodes as its merges say", "[model_sat]") {
  // 'a' = 5 + 97 = 102, 'b' = 103; merge 0 = "ab" -> 261; merge 1 = "ab"+"ab" -> 262
  const BpeTokenizer tokenizer = BpeTokenizer::parse("modelsat-bpe-tokenizer 1\nlowercase 1\nmerges 2\n102 103\n261 261\n", "t");
  CHECK(tokenizer.encode("ABABab") == std::vector<int32_t>{262, 261});
  CHECK(tokenizer.encode("a b") == std::vector<int32_t>{102, 37, 103});
}

TEST_CASE("text/bpe: malformed files are refused with the line and the reason", "[model_sat]") {
  const auto message = [](const std::string& contents) {
    try {
      BpeTokenizer::parse(contents, "tok.bpe");
    } catch (const modelsat::DataError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(message("hello\n"), Catch::Contains("tok.bpe:1: not a BPE tokenizer file"));
  CHECK_THAT(message("modelsat-bpe-tokenizer 1\nlowercase 2\nmerges 0\n"), Catch::Contains("tok.bpe:2: bad lowercase flag"));
  CHECK_THAT(message("modelsat-bpe-tokenizer 1\nlowercase 1\nmerges 2\n102 103\n"),
             Catch::Contains("tok.bpe:5: truncated BPE tokenizer file (expected 2 merges, got 1)"));
  CHECK_THAT(message("modelsat-bpe-tokenizer 1\nlowercase 1\nmerges 1\n102 900\n"),
             Catch::Contains("tok.bpe:4: merge refers to an unknown token"));
  CHECK_THAT(message("modelsat-bpe-tokenizer 1\nlowercase 1\nmerges 1\n102 x\n"), Catch::Contains("tok.bpe:4: bad merge line"));
  CHECK_THROWS_AS(BpeTokenizer::load("/nonexistent/tok.bpe"), modelsat::IoError);
}

TEST_CASE("text/wordpiece: greedy longest match with ## continuations, punctuation split, [UNK]", "[model_sat]") {
  const WordPieceTokenizer tokenizer =
      WordPieceTokenizer::parse("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\nderiv\n##ative\n##s\n?\nof\n", true, "vocab.txt");
  CHECK(tokenizer.vocab_size() == 11);
  CHECK(tokenizer.specials().cls == 2);
  CHECK(tokenizer.encode("The derivatives of?") == std::vector<int32_t>{5, 6, 7, 8, 10, 9});
  CHECK(tokenizer.encode("the zebra") == std::vector<int32_t>{5, 1});
  CHECK(tokenizer.encode("") .empty());
}

TEST_CASE("text/wordpiece: bad vocabularies are refused with the reason", "[model_sat]") {
  CHECK_THROWS_WITH(WordPieceTokenizer::parse("", true, "v.txt"), Catch::Contains("v.txt: not a WordPiece vocabulary: the file is empty"));
  CHECK_THROWS_WITH(WordPieceTokenizer::parse("a\nb\n", true, "v.txt"), Catch::Contains("no [UNK] token"));
  CHECK_THROWS_WITH(WordPieceTokenizer::parse("[UNK]\na\na\n", true, "v.txt"), Catch::Contains("v.txt:3: not a WordPiece vocabulary: token \"a\" appears twice"));
}
