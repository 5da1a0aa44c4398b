// Hashed n-gram features: word splitting, character and word n-grams, signed buckets, L2 normalisation.
#include "hashing_features.h"

#include "modelsat/text/fnv1a.h"
#include "modelsat/text/pretokenize.h"

#include <cmath>

namespace modelsat::hashing {
namespace {

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (is_word_byte(static_cast<unsigned char>(c))) {
      word.push_back(c);
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

void add(std::vector<double>& buckets, const std::string& feature) {
  const uint64_t hash = text::fnv1a(feature);
  const double sign = (hash >> 63) != 0 ? -1.0 : 1.0;
  buckets[hash % buckets.size()] += sign;
}

}  // namespace

std::vector<float> hash_features(const std::string& text, const HashingOptions& options) {
  std::vector<double> buckets(static_cast<size_t>(options.dim), 0.0);
  const std::vector<std::string> words = split_words(options.lowercase ? text::lowercase_ascii(text) : text);
  if (options.char_ngram_min > 0) {
    for (const std::string& word : words) {
      const std::string padded = " " + word + " ";
      for (int64_t n = options.char_ngram_min; n <= options.char_ngram_max; ++n) {
        for (size_t start = 0; start + static_cast<size_t>(n) <= padded.size(); ++start) {
          add(buckets, "c:" + padded.substr(start, static_cast<size_t>(n)));
        }
      }
    }
  }
  if (options.word_ngram_min > 0) {
    for (int64_t n = options.word_ngram_min; n <= options.word_ngram_max; ++n) {
      for (size_t start = 0; start + static_cast<size_t>(n) <= words.size(); ++start) {
        std::string gram = "w:" + words[start];
        for (size_t i = 1; i < static_cast<size_t>(n); ++i) gram += " " + words[start + i];
        add(buckets, gram);
      }
    }
  }
  double norm = 0.0;
  for (double& value : buckets) {
    if (options.sublinear_tf) value = (value < 0 ? -1.0 : 1.0) * std::log1p(std::fabs(value));
    norm += value * value;
  }
  norm = std::sqrt(norm);
  std::vector<float> out(buckets.size(), 0.0F);
  if (norm > 0.0) {
    for (size_t i = 0; i < buckets.size(); ++i) out[i] = static_cast<float>(buckets[i] / norm);
  }
  return out;
}

std::string describe(const HashingOptions& o) {
  return "dim=" + std::to_string(o.dim) + ",char=" + std::to_string(o.char_ngram_min) + "-" +
         std::to_string(o.char_ngram_max) + ",word=" + std::to_string(o.word_ngram_min) + "-" +
         std::to_string(o.word_ngram_max) + ",lower=" + (o.lowercase ? "1" : "0") +
         ",sublinear=" + (o.sublinear_tf ? "1" : "0");
}

}  // namespace modelsat::hashing
