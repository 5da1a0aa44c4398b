// Parsing a WordPiece vocab.txt, with errors naming the file and line.
#include "modelsat/text/wordpiece_tokenizer.h"

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"

#include <sstream>

namespace modelsat::text {
namespace {

int32_t find_or(const std::unordered_map<std::string, int32_t>& ids, const std::string& token) {
  const auto it = ids.find(token);
  return it == ids.end() ? -1 : it->second;
}

}  // namespace

WordPieceTokenizer WordPieceTokenizer::parse(const std::string& vocab, bool lowercase, const std::string& where) {
  WordPieceTokenizer tokenizer;
  tokenizer.lowercase_ = lowercase;
  std::istringstream in(vocab);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto id = static_cast<int32_t>(tokenizer.tokens_.size());
    if (!tokenizer.ids_.emplace(line, id).second) {
      throw DataError(where + ":" + std::to_string(id + 1) + ": not a WordPiece vocabulary: token \"" + line +
                      "\" appears twice (expected one token per line, each once)");
    }
    tokenizer.tokens_.push_back(line);
  }
  if (tokenizer.tokens_.empty()) {
    throw DataError(where + ": not a WordPiece vocabulary: the file is empty (expected one token per line)");
  }
  tokenizer.specials_ = SpecialIds{find_or(tokenizer.ids_, "[PAD]"), find_or(tokenizer.ids_, "[UNK]"),
                                   find_or(tokenizer.ids_, "[CLS]"), find_or(tokenizer.ids_, "[SEP]"),
                                   find_or(tokenizer.ids_, "[MASK]")};
  if (tokenizer.specials_.unk < 0) {
    throw DataError(where + ": not a WordPiece vocabulary: no [UNK] token (expected a line \"[UNK]\", got " +
                    std::to_string(tokenizer.tokens_.size()) + " tokens without it)");
  }
  return tokenizer;
}

WordPieceTokenizer WordPieceTokenizer::load(const std::string& path, bool lowercase) {
  return parse(read_file(path), lowercase, path);
}

}  // namespace modelsat::text
