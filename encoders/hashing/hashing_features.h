// Hashed character and word n-gram features of a text: standard library only (shared with the wasm runtime).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace modelsat::hashing {

struct HashingOptions {
  int64_t dim = 256;          ///< number of buckets (the embedding width)
  int64_t char_ngram_min = 3; ///< character n-grams inside " word " (0 = none)
  int64_t char_ngram_max = 5;
  int64_t word_ngram_min = 1; ///< word n-grams (0 = none)
  int64_t word_ngram_max = 2;
  bool lowercase = true;      ///< ASCII lower-casing first
  bool sublinear_tf = true;   ///< bucket value sign(c) * log(1 + |c|) instead of the signed count c
};

/// Words are maximal runs of ASCII letters, digits and bytes >= 0x80. Every n-gram is hashed with FNV-1a 64 (prefixed
/// "c:" or "w:"); bucket = hash % dim, sign = + when bit 63 is clear. The result is L2-normalised; a text without
/// features gives zeros. Deterministic on every platform. Returns [dim] values.
std::vector<float> hash_features(const std::string& text, const HashingOptions& options);

/// "dim=..,char=a-b,word=c-d,lower=0|1,sublinear=0|1": every setting that changes the features.
std::string describe(const HashingOptions& options);

}  // namespace modelsat::hashing
