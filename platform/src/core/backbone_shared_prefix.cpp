// The Backbone's default shared-prefix forward: every [prefix; continuation] row through forward(), no reuse.
#include "shape_text.h"

#include <modelsat/backbone.h>
#include <modelsat/error.h>

#include <ATen/ATen.h>

namespace modelsat {

void check_shared_prefix_shapes(const std::string& where, int64_t width, const at::Tensor& prefix_embeds,
                                const at::Tensor& prefix_mask, const at::Tensor& embeds, const at::Tensor& mask) {
  const auto fail = [&](const std::string& what, const std::string& expected) {
    throw Error(where + ": forward_shared_prefix: " + what + " (expected " + expected + ", got prefix " +
                shape_text(prefix_embeds) + ", prefix mask " + shape_text(prefix_mask) + ", continuations " +
                shape_text(embeds) + ", mask " + shape_text(mask) + ")");
  };
  const std::string w = std::to_string(width);
  if (!prefix_embeds.defined() || prefix_embeds.dim() != 3 || prefix_embeds.size(2) != width ||
      prefix_embeds.size(1) < 1) {
    fail("bad prefix embeddings", "[n, p >= 1, " + w + "]");
  }
  const int64_t n = prefix_embeds.size(0), p = prefix_embeds.size(1);
  if (!prefix_mask.defined() || prefix_mask.dim() != 2 || prefix_mask.size(0) != n || prefix_mask.size(1) != p) {
    fail("prefix mask disagrees with the prefix", "[" + std::to_string(n) + ", " + std::to_string(p) + "]");
  }
  if (!embeds.defined() || embeds.dim() != 4 || embeds.size(0) != n || embeds.size(3) != width ||
      embeds.size(1) < 1 || embeds.size(2) < 1) {
    fail("bad continuation embeddings", "[" + std::to_string(n) + ", c >= 1, s >= 1, " + w + "]");
  }
  if (!mask.defined() || mask.dim() != 3 || mask.size(0) != n || mask.size(1) != embeds.size(1) ||
      mask.size(2) != embeds.size(2)) {
    fail("continuation mask disagrees with the continuations",
         "[" + std::to_string(n) + ", " + std::to_string(embeds.size(1)) + ", " + std::to_string(embeds.size(2)) + "]");
  }
}

at::Tensor Backbone::forward_shared_prefix(const at::Tensor& prefix_embeds, const at::Tensor& prefix_mask,
                                           const at::Tensor& embeds, const at::Tensor& mask) {
  check_shared_prefix_shapes("backbone", input_dim(), prefix_embeds, prefix_mask, embeds, mask);
  const int64_t n = embeds.size(0), c = embeds.size(1), s = embeds.size(2), p = prefix_embeds.size(1);
  const at::Tensor rows = at::cat({prefix_embeds.unsqueeze(1).expand({n, c, p, prefix_embeds.size(2)}), embeds}, 2);
  const at::Tensor rows_mask =
      at::cat({prefix_mask.to(at::kBool).unsqueeze(1).expand({n, c, p}), mask.to(at::kBool)}, 2);
  const at::Tensor hidden = forward(rows.reshape({n * c, p + s, embeds.size(3)}), rows_mask.reshape({n * c, p + s}));
  return hidden.narrow(1, p, s).reshape({n, c, s, hidden.size(-1)});
}

}  // namespace modelsat
