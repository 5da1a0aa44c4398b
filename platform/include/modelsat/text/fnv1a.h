// FNV-1a 64-bit hashing of bytes: stable across platforms and builds (fingerprints, feature hashing, checksums).
#pragma once

#include <cstdint>
#include <string>

namespace modelsat::text {

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

/// Continues a hash over size bytes at data; start from kFnvOffset.
inline uint64_t fnv1a(const char* data, size_t size, uint64_t hash = kFnvOffset) {
  for (size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(data[i]);
    hash *= kFnvPrime;
  }
  return hash;
}

inline uint64_t fnv1a(const std::string& bytes, uint64_t hash = kFnvOffset) {
  return fnv1a(bytes.data(), bytes.size(), hash);
}

/// 16 lower-case hex digits.
inline std::string hex64(uint64_t value) {
  static const char* const kDigits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<size_t>(i)] = kDigits[value & 0xF];
  return out;
}

}  // namespace modelsat::text
