// Reading and writing the BPE tokenizer's text file format, with line-numbered errors.
#include "modelsat/text/bpe_tokenizer.h"

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"

#include <sstream>

namespace modelsat::text {
namespace {

[[noreturn]] void fail(const std::string& where, size_t line, const std::string& what) {
  throw DataError(where + ":" + std::to_string(line) + ": " + what);
}

/// Reads "<key> <integer>" from one line.
int64_t keyed_integer(const std::string& line, const std::string& key, const std::string& where, size_t line_no) {
  std::istringstream in(line);
  std::string name;
  int64_t value = 0;
  std::string rest;
  if (!(in >> name >> value) || name != key || (in >> rest)) {
    fail(where, line_no, "not a BPE tokenizer file: bad header line (expected \"" + key + " <integer>\", got \"" +
                             line.substr(0, 60) + "\")");
  }
  return value;
}

}  // namespace

BpeTokenizer BpeTokenizer::parse(const std::string& contents, const std::string& where) {
  std::istringstream in(contents);
  std::string line;
  size_t line_no = 1;
  if (!std::getline(in, line) || line != "modelsat-bpe-tokenizer 1") {
    fail(where, line_no, "not a BPE tokenizer file (expected first line \"modelsat-bpe-tokenizer 1\", got \"" +
                             line.substr(0, 60) + "\")");
  }
  ++line_no;
  if (!std::getline(in, line)) fail(where, line_no, "truncated BPE tokenizer file (expected \"lowercase <0|1>\")");
  const int64_t lowercase = keyed_integer(line, "lowercase", where, line_no);
  if (lowercase != 0 && lowercase != 1) {
    fail(where, line_no, "bad lowercase flag (expected 0 or 1, got " + std::to_string(lowercase) + ")");
  }
  ++line_no;
  if (!std::getline(in, line)) fail(where, line_no, "truncated BPE tokenizer file (expected \"merges <M>\")");
  const int64_t n_merges = keyed_integer(line, "merges", where, line_no);
  if (n_merges < 0 || n_merges > 10'000'000) {
    fail(where, line_no, "bad merge count (expected 0..10000000, got " + std::to_string(n_merges) + ")");
  }
  BpeTokenizer tokenizer(lowercase == 1);
  for (int64_t i = 0; i < n_merges; ++i) {
    ++line_no;
    if (!std::getline(in, line)) {
      fail(where, line_no, "truncated BPE tokenizer file (expected " + std::to_string(n_merges) + " merges, got " +
                               std::to_string(i) + ")");
    }
    std::istringstream fields(line);
    int64_t left = -1, right = -1;
    std::string rest;
    if (!(fields >> left >> right) || (fields >> rest)) {
      fail(where, line_no, "bad merge line (expected \"<left id> <right id>\", got \"" + line.substr(0, 60) + "\")");
    }
    const int64_t limit = tokenizer.vocab_size();
    if (left < kNumSpecial || right < kNumSpecial || left >= limit || right >= limit) {
      fail(where, line_no, "merge refers to an unknown token (expected ids in " + std::to_string(kNumSpecial) + ".." +
                               std::to_string(limit - 1) + ", got " + std::to_string(left) + " " +
                               std::to_string(right) + ")");
    }
    tokenizer.add_merge(static_cast<int32_t>(left), static_cast<int32_t>(right));
  }
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty()) fail(where, line_no, "unexpected content after the last merge (got \"" + line.substr(0, 60) + "\")");
  }
  return tokenizer;
}

BpeTokenizer BpeTokenizer::load(const std::string& path) { return parse(read_file(path), path); }

void BpeTokenizer::save(const std::string& path) const { write_file_atomic(path, serialize()); }

}  // namespace modelsat::text
