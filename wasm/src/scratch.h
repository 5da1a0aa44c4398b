// Per-thread work buffers that keep their capacity between decisions, so large ones are not fresh pages every time.
#pragma once

#include <cstddef>
#include <vector>

namespace msq {

/// The buffers of one decision's passes. Each function of the forward pass owns the slots it names and never calls
/// another function that uses them while it holds them.
enum class Scratch {
  batch,          // RouterModel::route: the candidates' sequences
  hidden,         // Transformer passes: the rows' hidden states
  qkv,            // Transformer passes: their queries, keys and values
  attended,       // Transformer passes: the attention outputs
  tails,          // Transformer::last_hidden: the last rows of the sequences in the last layer
  queries,        // Transformer::last_hidden: their queries
  head_keys,      // Transformer::attend: one head's keys, transposed
  head_values,    // Transformer::attend: one head's values
  head_weights,   // Transformer::attend: one query's attention weights
  quantized,      // int16 activation rows (project_qkv, finish_block)
  row_scales,     // their scales
  projected,      // Transformer::finish_block: the output and FFN projections
  down,           // Transformer::finish_block: the FFN's down projection
};

/// The calling thread's buffer for slot, resized to n values. Its contents are unspecified: callers write every value
/// they read. It lives as long as the thread, at the largest size it has had (a few MB for the largest routers).
template <typename T, Scratch slot>
std::vector<T>& scratch(size_t n) {
  thread_local std::vector<T> buffer;
  buffer.resize(n);
  return buffer;
}

}  // namespace msq
