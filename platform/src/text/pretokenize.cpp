// Lossless chunking of text for the BPE tokenizer, and ASCII lower-casing.
#include "modelsat/text/pretokenize.h"

namespace modelsat::text {
namespace {

enum class ByteClass { letter, digit, space, other };

ByteClass classify(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) return ByteClass::letter;
  if (c >= '0' && c <= '9') return ByteClass::digit;
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return ByteClass::space;
  return ByteClass::other;
}

}  // namespace

std::string lowercase_ascii(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string> split_chunks(const std::string& text) {
  std::vector<std::string> chunks;
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const size_t start = i;
    size_t j = i;
    if (text[i] == ' ' && i + 1 < n && classify(static_cast<unsigned char>(text[i + 1])) != ByteClass::space) ++j;
    const ByteClass cls = classify(static_cast<unsigned char>(text[j]));
    if (cls == ByteClass::letter) {
      size_t end = j;
      while (end < n && end - j < kMaxLetterRun && classify(static_cast<unsigned char>(text[end])) == ByteClass::letter) {
        ++end;
      }
      i = end;
    } else {
      i = j + 1;
    }
    chunks.push_back(text.substr(start, i - start));
  }
  return chunks;
}

}  // namespace modelsat::text
