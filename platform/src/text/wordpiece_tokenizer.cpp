// WordPiece encode (BERT basic tokenization + greedy longest match): standard library only, no exceptions.
#include "modelsat/text/wordpiece_tokenizer.h"

#include "modelsat/text/fnv1a.h"
#include "modelsat/text/pretokenize.h"

namespace modelsat::text {
namespace {

constexpr size_t kMaxWordBytes = 100;

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }
bool is_punct(unsigned char c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

int32_t find_or(const std::unordered_map<std::string, int32_t>& ids, const std::string& token) {
  const auto it = ids.find(token);
  return it == ids.end() ? -1 : it->second;
}

}  // namespace

void WordPieceTokenizer::encode_word(const std::string& word, std::vector<int32_t>& out) const {
  if (word.size() > kMaxWordBytes) {
    out.push_back(specials_.unk);
    return;
  }
  std::vector<int32_t> pieces;
  size_t start = 0;
  while (start < word.size()) {
    int32_t found = -1;
    size_t end = word.size();
    for (; end > start; --end) {
      const std::string piece = (start > 0 ? "##" : "") + word.substr(start, end - start);
      found = find_or(ids_, piece);
      if (found >= 0) break;
    }
    if (found < 0) {
      out.push_back(specials_.unk);
      return;
    }
    pieces.push_back(found);
    start = end;
  }
  out.insert(out.end(), pieces.begin(), pieces.end());
}

std::vector<int32_t> WordPieceTokenizer::encode(const std::string& text) const {
  const std::string normalised = lowercase_ ? lowercase_ascii(text) : text;
  std::vector<int32_t> ids;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) encode_word(word, ids);
    word.clear();
  };
  for (char ch : normalised) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_space(c)) {
      flush();
    } else if (is_control(c)) {
      continue;
    } else if (is_punct(c)) {
      flush();
      word.push_back(ch);
      flush();
    } else {
      word.push_back(ch);
    }
  }
  flush();
  return ids;
}

std::string WordPieceTokenizer::fingerprint() const {
  uint64_t hash = fnv1a(lowercase_ ? "wordpiece-lower" : "wordpiece-cased");
  for (const std::string& token : tokens_) hash = fnv1a(token + "\n", hash);
  return "wordpiece-" + hex64(hash);
}

}  // namespace modelsat::text
