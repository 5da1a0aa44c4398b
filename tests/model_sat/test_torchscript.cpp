// encoder/torchscript and backbone/torchscript on TorchScript modules the test builds in C++, and their errors.
#include "model_sat_support.h"
#include "temp_dir.h"
#include "tiny_routing_set.h"

#include "modelsat/atomic_file.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>
#include <torch/csrc/jit/api/module.h>

using modelsat::ComponentKind;

namespace {

const char* const kVocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\nquestion\nabout\nphysics\nlaw\n.\n,\n##s\n";

/// forward(input_ids, attention_mask) -> [n, t, 8] token states from an embedding table.
void save_encoder_module(const std::string& path, bool pooled_output) {
  torch::jit::Module module("ToyEncoder");
  module.register_parameter("table", at::linspace(-1.0, 1.0, 13 * 8).view({13, 8}), /*is_buffer=*/false);
  module.define(pooled_output ? R"(
def forward(self, input_ids, attention_mask):
    return torch.embedding(self.table, input_ids).sum(1)
)"
                              : R"(
def forward(self, input_ids, attention_mask):
    return torch.embedding(self.table, input_ids) * attention_mask.unsqueeze(-1).float()
)");
  module.save(path);
}

void save_bad_shape_module(const std::string& path) {
  torch::jit::Module module("BadShape");
  module.define(R"(
def forward(self, input_ids, attention_mask):
    return input_ids.float().sum(1)
)");
  module.save(path);
}

/// forward(embeds [n,t,6], mask [n,t]) -> [n, t, 4]; input_dim attribute 6.
void save_backbone_module(const std::string& path, bool with_input_dim) {
  torch::jit::Module module("ToyBackbone");
  module.register_parameter("w", at::linspace(-0.5, 0.5, 24).view({6, 4}).requires_grad_(true), /*is_buffer=*/false);
  if (with_input_dim) module.register_attribute("input_dim", c10::IntType::get(), int64_t{6});
  module.define(R"(
def forward(self, embeds, mask):
    return torch.tanh(torch.matmul(embeds, self.w)) * mask.unsqueeze(-1).float()
)");
  module.save(path);
}

modelsat::EncoderHandle ts_encoder(const nlohmann::json& config) {
  return modelsat::EncoderHandle(modelsat::test::component(ComponentKind::encoder, "torchscript"), config,
                                 modelsat::CreateContext{}, "test");
}

modelsat::BackboneHandle ts_backbone(const nlohmann::json& config) {
  return modelsat::BackboneHandle(modelsat::test::component(ComponentKind::backbone, "torchscript"), config,
                                  modelsat::CreateContext{}, "test");
}

}  // namespace

TEST_CASE("encoder/torchscript: WordPiece + C++-built module: shape, determinism, pooling, round trip",
          "[model_sat]") {
  modelsat::test::TempDir dir;
  save_encoder_module(dir.file("enc.pt"), false);
  modelsat::write_file_atomic(dir.file("vocab.txt"), kVocab);
  const nlohmann::json config = {{"module", dir.file("enc.pt")}, {"tokenizer", dir.file("vocab.txt")}};
  const auto encoder = ts_encoder(config);
  CHECK(encoder.dim() == 8);
  const std::vector<std::string> texts = {"A question about physics.", "", "Questions about law, a zebra"};
  const at::Tensor e = encoder.encode(texts);
  CHECK(e.sizes() == at::IntArrayRef({3, 8}));
  CHECK(e[0].norm().item<double>() == Approx(1.0).epsilon(1e-5));
  CHECK(at::equal(e, encoder.encode(texts)));
  CHECK_FALSE(at::equal(e, ts_encoder({{"module", dir.file("enc.pt")}, {"tokenizer", dir.file("vocab.txt")},
                                       {"pooling", "cls"}}).encode(texts)));

  encoder.save(dir.file("enc.state"));
  auto restored = ts_encoder(config);
  restored.load(dir.file("enc.state"));
  CHECK(at::equal(e, restored.encode(texts)));
  CHECK(restored.cache_key() == encoder.cache_key());

  save_encoder_module(dir.file("pooled.pt"), true);
  CHECK(ts_encoder({{"module", dir.file("pooled.pt")}, {"tokenizer", dir.file("vocab.txt")}}).encode(texts).sizes() ==
        at::IntArrayRef({3, 8}));
}

