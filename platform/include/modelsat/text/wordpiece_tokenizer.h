// A WordPiece tokenizer reading a BERT-style vocab.txt, for user-supplied TorchScript encoders.
#pragma once

#include "modelsat/text/tokenizer.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace modelsat::text {

/// BERT's basic tokenizer then greedy longest-match-first WordPiece with "##" continuations. Basic tokenization:
/// control bytes dropped, whitespace splits words, ASCII punctuation is a word of its own, ASCII lower-casing when
/// configured (accents are not stripped: a vocabulary that expects stripped accents sees [UNK] for accented words).
/// A word longer than 100 bytes, or one that cannot be covered by vocabulary pieces, becomes [UNK].
class WordPieceTokenizer final : public Tokenizer {
 public:
  /// vocab: one token per line, id = line number from 0 (a trailing '\r' is dropped). where names the source in
  /// errors. Throws modelsat::DataError when the vocabulary is empty, repeats a token or lacks [UNK].
  static WordPieceTokenizer parse(const std::string& vocab, bool lowercase, const std::string& where);
  /// read_file + parse; throws IoError or DataError.
  static WordPieceTokenizer load(const std::string& path, bool lowercase);

  std::vector<int32_t> encode(const std::string& text) const override;
  int32_t vocab_size() const override { return static_cast<int32_t>(tokens_.size()); }
  SpecialIds specials() const override { return specials_; }
  std::string fingerprint() const override;

 private:
  WordPieceTokenizer() = default;
  void encode_word(const std::string& word, std::vector<int32_t>& out) const;

  bool lowercase_ = true;
  std::vector<std::string> tokens_;
  std::unordered_map<std::string, int32_t> ids_;
  SpecialIds specials_;
};

}  // namespace modelsat::text
