// The quantised causal pre-norm transformer of the runtime: int8 linear layers, float norms, attention and GELU.
#pragma once

#include "msq/format.h"
#include "msq/kernels.h"

#include <cstdint>
#include <string>
#include <vector>

namespace msq {

/// A linear layer with an int8 weight [out, in] (packed for the kernels) and a float bias [out].
struct Linear8 {
  PackedMatrix weight;
  std::vector<float> bias;
};

struct BlockWeights {
  std::vector<float> norm_attention_weight, norm_attention_bias, norm_ffn_weight, norm_ffn_bias;
  Linear8 qkv, out, up, down;
};

/// Layer-0 keys/queries/values of the rows every sequence of one decision shares (the rows after the capability
/// tokens: separator, instruction, separator, prompt sit at the same positions in every sequence).
struct SharedSuffix {
  int64_t first_row = 0;        ///< position of the first shared row
  std::vector<float> input;     ///< [rows, width] layer-0 input (embedding + learned position)
  std::vector<float> qkv;       ///< [rows, 3 * width] layer-0 q, k, v (rotated when positions are rotary)
};

/// Activation levels (kernels.h activation_levels) of the rows that meet the width-wide matrices (qkv, out, up) and
/// the FFN-wide one (down).
struct ActivationLevels {
  int32_t width = 127;
  int32_t ffn = 127;
};

/// Keys and values, at every layer, of the leading rows (positions 0..rows-1) that several sequences share: with a
/// causal backbone they do not depend on the rows after them.
struct PrefixCache {
  int64_t rows = 0;           ///< 0: an empty prefix (the sequence starts at position 0)
  std::vector<float> keys;    ///< [layers, heads, head_width, rows], transposed (rotated when positions are rotary)
  std::vector<float> values;  ///< [layers, heads, rows, head_width]
};

/// Read-only after construction (safe to share between threads). Mirrors
/// backbones/tiny_transformer/transformer_stack.cpp (eval mode): h += out(attn(ln(h))); h += down(gelu(up(ln(h))));
/// final layer norm. Positions are 0..t-1 (sequences are never padded here).
class Transformer {
 public:
  /// Takes the weights from file (see ModelFile for the names). Throws FormatError "<source>: tensor '<name>': ...".
  Transformer(const ModelFile& file, const std::string& source);

  int64_t width() const { return width_; }
  int64_t context() const { return context_; }

  /// The levels of activation_bits (8 or 16) for this model's row widths, computed once per decision and passed to
  /// the passes below. Throws std::invalid_argument for other widths (kernels.h activation_levels).
  ActivationLevels activation_levels_for(int activation_bits) const;

  /// The shared rows [first_row, first_row + rows) of every sequence: embeds [rows, width] (token embeddings).
  SharedSuffix share(const float* embeds, int64_t first_row, int64_t rows, const ActivationLevels& levels) const;
  /// Final hidden state [width] (after the final layer norm) of the last position of the sequence
  /// [head rows; suffix rows]: head: [suffix.first_row, width] embeddings of the leading rows.
  void last_hidden(const float* head, const SharedSuffix& suffix, const ActivationLevels& levels, float* out) const;

  /// The prefix rows embeds [rows, width] (token embeddings, positions 0..rows-1) run through every layer.
  PrefixCache cache_prefix(const float* embeds, int64_t rows, const ActivationLevels& levels) const;
  /// Final hidden states [sequences, width] of the last positions of the sequences [prefix rows; embeds rows]:
  /// embeds [sequences, rows, width] (token embeddings, rows >= 1) at positions prefix.rows.. attend over the prefix's
  /// cached keys and values and their own rows (never each other's); each result equals a pass over that whole
  /// sequence alone, bit for bit. The linear layers run over all sequences' rows at once. An empty prefix
  /// (PrefixCache{}) makes each a whole pass.
  void last_hidden(const PrefixCache& prefix, const float* embeds, int64_t rows, int64_t sequences,
                   const ActivationLevels& levels, float* out) const;

 private:
  /// Adds positions to rows [first, first + n) of x (learned positions only).
  void add_positions(float* x, int64_t first, int64_t n) const;
  /// Layer norm + quantisation of n rows of x into the scratch buffers, then qkv channels [first, last) of them.
  void project_qkv(const BlockWeights& block, const float* x, int64_t n, int64_t first_channel, int64_t last_channel,
                   const ActivationLevels& levels, float* qkv) const;
  /// q, k, v of n rows of h at positions first_position.. into qkv ([n, 3 * width], rotated); with only_last_query,
  /// the queries of the last row only (the keys and values of every row).
  void project_rows(const BlockWeights& block, const float* h, int64_t n, int64_t first_position, bool only_last_query,
                    const ActivationLevels& levels, float* qkv) const;
  /// Rotates the q and/or k parts of n rows of qkv ([n, 3 * width]) at positions first_position.. (rotary only).
  void rotate(float* qkv, int64_t first_position, int64_t n, bool queries, bool keys) const;
  /// One head's keys of n rows of qkv ([n, 3 * width]) transposed into keys ([head_width, n]: score loops then run
  /// across keys in SIMD lanes, each score summed in dot-product order) and its values into values ([n, head_width]).
  void split_head(const float* qkv, int64_t n, int64_t head, float* keys, float* values) const;
  /// Attention of n rows after the prefix (qkv: [n, 3 * width] of those rows): query rows [first_query, n) attend
  /// over the prefix's cached keys of layer, then the rows' own keys [0, query]; out: [n - first_query, width]. With an
  /// empty prefix (PrefixCache{}), plain causal attention over the n rows.
  void attend(const PrefixCache& prefix, int64_t layer, const float* qkv, int64_t n, int64_t first_query,
              float* out) const;
  /// h[rows] += out(attended); then h[rows] += down(gelu(up(ln(h[rows])))), for n rows.
  void finish_block(const BlockWeights& block, const float* attended, float* h, int64_t n,
                    const ActivationLevels& levels) const;

  int64_t width_, heads_, head_width_, context_, ffn_width_;
  bool rotary_;
  std::vector<float> position_;               ///< [context, width], learned positions
  std::vector<float> cos_, sin_;              ///< [context, head_width / 2], rotary positions
  std::vector<BlockWeights> blocks_;
  std::vector<float> norm_final_weight_, norm_final_bias_;
};

}  // namespace msq
