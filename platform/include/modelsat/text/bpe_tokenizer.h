// A byte-level BPE tokenizer trained by the platform: lossless, no unknown tokens, a documented text file format.
#pragma once

#include "modelsat/text/tokenizer.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace modelsat::text {

/// Training settings.
struct BpeTrainOptions {
  int32_t vocab_size = 1000; ///< target size including the 5 special and 256 byte tokens (>= 261)
  int64_t min_frequency = 2; ///< a pair seen fewer times in the corpus is never merged
  bool lowercase = true;     ///< lower-case ASCII letters before splitting (training and encoding)
};

/// Vocabulary: ids 0..4 are [PAD] [UNK] [CLS] [SEP] [MASK]; ids 5..260 are the bytes 0..255; id 261 + i is merge i.
/// Text is lower-cased (when configured), split into chunks (see split_chunks) and each chunk's bytes are merged in
/// the order the merges were learned, leftmost occurrences first. decode(encode(x)) == x (lower-cased when configured).
///
/// File format (UTF-8 text, '\n' line ends):
///   modelsat-bpe-tokenizer 1
///   lowercase <0|1>
///   merges <M>
///   <left id> <right id>      (M lines; line i defines token 261 + i, both ids < 261 + i)
class BpeTokenizer final : public Tokenizer {
 public:
  static constexpr int32_t kNumSpecial = 5;
  static constexpr int32_t kFirstMerge = kNumSpecial + 256;

  /// A byte-only tokenizer (no merges).
  explicit BpeTokenizer(bool lowercase = true);
  /// Learns merges from corpus; deterministic (ties broken by the smaller pair of ids).
  static BpeTokenizer train(const std::vector<std::string>& corpus, const BpeTrainOptions& options);
  /// Parses the file format above; where names the source in errors. Throws modelsat::DataError
  /// "<where>:<line>: <what> (expected X, got Y)".
  static BpeTokenizer parse(const std::string& contents, const std::string& where);
  /// A tokenizer with the given merges (as merges() returns them). Precondition, checked by the caller: both ids of
  /// merge i are in [kNumSpecial, kFirstMerge + i). Standard library only (the wasm runtime builds its tokenizer here).
  static BpeTokenizer from_merges(bool lowercase, const std::vector<std::pair<int32_t, int32_t>>& merges);
  /// The file format above.
  std::string serialize() const;
  /// read_file + parse / serialize + write_file_atomic. Throw IoError or DataError.
  static BpeTokenizer load(const std::string& path);
  void save(const std::string& path) const;

  std::vector<int32_t> encode(const std::string& text) const override;
  /// Bytes of the tokens, special tokens skipped.
  std::string decode(const std::vector<int32_t>& ids) const;
  int32_t vocab_size() const override { return kFirstMerge + static_cast<int32_t>(merges_.size()); }
  SpecialIds specials() const override { return SpecialIds{0, 1, 2, 3, 4}; }
  std::string fingerprint() const override;
  bool lowercase() const { return lowercase_; }
  const std::vector<std::pair<int32_t, int32_t>>& merges() const { return merges_; }
  /// The bytes token id stands for ("" for special tokens and ids out of range).
  std::string token_bytes(int32_t id) const;

 private:
  void add_merge(int32_t left, int32_t right);
  void encode_chunk(const std::string& chunk, std::vector<int32_t>& out) const;

  bool lowercase_;
  std::vector<std::pair<int32_t, int32_t>> merges_;
  std::unordered_map<uint64_t, int32_t> rank_;  ///< (left << 32 | right) -> merge index
  std::vector<std::string> bytes_;              ///< [vocab_size] bytes of each token
};

}  // namespace modelsat::text
