// Loads either tokenizer file the platform reads: its own BPE file or a WordPiece vocab.txt, told apart by content.
#pragma once

#include "modelsat/text/tokenizer.h"

#include <memory>
#include <string>

namespace modelsat::text {

/// A file whose first line is "modelsat-bpe-tokenizer 1" is a BpeTokenizer (its own lowercase setting applies);
/// anything else is read as a WordPiece vocab.txt with the given lowercase setting. Throws IoError or DataError.
std::unique_ptr<Tokenizer> load_tokenizer_file(const std::string& path, bool lowercase);

/// The same for contents already read; where names the source in errors. Throws DataError.
std::unique_ptr<Tokenizer> parse_tokenizer(const std::string& contents, bool lowercase, const std::string& where);

}  // namespace modelsat::text
