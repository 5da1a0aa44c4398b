// backbone/tiny_transformer: shapes, causal masking, padding invariance, rotary positions, state-file errors.
#include "model_sat_support.h"
#include "temp_dir.h"

#include "modelsat/atomic_file.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>

using modelsat::ComponentKind;

namespace {

/// Differences from reordered floating-point sums only.
constexpr double kTolerance = 1e-5;

modelsat::BackboneHandle tiny(const nlohmann::json& config, int64_t input_dim = 0) {
  modelsat::CreateContext context;
  context.input_dim = input_dim;
  context.seed = 3;
  modelsat::BackboneHandle backbone(modelsat::test::component(ComponentKind::backbone, "tiny_transformer"), config,
                                    context, "test");
  backbone.set_training(false);
  return backbone;
}

at::Tensor inputs(int64_t n, int64_t t, int64_t d, double offset = 0.0) {
  return at::sin(at::arange(n * t * d, at::kFloat).view({n, t, d}) * 0.37 + offset);
}

}  // namespace

TEST_CASE("backbone/tiny_transformer: [n, t, in] -> [n, t, width], with an input projection when in != width",
          "[model_sat]") {
  auto backbone = tiny({{"width", 32}, {"heads", 4}}, 12);
  CHECK(backbone.input_dim() == 12);
  CHECK(backbone.hidden_dim() == 32);
  const at::Tensor hidden = backbone.forward(inputs(2, 7, 12), at::ones({2, 7}, at::kBool));
  CHECK(hidden.sizes() == at::IntArrayRef({2, 7, 32}));
  CHECK(at::isfinite(hidden).all().item<bool>());
}

TEST_CASE("backbone/tiny_transformer: future tokens do not change past outputs (learned and rotary)", "[model_sat]") {
  for (const char* positions : {"learned", "rotary"}) {
    auto backbone = tiny({{"width", 32}, {"positions", positions}});
    const at::Tensor mask = at::ones({1, 8}, at::kBool);
    const at::Tensor a = inputs(1, 8, 32);
    at::Tensor b = a.clone();
    b.narrow(1, 5, 3).copy_(inputs(1, 3, 32, 1.0));
    const at::Tensor ha = backbone.forward(a, mask), hb = backbone.forward(b, mask);
    CHECK((ha.narrow(1, 0, 5) - hb.narrow(1, 0, 5)).abs().max().item<double>() < kTolerance);
    CHECK((ha.narrow(1, 5, 3) - hb.narrow(1, 5, 3)).abs().max().item<double>() > 1e-3);
  }
}

TEST_CASE("backbone/tiny_transformer: left padding leaves real positions unchanged", "[model_sat]") {
  for (const char* positions : {"learned", "rotary"}) {
    auto backbone = tiny({{"width", 32}, {"positions", positions}});
    const at::Tensor x = inputs(1, 6, 32);
    const at::Tensor plain = backbone.forward(x, at::ones({1, 6}, at::kBool));
    at::Tensor padded_x = at::cat({at::full({1, 3, 32}, 7.0), x}, 1);
    at::Tensor mask = at::ones({1, 9}, at::kBool);
    mask.narrow(1, 0, 3).fill_(false);
    const at::Tensor padded = backbone.forward(padded_x, mask).narrow(1, 3, 6);
    CHECK((plain - padded).abs().max().item<double>() < kTolerance);
  }
}

TEST_CASE("backbone/tiny_transformer: too long, another config, corrupted: clear errors", "[model_sat]") {
  auto backbone = tiny({{"width", 32}, {"context", 8}});
  CHECK_THROWS_WITH(backbone.forward(inputs(1, 9, 32), at::ones({1, 9}, at::kBool)),
                    Catch::Contains("sequence longer than the context (expected <= 8 positions, got 9)"));
  CHECK_THROWS_WITH(tiny({{"width", 30}, {"heads", 4}}), Catch::Contains("width must be divisible by heads"));
  modelsat::test::TempDir dir;
  backbone.save(dir.file("bb.state"));
  auto other = tiny({{"width", 32}, {"context", 16}});
  CHECK_THROWS_WITH(other.load(dir.file("bb.state")), Catch::Contains("checkpoint from another config"));
  std::string bytes = modelsat::read_file(dir.file("bb.state"));
  bytes[bytes.size() - 100] = static_cast<char>(bytes[bytes.size() - 100] ^ 0x5A);
  modelsat::write_file_atomic(dir.file("corrupt.state"), bytes);
  CHECK_THROWS_WITH(backbone.load(dir.file("corrupt.state")), Catch::Contains("checksum mismatch"));
}