TEST_CASE("encoder/torchscript: a file that does not load or gives the wrong shape is a clear error", "[model_sat]") {
  modelsat::test::TempDir dir;
  modelsat::write_file_atomic(dir.file("vocab.txt"), kVocab);
  modelsat::write_file_atomic(dir.file("garbage.pt"), "not a zip archive");
  CHECK_THROWS_WITH(ts_encoder({{"module", dir.file("garbage.pt")}, {"tokenizer", dir.file("vocab.txt")}}),
                    Catch::Contains("garbage.pt: cannot load TorchScript encoder"));
  save_bad_shape_module(dir.file("bad.pt"));
  CHECK_THROWS_WITH(ts_encoder({{"module", dir.file("bad.pt")}, {"tokenizer", dir.file("vocab.txt")}}),
                    Catch::Contains("wrong output shape (expected [1, dim] or [1, 3, dim], got [1])"));
  save_encoder_module(dir.file("enc.pt"), false);
  modelsat::write_file_atomic(dir.file("novocab.txt"), "a\nb\n");
  CHECK_THROWS_WITH(ts_encoder({{"module", dir.file("enc.pt")}, {"tokenizer", dir.file("novocab.txt")}}),
                    Catch::Contains("no [UNK] token"));
  CHECK_THROWS_WITH(ts_encoder({{"tokenizer", dir.file("vocab.txt")}}), Catch::Contains("module"));
}

TEST_CASE("backbone/torchscript: C++-built module: shapes, parameters, round trip, errors", "[model_sat]") {
  modelsat::test::TempDir dir;
  save_backbone_module(dir.file("bb.pt"), true);
  auto backbone = ts_backbone({{"module", dir.file("bb.pt")}});
  CHECK(backbone.input_dim() == 6);
  CHECK(backbone.hidden_dim() == 4);
  CHECK(backbone.parameters().size() == 1);
  const at::Tensor embeds = at::linspace(-1.0, 1.0, 2 * 5 * 6).view({2, 5, 6});
  const at::Tensor mask = at::ones({2, 5}, at::kBool);
  const at::Tensor hidden = backbone.forward(embeds, mask);
  CHECK(hidden.sizes() == at::IntArrayRef({2, 5, 4}));
  backbone.save(dir.file("bb.state"));
  auto restored = ts_backbone({{"module", dir.file("bb.pt")}});
  restored.load(dir.file("bb.state"));
  CHECK(at::equal(hidden, restored.forward(embeds, mask)));

  save_backbone_module(dir.file("noattr.pt"), false);
  CHECK_THROWS_WITH(ts_backbone({{"module", dir.file("noattr.pt")}}), Catch::Contains("unknown input width"));
  CHECK(ts_backbone({{"module", dir.file("noattr.pt")}, {"input_dim", 6}}).hidden_dim() == 4);
  modelsat::write_file_atomic(dir.file("garbage.pt"), "garbage");
  CHECK_THROWS_WITH(ts_backbone({{"module", dir.file("garbage.pt")}, {"input_dim", 6}}),
                    Catch::Contains("garbage.pt: cannot load TorchScript backbone"));
  CHECK_THROWS_WITH(ts_backbone({{"module", dir.file("bb.pt")}, {"input_dim", 5}}), Catch::Contains("forward failed"));
}

TEST_CASE("backbone/torchscript: Model-SAT trains through a user module and scores finitely", "[model_sat]") {
  modelsat::test::TempDir dir;
  save_backbone_module(dir.file("bb.pt"), true);
  auto backbone = ts_backbone({{"module", dir.file("bb.pt")}});
  const at::Tensor before = backbone.parameters().front().detach().clone();
  modelsat::CreateContext context;
  context.seed = 2;
  context.input_dim = 8;
  context.backbone = backbone.get();
  const nlohmann::json config = {{"inquiry_prompt", "yes or no"}, {"capability_width", 8},
                                 {"stage1_training", {{"epochs", 1}}}, {"stage2_training", {{"epochs", 2}}}};
  modelsat::RouterHandle router(modelsat::test::component(ComponentKind::router, "model_sat"), config, context, "test");
  const auto train = modelsat::test::make_tiny_routing_set(7, 48, 4, 3, 8);
  router.fit(train, nullptr);
  CHECK_FALSE(at::equal(before, backbone.parameters().front()));
  const at::Tensor scores = router.score(train.queries, train.candidates);
  CHECK(scores.sizes() == at::IntArrayRef({48, 4}));
  CHECK(at::isfinite(scores).all().item<bool>());
}
