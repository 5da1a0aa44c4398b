// Splits text into the chunks a subword tokenizer works inside; dependency-free (shared with the wasm runtime).
#pragma once

#include <string>
#include <vector>

namespace modelsat::text {

/// Lower-cases ASCII letters; other bytes (UTF-8 included) are kept as they are.
std::string lowercase_ascii(const std::string& text);

/// Lossless split used by the BPE tokenizer: concatenating the chunks gives text back. A chunk is an optional single
/// leading space followed by a run of letters (ASCII letters and every byte >= 0x80, at most kMaxLetterRun bytes), or
/// by one digit, or by one other printable byte; any other whitespace byte is a chunk of its own.
std::vector<std::string> split_chunks(const std::string& text);

/// Longest letter run kept in one chunk; longer runs are split (bounds the cost of encoding one chunk).
constexpr size_t kMaxLetterRun = 48;

}  // namespace modelsat::text
