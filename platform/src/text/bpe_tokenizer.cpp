// BPE encode and decode: standard library only, no exceptions (compiled unchanged into the wasm runtime).
#include "modelsat/text/bpe_tokenizer.h"

#include "modelsat/text/fnv1a.h"
#include "modelsat/text/pretokenize.h"

#include <limits>

namespace modelsat::text {
namespace {

uint64_t pair_key(int32_t left, int32_t right) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}

}  // namespace

BpeTokenizer::BpeTokenizer(bool lowercase) : lowercase_(lowercase), bytes_(kFirstMerge) {
  for (int b = 0; b < 256; ++b) bytes_[static_cast<size_t>(kNumSpecial + b)] = std::string(1, static_cast<char>(b));
}

BpeTokenizer BpeTokenizer::from_merges(bool lowercase, const std::vector<std::pair<int32_t, int32_t>>& merges) {
  BpeTokenizer tokenizer(lowercase);
  for (const auto& [left, right] : merges) tokenizer.add_merge(left, right);
  return tokenizer;
}

void BpeTokenizer::add_merge(int32_t left, int32_t right) {
  rank_.emplace(pair_key(left, right), static_cast<int32_t>(merges_.size()));
  merges_.emplace_back(left, right);
  bytes_.push_back(bytes_[static_cast<size_t>(left)] + bytes_[static_cast<size_t>(right)]);
}

void BpeTokenizer::encode_chunk(const std::string& chunk, std::vector<int32_t>& out) const {
  std::vector<int32_t> symbols;
  symbols.reserve(chunk.size());
  for (char c : chunk) symbols.push_back(kNumSpecial + static_cast<unsigned char>(c));
  while (symbols.size() > 1) {
    int32_t best_rank = std::numeric_limits<int32_t>::max();
    for (size_t i = 0; i + 1 < symbols.size(); ++i) {
      const auto it = rank_.find(pair_key(symbols[i], symbols[i + 1]));
      if (it != rank_.end() && it->second < best_rank) best_rank = it->second;
    }
    if (best_rank == std::numeric_limits<int32_t>::max()) break;
    const auto [left, right] = merges_[static_cast<size_t>(best_rank)];
    const int32_t merged = kFirstMerge + best_rank;
    size_t write = 0;
    for (size_t read = 0; read < symbols.size(); ++read) {
      if (read + 1 < symbols.size() && symbols[read] == left && symbols[read + 1] == right) {
        symbols[write++] = merged;
        ++read;
      } else {
        symbols[write++] = symbols[read];
      }
    }
    symbols.resize(write);
  }
  out.insert(out.end(), symbols.begin(), symbols.end());
}

std::vector<int32_t> BpeTokenizer::encode(const std::string& text) const {
  std::vector<int32_t> ids;
  for (const std::string& chunk : split_chunks(lowercase_ ? lowercase_ascii(text) : text)) encode_chunk(chunk, ids);
  return ids;
}

std::string BpeTokenizer::decode(const std::vector<int32_t>& ids) const {
  std::string out;
  for (int32_t id : ids) out += token_bytes(id);
  return out;
}

std::string BpeTokenizer::token_bytes(int32_t id) const {
  if (id < kNumSpecial || id >= vocab_size()) return "";
  return bytes_[static_cast<size_t>(id)];
}

std::string BpeTokenizer::serialize() const {
  std::string out = "modelsat-bpe-tokenizer 1\nlowercase " + std::string(lowercase_ ? "1" : "0") + "\nmerges " +
                    std::to_string(merges_.size()) + "\n";
  for (const auto& [left, right] : merges_) out += std::to_string(left) + " " + std::to_string(right) + "\n";
  return out;
}

std::string BpeTokenizer::fingerprint() const { return "bpe-" + hex64(fnv1a(serialize())); }

}  // namespace modelsat::text