TEST_CASE("backbone/tiny_transformer: a shared prefix run once gives forward()'s outputs on every [prefix; continuation] "
          "row (learned and rotary, padded, with an input projection)",
          "[model_sat]") {
  for (const char* positions : {"learned", "rotary"}) {
    auto backbone = tiny({{"width", 32}, {"heads", 4}, {"positions", positions}}, 12);
    const int64_t n = 2, p = 5, c = 3, s = 3;
    const at::Tensor prefix = inputs(n, p, 12);
    at::Tensor prefix_mask = at::ones({n, p}, at::kBool);
    prefix_mask[1].narrow(0, 0, 2).fill_(false);  // the second prefix is left-padded
    const at::Tensor continuations = inputs(n * c, s, 12, 2.0).view({n, c, s, 12});
    at::Tensor mask = at::ones({n, c, s}, at::kBool);
    mask[1][2][0] = false;  // one continuation is left-padded too
    const at::Tensor reused = backbone.forward_shared_prefix(prefix, prefix_mask, continuations, mask);
    REQUIRE(reused.sizes() == at::IntArrayRef({n, c, s, 32}));
    const at::Tensor by_rows = backbone.get()->Backbone::forward_shared_prefix(prefix, prefix_mask, continuations, mask);
    for (int64_t i = 0; i < n; ++i) {
      for (int64_t j = 0; j < c; ++j) {
        const at::Tensor row = at::cat({prefix[i], continuations[i][j]}, 0).unsqueeze(0);
        const at::Tensor row_mask = at::cat({prefix_mask[i], mask[i][j]}, 0).unsqueeze(0);
        const at::Tensor expected = backbone.forward(row, row_mask).narrow(1, p, s)[0];
        const at::Tensor real = mask[i][j].unsqueeze(-1);
        CHECK(((reused[i][j] - expected) * real).abs().max().item<double>() < kTolerance);
        CHECK(((by_rows[i][j] - expected) * real).abs().max().item<double>() < kTolerance);
      }
    }
    // Another prefix changes the continuations: they do read it.
    const at::Tensor other = backbone.forward_shared_prefix(inputs(n, p, 12, 1.0), prefix_mask, continuations, mask);
    CHECK((other - reused).abs().max().item<double>() > 1e-3);
  }
}

TEST_CASE("backbone/tiny_transformer: shared-prefix shapes and lengths: clear errors", "[model_sat]") {
  auto backbone = tiny({{"width", 32}, {"context", 8}});
  const at::Tensor prefix = inputs(2, 5, 32);
  const at::Tensor prefix_mask = at::ones({2, 5}, at::kBool);
  CHECK_THROWS_WITH(backbone.forward_shared_prefix(prefix, prefix_mask, inputs(2, 4, 32).view({2, 1, 4, 32}),
                                                   at::ones({2, 1, 4}, at::kBool)),
                    Catch::Contains("prefix and continuation longer than the context (expected <= 8 positions, got 5 + 4)"));
  CHECK_THROWS_WITH(backbone.forward_shared_prefix(prefix, prefix_mask, inputs(2, 3, 32).view({2, 1, 3, 32}),
                                                   at::ones({2, 3}, at::kBool)),
                    Catch::Contains("forward_shared_prefix: continuation mask disagrees with the continuations "
                                    "(expected [2, 1, 3], got prefix [2, 5, 32], prefix mask [2, 5], continuations "
                                    "[2, 1, 3, 32], mask [2, 3])"));
  CHECK_THROWS_WITH(backbone.forward_shared_prefix(prefix, prefix_mask, inputs(3, 3, 32).view({3, 1, 3, 32}),
                                                   at::ones({3, 1, 3}, at::kBool)),
                    Catch::Contains("bad continuation embeddings (expected [2, c >= 1, s >= 1, 32]"));
  CHECK_THROWS_WITH(backbone.forward_shared_prefix(prefix, at::ones({2, 4}, at::kBool),
                                                   inputs(2, 3, 32).view({2, 1, 3, 32}), at::ones({2, 1, 3}, at::kBool)),
                    Catch::Contains("prefix mask disagrees with the prefix (expected [2, 5]"));
}
