// The tokenizer interface shared by the BPE and WordPiece tokenizers: text -> token ids, with the special ids.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace modelsat::text {

/// Ids of the special tokens a model needs; -1 where the vocabulary has none.
struct SpecialIds {
  int32_t pad = -1;
  int32_t unk = -1;
  int32_t cls = -1;
  int32_t sep = -1;
  int32_t mask = -1;
};

/// Depends on the C++ standard library only (the WebAssembly runtime compiles the same encode path). encode() never
/// throws and is safe to call from several threads at once.
class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  /// Token ids of text, without special tokens; every id is in [0, vocab_size()).
  virtual std::vector<int32_t> encode(const std::string& text) const = 0;
  virtual int32_t vocab_size() const = 0;
  virtual SpecialIds specials() const = 0;
  /// Identifies the vocabulary and its rules: equal fingerprints encode identically.
  virtual std::string fingerprint() const = 0;
};

}  // namespace modelsat::text
