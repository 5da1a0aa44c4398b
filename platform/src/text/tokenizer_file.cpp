// Opens a tokenizer file of either supported format, told apart by its first line.
#include "modelsat/text/tokenizer_file.h"

#include "modelsat/atomic_file.h"
#include "modelsat/text/bpe_tokenizer.h"
#include "modelsat/text/wordpiece_tokenizer.h"

namespace modelsat::text {

std::unique_ptr<Tokenizer> parse_tokenizer(const std::string& contents, bool lowercase, const std::string& where) {
  if (contents.rfind("modelsat-bpe-tokenizer", 0) == 0) {
    return std::make_unique<BpeTokenizer>(BpeTokenizer::parse(contents, where));
  }
  return std::make_unique<WordPieceTokenizer>(WordPieceTokenizer::parse(contents, lowercase, where));
}

std::unique_ptr<Tokenizer> load_tokenizer_file(const std::string& path, bool lowercase) {
  return parse_tokenizer(read_file(path), lowercase, path);
}

}  // namespace modelsat::text
