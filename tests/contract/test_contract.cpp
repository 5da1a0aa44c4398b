// Contract tests: every registered encoder, backbone and router must satisfy what all of its kind promise.
#include "builtin_plugins.h"
#include "temp_dir.h"
#include "tiny_routing_set.h"

#include "modelsat/component_handles.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>

using modelsat::ComponentKind;
using modelsat::CreateContext;

namespace {

CreateContext context_for(int64_t input_dim, uint64_t seed) {
  CreateContext context;
  context.input_dim = input_dim;
  context.seed = seed;
  return context;
}

bool identical(const at::Tensor& a, const at::Tensor& b) { return a.sizes() == b.sizes() && at::equal(a, b); }

/// Components whose schema requires keys (a user-supplied file, e.g. a TorchScript module) cannot be created from
/// defaults; their own test suites build the files they need and run the same checks.
bool creatable_from_defaults(const modelsat::ComponentSpec& spec) {
  return spec.schema.json().value("required", nlohmann::json::array()).empty();
}

}  // namespace

TEST_CASE("contract: the built-in plugins register at least one router", "[contract]") {
  CHECK_FALSE(modelsat::test::builtin_plugins().components(ComponentKind::router).empty());
}

TEST_CASE("contract: every router fits, scores [n_queries, n_models] finitely, repeats and round-trips", "[contract]") {
  const auto train = modelsat::test::make_tiny_routing_set(7, 48, 4, 3, 8);
  const auto test = modelsat::test::make_tiny_routing_set(8, 20, 4, 3, 8);
  const int64_t dim = train.queries.embeddings.size(1);
  for (const auto* spec : modelsat::test::builtin_plugins().components(ComponentKind::router)) {
    if (!creatable_from_defaults(*spec)) continue;
    DYNAMIC_SECTION(spec->id()) {
      modelsat::RouterHandle first(*spec, nullptr, context_for(dim, 11), spec->id() + " defaults");
      first.fit(train, &test);
      const at::Tensor scores = first.score(test.queries, test.candidates);
      CHECK(scores.sizes() == at::IntArrayRef({20, 4}));
      CHECK(at::isfinite(scores).all().item<bool>());

      modelsat::RouterHandle second(*spec, nullptr, context_for(dim, 11), spec->id() + " defaults");
      second.fit(train, &test);
      CHECK(identical(scores, second.score(test.queries, test.candidates)));

      modelsat::test::TempDir dir;
      const std::string path = dir.file("router.state");
      first.save(path);
      modelsat::RouterHandle restored(*spec, nullptr, context_for(dim, 99), spec->id() + " defaults");
      restored.load(path);
      CHECK(identical(scores, restored.score(test.queries, test.candidates)));
    }
  }
}

TEST_CASE("contract: every encoder returns [n, dim] finite, deterministic embeddings and round-trips", "[contract]") {
  const std::vector<std::string> corpus = {"What is the derivative of x^2?", "Name the capital of France.",
                                           "Which enzyme digests starch?", "Solve 3x + 1 = 10."};
  const std::vector<std::string> sources = {"calculus", "geography", "biology", "algebra"};
  const std::vector<std::string> texts = {"A question about physics.", "", "Another, longer question about law."};
  for (const auto* spec : modelsat::test::builtin_plugins().components(ComponentKind::encoder)) {
    if (!creatable_from_defaults(*spec)) continue;
    DYNAMIC_SECTION(spec->id()) {
      modelsat::EncoderHandle encoder(*spec, nullptr, context_for(0, 5), spec->id() + " defaults");
      if (encoder.trainable()) encoder.fit(corpus, sources);
      const at::Tensor embeddings = encoder.encode(texts);
      CHECK(embeddings.sizes() == at::IntArrayRef({3, encoder.dim()}));
      CHECK(identical(embeddings, encoder.encode(texts)));
      CHECK_FALSE(encoder.cache_key().empty());

      modelsat::test::TempDir dir;
      encoder.save(dir.file("encoder.state"));
      modelsat::EncoderHandle restored(*spec, nullptr, context_for(0, 6), spec->id() + " defaults");
      restored.load(dir.file("encoder.state"));
      CHECK(identical(embeddings, restored.encode(texts)));
      CHECK(restored.cache_key() == encoder.cache_key());
    }
  }
}

TEST_CASE("contract: every backbone maps [n, t, in] to [n, t, hidden] finitely and round-trips", "[contract]") {
  for (const auto* spec : modelsat::test::builtin_plugins().components(ComponentKind::backbone)) {
    if (!creatable_from_defaults(*spec)) continue;
    DYNAMIC_SECTION(spec->id()) {
      modelsat::BackboneHandle backbone(*spec, nullptr, context_for(0, 5), spec->id() + " defaults");
      backbone.set_training(false);
      at::Tensor embeds = at::linspace(-1.0, 1.0, 2 * 5 * backbone.input_dim()).view({2, 5, backbone.input_dim()});
      at::Tensor mask = at::ones({2, 5}, at::kBool);
      mask[1][4] = false;
      const at::Tensor hidden = backbone.forward(embeds, mask);
      CHECK(at::isfinite(hidden).all().item<bool>());
      CHECK_FALSE(backbone.parameters().empty());

      modelsat::test::TempDir dir;
      backbone.save(dir.file("backbone.state"));
      modelsat::BackboneHandle restored(*spec, nullptr, context_for(0, 6), spec->id() + " defaults");
      restored.load(dir.file("backbone.state"));
      restored.set_training(false);
      CHECK(identical(hidden, restored.forward(embeds, mask)));
    }
  }
}

TEST_CASE("contract: every backbone's shared-prefix forward equals forward() on the whole rows", "[contract]") {
  for (const auto* spec : modelsat::test::builtin_plugins().components(ComponentKind::backbone)) {
    if (!creatable_from_defaults(*spec)) continue;
    DYNAMIC_SECTION(spec->id()) {
      modelsat::BackboneHandle backbone(*spec, nullptr, context_for(0, 5), spec->id() + " defaults");
      backbone.set_training(false);
      const int64_t d = backbone.input_dim(), n = 2, p = 4, c = 3, s = 2;
      const at::Tensor prefix = at::sin(at::arange(n * p * d, at::kFloat).view({n, p, d}) * 0.3);
      const at::Tensor continuations = at::cos(at::arange(n * c * s * d, at::kFloat).view({n, c, s, d}) * 0.7);
      at::Tensor prefix_mask = at::ones({n, p}, at::kBool);
      prefix_mask[0][0] = false;
      const at::Tensor mask = at::ones({n, c, s}, at::kBool);
      const at::Tensor shared = backbone.forward_shared_prefix(prefix, prefix_mask, continuations, mask);
      REQUIRE(shared.sizes() == at::IntArrayRef({n, c, s, backbone.hidden_dim()}));
      for (int64_t i = 0; i < n; ++i) {
        for (int64_t j = 0; j < c; ++j) {
          const at::Tensor whole = backbone.forward(at::cat({prefix[i], continuations[i][j]}).unsqueeze(0),
                                                    at::cat({prefix_mask[i], mask[i][j]}).unsqueeze(0));
          CHECK((shared[i][j] - whole[0].narrow(0, p, s)).abs().max().item<double>() < 1e-4);
        }
      }
    }
  }
}
