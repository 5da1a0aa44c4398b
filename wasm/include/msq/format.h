// The .msq router file (one definition shared by the exporter and the runtime): layout, contents, (de)serialisation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace msq {

/// File layout (all integers little-endian):
///   [0, 8)    magic "MSQROUTE"
///   [8, 12)   u32 format version (kFormatVersion)
///   [12, 16)  u32 J = length of the metadata JSON
///   [16, 24)  u64 B = length of the tensor blob
///   [24, 24+J)        metadata JSON (UTF-8): see ModelFile and the keys in format.cpp
///   [24+J, 24+J+B)    tensor blob: every tensor at the byte offset the metadata gives it
///   last 8 bytes      u64 FNV-1a 64 checksum of every byte before it
/// A float tensor is float32 values, row-major. An int8 tensor ("q8") of shape [rows, cols] is rows float32 scales
/// followed by rows * cols int8 values: value = q * scale[row] (symmetric, per output channel).
inline constexpr char kMagic[8] = {'M', 'S', 'Q', 'R', 'O', 'U', 'T', 'E'};
inline constexpr uint32_t kFormatVersion = 2;  ///< 2: settings.sequence_order
inline constexpr size_t kHeaderSize = 24;
inline constexpr size_t kChecksumSize = 8;

/// A file that cannot be read as a router: the message names the source and the reason in one line, e.g.
/// "model.msq: not a modelsat router file (bad magic)".
struct FormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A float32 tensor, row-major.
struct FloatTensor {
  std::vector<int64_t> shape;
  std::vector<float> values;
};

/// A [rows, cols] matrix quantised per row (an output channel of a linear layer): w[r][c] ~= q[r * cols + c] * scales[r].
struct QuantMatrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<float> scales;  ///< [rows], > 0
  std::vector<int8_t> q;      ///< [rows * cols], in [-127, 127]
};

/// Symmetric per-row int8 quantisation of a row-major [rows, cols] float matrix: scale = max|row| / 127 (1 for an
/// all-zero row), q = round(w / scale).
QuantMatrix quantize_rows(const float* values, int64_t rows, int64_t cols);

/// A candidate model as the file lists it.
struct ModelEntry {
  std::string name;
  double cost = 0.0;
  std::vector<float> aptitude;  ///< [n_tasks] accuracies in [0, 1]
};

/// What the runtime needs of the router's config (the built-in causal transformer backbone).
struct RouterSettings {
  std::string capability = "per_task";  ///< "per_task" (one token per task) or "pooled" (their mean, one token)
  int64_t capability_width = 64;        ///< width of psi's output
  bool connector_mlp = false;           ///< connector = linear, or linear -> gelu -> linear ("connector_out")
  std::string score_output = "probability";  ///< "probability" (mean of sigmoids) or "logit" (mean of logits)
  int64_t routing_shuffles = 1;         ///< task orders averaged per decision
  uint64_t seed = 0;                    ///< the router's seed (task orders come from it)
  int64_t max_instruction_tokens = 64;
  std::string inquiry_prompt;
  int64_t layers = 2;
  int64_t width = 64;
  int64_t heads = 4;
  int64_t context = 160;
  int64_t ffn_multiplier = 4;
  std::string positions = "learned";    ///< "learned" or "rotary"
  /// "capability_first": [capability tokens][SEP][instruction][SEP][prompt]; "instruction_first":
  /// [instruction][SEP][capability tokens][SEP][prompt] (the instruction's keys/values are then shared by candidates);
  /// "capability_last": [instruction][SEP][prompt][SEP][capability tokens] (everything but the capability tokens is
  /// shared).
  std::string sequence_order = "capability_first";
};

/// Everything a .msq file holds. Tensor names (float unless noted): token_embedding [vocab, width]; position [context,
/// width] (learned positions only); psi.first.weight [cw, 2 * width + 1], psi.first.bias, psi.second.weight [cw, cw],
/// psi.second.bias; connector.weight, connector.bias (+ connector_out.* with connector_mlp); for each block i:
/// blocks.<i>.norm_attention.{weight,bias}, blocks.<i>.norm_ffn.{weight,bias}, and the int8 matrices
/// blocks.<i>.{qkv,out,up,down} with float biases blocks.<i>.{qkv,out,up,down}.bias; norm_final.{weight,bias};
/// head.weight [1, width], head.bias [1].
struct ModelFile {
  uint32_t format_version = kFormatVersion;
  std::string router_id;                 ///< informative: the router's id in its experiment
  RouterSettings settings;
  bool lowercase = true;                 ///< the BPE tokenizer's settings and merges (modelsat/text/bpe_tokenizer.h)
  std::vector<std::pair<int32_t, int32_t>> merges;
  std::vector<std::string> tasks;        ///< [n_tasks] aptitude task descriptions
  std::vector<ModelEntry> models;        ///< the zoo the router was trained and evaluated on
  std::map<std::string, std::vector<std::string>> zoos;  ///< named zoos (model names from models)
  std::map<std::string, FloatTensor> floats;
  std::map<std::string, QuantMatrix> quants;
};

/// The file's bytes. Throws std::invalid_argument when a value cannot be written (non-finite float in metadata).
std::vector<uint8_t> serialize(const ModelFile& file);

/// Reads and checks a file: magic, version, lengths, checksum, metadata (every key known and typed), tensor bounds.
/// source names the file in messages. Throws FormatError "<source>: <what> (expected X, got Y)".
ModelFile parse(const uint8_t* data, size_t size, const std::string& source);

}  // namespace msq
