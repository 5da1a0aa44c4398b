// BPE training: count chunks, then repeatedly merge the most frequent adjacent pair (incremental pair counts).
#include "modelsat/text/bpe_tokenizer.h"

#include "modelsat/error.h"
#include "modelsat/text/pretokenize.h"

#include <map>
#include <unordered_map>

namespace modelsat::text {
namespace {

uint64_t pair_key(int32_t left, int32_t right) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}

struct Word {
  std::vector<int32_t> symbols;
  int64_t count = 0;
};

/// Adds sign * count to every adjacent pair of word; records the word under each pair when adding.
void count_pairs(const Word& word, int32_t index, int64_t sign, std::unordered_map<uint64_t, int64_t>& counts,
                 std::unordered_map<uint64_t, std::vector<int32_t>>& where) {
  for (size_t i = 0; i + 1 < word.symbols.size(); ++i) {
    const uint64_t key = pair_key(word.symbols[i], word.symbols[i + 1]);
    counts[key] += sign * word.count;
    if (sign > 0) where[key].push_back(index);
  }
}

bool contains_pair(const std::vector<int32_t>& symbols, int32_t left, int32_t right) {
  for (size_t i = 0; i + 1 < symbols.size(); ++i) {
    if (symbols[i] == left && symbols[i + 1] == right) return true;
  }
  return false;
}

}  // namespace

BpeTokenizer BpeTokenizer::train(const std::vector<std::string>& corpus, const BpeTrainOptions& options) {
  if (options.vocab_size < kFirstMerge) {
    throw ConfigError("bpe tokenizer: train: vocab_size too small (expected >= " + std::to_string(kFirstMerge) +
                      ", got " + std::to_string(options.vocab_size) + ")");
  }
  std::map<std::string, int64_t> chunk_counts;  // ordered: the word list, and so every tie-break, is deterministic
  for (const std::string& text : corpus) {
    for (std::string& chunk : split_chunks(options.lowercase ? lowercase_ascii(text) : text)) ++chunk_counts[chunk];
  }
  std::vector<Word> words;
  for (const auto& [chunk, count] : chunk_counts) {
    Word word;
    for (char c : chunk) word.symbols.push_back(kNumSpecial + static_cast<unsigned char>(c));
    word.count = count;
    words.push_back(std::move(word));
  }
  std::unordered_map<uint64_t, int64_t> counts;
  std::unordered_map<uint64_t, std::vector<int32_t>> where;
  for (size_t w = 0; w < words.size(); ++w) count_pairs(words[w], static_cast<int32_t>(w), 1, counts, where);

  BpeTokenizer tokenizer(options.lowercase);
  while (tokenizer.vocab_size() < options.vocab_size) {
    uint64_t best_key = 0;
    int64_t best_count = 0;
    for (const auto& [key, count] : counts) {
      if (count > best_count || (count == best_count && count > 0 && key < best_key)) {
        best_key = key;
        best_count = count;
      }
    }
    if (best_count < options.min_frequency || best_count <= 0) break;
    const auto left = static_cast<int32_t>(best_key >> 32);
    const auto right = static_cast<int32_t>(best_key & 0xFFFFFFFFULL);
    const int32_t merged = tokenizer.vocab_size();
    tokenizer.add_merge(left, right);
    std::vector<int32_t> affected = std::move(where[best_key]);
    where.erase(best_key);
    int32_t previous = -1;
    for (int32_t w : affected) {  // indices were appended in increasing order; skip repeats
      if (w == previous) continue;
      previous = w;
      Word& word = words[static_cast<size_t>(w)];
      if (!contains_pair(word.symbols, left, right)) continue;
      count_pairs(word, w, -1, counts, where);
      std::vector<int32_t> symbols;
      for (size_t i = 0; i < word.symbols.size(); ++i) {
        if (i + 1 < word.symbols.size() && word.symbols[i] == left && word.symbols[i + 1] == right) {
          symbols.push_back(merged);
          ++i;
        } else {
          symbols.push_back(word.symbols[i]);
        }
      }
      word.symbols = std::move(symbols);
      count_pairs(word, w, 1, counts, where);
    }
    counts.erase(best_key);
  }
  return tokenizer;
}

}  // namespace modelsat::text
