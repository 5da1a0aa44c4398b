// router/model_sat: learns to route on a synthetic set, onboards unseen models from aptitude alone, every ablation
// trains, and bad inputs and state files give clear errors.
#include "model_sat_support.h"
#include "temp_dir.h"
#include "tiny_routing_set.h"

#include "modelsat/atomic_file.h"

#include <ATen/ATen.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>

using modelsat::ComponentKind;

namespace {

/// Short prompt and few epochs: the tests check behaviour, not the paper's settings.
nlohmann::json fast_config() {
  return {{"inquiry_prompt", "can it answer? yes or no"},
          {"builtin_backbone", {{"width", 32}, {"heads", 2}, {"layers", 2}, {"context", 48}}},
          {"capability_width", 32},
          {"stage1_training", {{"epochs", 1}}},
          {"stage2_training", {{"epochs", 2}, {"batch_size", 32}}}};
}

modelsat::RouterHandle model_sat(const nlohmann::json& config, uint64_t seed = 1, int64_t input_dim = 8) {
  modelsat::CreateContext context;
  context.seed = seed;
  context.input_dim = input_dim;
  return modelsat::RouterHandle(modelsat::test::component(ComponentKind::router, "model_sat"), config, context, "test");
}

double column_mean(const at::Tensor& correct, int64_t m) { return correct.select(1, m).mean().item<double>(); }

}  // namespace

TEST_CASE("router/model_sat: learns to route on a synthetic set and onboards unseen models", "[model_sat]") {
  const auto all = modelsat::test::make_tiny_routing_set(5, 1000, 10, 3, 8);
  const auto train = modelsat::test::slice_rows(all, 0, 700);
  const auto validation = modelsat::test::slice_rows(all, 700, 800);
  const auto test = modelsat::test::slice_rows(all, 800, 1000);

  nlohmann::json config = fast_config();
  config["stage2_training"] = {{"epochs", 8}, {"batch_size", 32}, {"learning_rate", 3e-3}};
  const auto start = std::chrono::steady_clock::now();
  auto router = model_sat(config);
  router.fit(train, &validation);
  const at::Tensor scores = router.score(test.queries, test.candidates);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  int64_t best_train = 0;
  for (int64_t m = 1; m < train.candidates.size(); ++m) {
    if (column_mean(train.correct, m) > column_mean(train.correct, best_train)) best_train = m;
  }
  const double routed = modelsat::test::routing_accuracy(scores, test.correct);
  const double random = test.correct.mean().item<double>();
  const double best_single = column_mean(test.correct, best_train);
  const double oracle = std::get<0>(test.correct.max(1)).mean().item<double>();
  std::cout << "model_sat synthetic: routed " << routed << ", best single " << best_single << ", random " << random
            << ", oracle " << oracle << ", fit+score " << seconds << " s\n";
  CHECK(routed > random + 0.2);
  CHECK(routed > best_single);

  // Onboarding: two models never seen in training, described only by their aptitude results.
  modelsat::CandidateSet zoo = test.candidates;
  modelsat::ModelCard strong{"unseen_strong", 1.0, std::vector<float>(3, 0.95F)};
  modelsat::ModelCard weak{"unseen_weak", 1.0, std::vector<float>(3, 0.05F)};
  zoo.models.push_back(strong);
  zoo.models.push_back(weak);
  const at::Tensor onboarded = router.score(test.queries, zoo);
  CHECK(onboarded.sizes() == at::IntArrayRef({200, 12}));
  const double strong_mean = onboarded.select(1, 10).mean().item<double>();
  const double weak_mean = onboarded.select(1, 11).mean().item<double>();
  std::cout << "model_sat onboarding: unseen strong " << strong_mean << ", unseen weak " << weak_mean << "\n";
  CHECK(strong_mean > weak_mean + 0.1);
  CHECK((onboarded.narrow(1, 0, 10) - scores).abs().max().item<double>() < 1e-5);
}

TEST_CASE("router/model_sat: every ablation and remedy trains and scores finitely", "[model_sat]") {
  const auto train = modelsat::test::make_tiny_routing_set(7, 48, 4, 3, 8);
  const std::vector<nlohmann::json> variants = {
      {{"pointwise_weight", 0.0}},                       // the paper's group loss alone
      {{"group_mode", "instruction"}},                   // mixed-model groups
      {{"capability", "pooled"}, {"routing_shuffles", 1}},
      {{"capability", "source_weighted"}, {"instruction_input", "embedding"}},
      {{"capability", "text"}, {"builtin_backbone", {{"width", 32}, {"heads", 2}, {"layers", 1}, {"context", 192}}}},
      {{"instruction_input", "both"}, {"embedding_tokens", 2}, {"stage1", false}},
      {{"instruction_input", "embedding"}, {"score_output", "logit"}, {"connector", "mlp"}},
      {{"lm_pretraining", true}, {"lm_training", {{"epochs", 1}}}, {"group_size", 2},
       {"builtin_backbone", {{"width", 32}, {"heads", 2}, {"layers", 1}, {"context", 48}, {"positions", "rotary"}}}},
      {{"validation_metric", "routing_accuracy"}, {"stage2_training", {{"epochs", 2}, {"patience", 1}}}}};
  for (const auto& variant : variants) {
    nlohmann::json config = fast_config();
    config.merge_patch(variant);
    DYNAMIC_SECTION(variant.dump()) {
      auto router = model_sat(config);
      router.fit(train, &train);
      const at::Tensor scores = router.score(train.queries, train.candidates);
      CHECK(scores.sizes() == at::IntArrayRef({48, 4}));
      CHECK(at::isfinite(scores).all().item<bool>());
      CHECK(router.caps().uses_aptitude);
    }
  }
}

TEST_CASE("router/model_sat: bad aptitude results, empty and long instructions", "[model_sat]") {
  const auto train = modelsat::test::make_tiny_routing_set(7, 48, 4, 3, 8);
  auto router = model_sat(fast_config());
  CHECK_THROWS_WITH(router.score(train.queries, train.candidates), Catch::Contains("called before fit() or load()"));
  router.fit(train, nullptr);

  modelsat::CandidateSet short_zoo = train.candidates;
  short_zoo.models[1].aptitude.pop_back();
  CHECK_THROWS_WITH(router.score(train.queries, short_zoo),
                    Catch::Contains("model 'model_1': aptitude results of the wrong length (expected 3 task accuracies, got 2)"));
  modelsat::CandidateSet bad_zoo = train.candidates;
  bad_zoo.models[2].aptitude[0] = 1.5F;
  CHECK_THROWS_WITH(router.score(train.queries, bad_zoo), Catch::Contains("out of range (expected an accuracy in [0, 1]"));

  modelsat::QueryBatch odd;
  odd.ids = {"empty", "long"};
  odd.texts = {"", std::string(5000, 'x') + " question about topic 1"};
  odd.categories = {"", ""};
  odd.embeddings = at::zeros({2, 8});
  const at::Tensor scores = router.score(odd, train.candidates);  // empty: capability + prompt only; long: truncated
  CHECK(scores.sizes() == at::IntArrayRef({2, 4}));
  CHECK(at::isfinite(scores).all().item<bool>());
}

TEST_CASE("router/model_sat: state files round-trip; another config or a corrupted file is refused", "[model_sat]") {
  const auto train = modelsat::test::make_tiny_routing_set(7, 48, 4, 3, 8);
  auto router = model_sat(fast_config(), 4);
  router.fit(train, nullptr);
  modelsat::test::TempDir dir;
  router.save(dir.file("msat.state"));
  auto restored = model_sat(fast_config(), 99);
  restored.load(dir.file("msat.state"));
  CHECK(at::equal(router.score(train.queries, train.candidates), restored.score(train.queries, train.candidates)));

  nlohmann::json other = fast_config();
  other["capability_width"] = 16;
  auto mismatched = model_sat(other);
  CHECK_THROWS_WITH(mismatched.load(dir.file("msat.state")), Catch::Contains("checkpoint from another config"));
  std::string bytes = modelsat::read_file(dir.file("msat.state"));
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x21);
  modelsat::write_file_atomic(dir.file("corrupt.state"), bytes);
  CHECK_THROWS_WITH(restored.load(dir.file("corrupt.state")), Catch::Contains("checksum mismatch"));
}

TEST_CASE("router/model_sat: source_weighted pools psi by P(task | instruction), keeps its classifier, needs task names",
          "[model_sat]") {
  const auto all = modelsat::test::make_tiny_routing_set(9, 300, 4, 3, 8);
  const auto train = modelsat::test::slice_rows(all, 0, 240);
  const auto test = modelsat::test::slice_rows(all, 240, 300);
  nlohmann::json config = fast_config();
  config["capability"] = "source_weighted";
  config["stage2_training"] = {{"epochs", 8}, {"batch_size", 32}, {"learning_rate", 3e-3}};
  auto router = model_sat(config, 3);
  router.fit(train, nullptr);
  const at::Tensor scores = router.score(test.queries, test.candidates);
  CHECK(scores.sizes() == at::IntArrayRef({60, 4}));
  CHECK(at::isfinite(scores).all().item<bool>());

  // The capability token depends on the instruction's topic: a model's scores differ across topics, and a model whose
  // aptitude is high on one task only scores higher on that task's questions than on the others.
  modelsat::CandidateSet zoo = test.candidates;
  zoo.models.push_back(modelsat::ModelCard{"topic0_specialist", 1.0, {1.0F, 0.0F, 0.0F}});
  const at::Tensor specialist = router.score(test.queries, zoo).select(1, 4);
  double on_topic = 0, off_topic = 0;
  int64_t n_on = 0;
  for (int64_t q = 0; q < test.queries.size(); ++q) {
    const bool topic0 = test.queries.categories[static_cast<size_t>(q)] == "topic0";
    (topic0 ? on_topic : off_topic) += specialist[q].item<double>();
    n_on += topic0 ? 1 : 0;
  }
  on_topic /= static_cast<double>(n_on);
  off_topic /= static_cast<double>(test.queries.size() - n_on);
  std::cout << "model_sat source_weighted: topic-0 specialist scores " << on_topic << " on topic 0, " << off_topic
            << " elsewhere\n";
  CHECK(on_topic > off_topic);

  modelsat::test::TempDir dir;
  router.save(dir.file("weighted.state"));
  auto restored = model_sat(config, 77);
  restored.load(dir.file("weighted.state"));
  CHECK(at::equal(restored.score(test.queries, test.candidates), scores));
  modelsat::CandidateSet unnamed = test.candidates;  // a checkpoint's zoo: the training task names apply
  unnamed.task_names.clear();
  CHECK(at::equal(restored.score(test.queries, unnamed), scores));

  modelsat::CandidateSet renamed = test.candidates;
  renamed.task_names[0] = "another_source";
  CHECK_THROWS_WITH(router.score(test.queries, renamed),
                    Catch::Contains("capability \"source_weighted\": the candidates' aptitude tasks differ from "
                                    "training's at task 0 (expected 'source0', got 'another_source')"));
  modelsat::CandidateSet fewer = test.candidates;
  fewer.task_names.pop_back();
  CHECK_THROWS_WITH(router.score(test.queries, fewer),
                    Catch::Contains("differ from training's at task 2 (expected 'source2', got no task)"));
  auto untrained = model_sat(config);
  modelsat::RoutingSet nameless = train;
  nameless.candidates.task_names.clear();
  CHECK_THROWS_WITH(untrained.fit(nameless, nullptr),
                    Catch::Contains("capability \"source_weighted\" needs the aptitude tasks' source names (expected "
                                    "3 names, got 0)"));
  modelsat::RoutingSet foreign = train;
  for (std::string& source : foreign.sources) source = "elsewhere";
  CHECK_THROWS_WITH(untrained.fit(foreign, nullptr),
                    Catch::Contains("capability \"source_weighted\": no training question comes from an aptitude "
                                    "task's source (expected some of 3 task sources among the training sources)"));
  modelsat::RoutingSet unsourced = train;
  unsourced.sources.clear();
  CHECK_THROWS_WITH(untrained.fit(unsourced, nullptr),
                    Catch::Contains("capability \"source_weighted\" needs the training questions' sources (expected "
                                    "240, got 0)"));
}

TEST_CASE("router/model_sat: trains through a host-provided backbone and restores its weights", "[model_sat]") {
  const auto train = modelsat::test::make_tiny_routing_set(7, 48, 4, 3, 8);
  const auto& tiny = modelsat::test::component(ComponentKind::backbone, "tiny_transformer");
  const nlohmann::json backbone_config = {{"width", 32}, {"heads", 2}, {"layers", 1}};
  modelsat::CreateContext context;
  context.seed = 6;
  context.input_dim = 8;
  modelsat::BackboneHandle host(tiny, backbone_config, modelsat::CreateContext{}, "test");
  const at::Tensor before = host.parameters().front().detach().clone();
  context.backbone = host.get();
  modelsat::RouterHandle router(modelsat::test::component(ComponentKind::router, "model_sat"), fast_config(), context,
                                "test");
  router.fit(train, nullptr);
  CHECK_FALSE(at::equal(before, host.parameters().front()));  // stage 2 trained the host's backbone
  const at::Tensor scores = router.score(train.queries, train.candidates);
  CHECK(at::isfinite(scores).all().item<bool>());

  modelsat::test::TempDir dir;
  router.save(dir.file("msat.state"));
  modelsat::CreateContext backbone_context;
  backbone_context.seed = 77;
  modelsat::BackboneHandle fresh(tiny, backbone_config, backbone_context, "test");
  modelsat::CreateContext fresh_context = context;
  fresh_context.backbone = fresh.get();
  modelsat::RouterHandle restored(modelsat::test::component(ComponentKind::router, "model_sat"), fast_config(),
                                  fresh_context, "test");
  restored.load(dir.file("msat.state"));
  CHECK(at::equal(scores, restored.score(train.queries, train.candidates)));

  backbone_context.input_dim = 8;  // another backbone shape: an input projection adds parameters
  modelsat::BackboneHandle other(tiny, backbone_config, backbone_context, "test");
  fresh_context.backbone = other.get();
  modelsat::RouterHandle mismatched(modelsat::test::component(ComponentKind::router, "model_sat"), fast_config(),
                                    fresh_context, "test");
  CHECK_THROWS_WITH(mismatched.load(dir.file("msat.state")), Catch::Contains("Model-SAT state for another backbone"));
}

TEST_CASE("router/model_sat: per-model calibration maps each model's mean score to its held-out accuracy", "[model_sat]") {
  const auto all = modelsat::test::make_tiny_routing_set(11, 600, 6, 3, 8);
  const auto train = modelsat::test::slice_rows(all, 0, 400);
  const auto validation = modelsat::test::slice_rows(all, 400, 600);
  nlohmann::json config = fast_config();
  config["calibration"] = "per_model";
  config["routing_shuffles"] = 1;
  auto router = model_sat(config, 3);
  router.fit(train, &validation);
  const at::Tensor scores = router.score(validation.queries, validation.candidates);
  // Platt scaling fitted by maximum likelihood with an intercept makes the mean probability equal the observed rate
  // on the pairs it was fitted on (here every validation pair: 200 questions x 6 models < calibration_pairs), up to
  // the small ridge that pulls each map toward the identity.
  for (int64_t m = 0; m < 6; ++m) {
    CHECK(scores.select(1, m).mean().item<double>() == Approx(column_mean(validation.correct, m)).margin(0.03));
  }
  modelsat::test::TempDir dir;
  router.save(dir.file("calibrated.state"));
  auto restored = model_sat(config, 3);
  restored.load(dir.file("calibrated.state"));
  CHECK(at::equal(restored.score(validation.queries, validation.candidates), scores));

  // A model never seen in training gets the map fitted on every pair.
  modelsat::CandidateSet with_newcomer = validation.candidates;
  with_newcomer.models.push_back(with_newcomer.models.front());
  with_newcomer.models.back().name = "newcomer";
  const at::Tensor newcomer_scores = router.score(validation.queries, with_newcomer);
  CHECK(at::isfinite(newcomer_scores).all().item<bool>());
  CHECK_FALSE(at::allclose(newcomer_scores.select(1, 6), newcomer_scores.select(1, 0)));
}

TEST_CASE("router/model_sat: prefix reuse scores as the full sequences do, in both shared-prefix orders", "[model_sat]") {
  const auto train = modelsat::test::make_tiny_routing_set(7, 48, 4, 3, 8);
  const std::vector<nlohmann::json> variants = {
      {{"sequence_order", "instruction_first"}, {"score_batch", 10}},  // chunks of whole queries with a remainder
      {{"sequence_order", "capability_last"}, {"capability", "pooled"}},
      {{"sequence_order", "capability_last"}, {"instruction_input", "both"}, {"embedding_tokens", 2}},
      {{"sequence_order", "instruction_first"}, {"capability", "text"},
       {"builtin_backbone", {{"width", 32}, {"heads", 2}, {"layers", 1}, {"context", 192}}}}};
  for (const auto& variant : variants) {
    nlohmann::json config = fast_config();
    config.merge_patch(variant);
    DYNAMIC_SECTION(variant.dump()) {
      auto router = model_sat(config, 5);
      router.fit(train, nullptr);
      modelsat::test::TempDir dir;
      router.save(dir.file("msat.state"));
      config["prefix_reuse"] = false;
      auto full = model_sat(config, 5);
      full.load(dir.file("msat.state"));
      const at::Tensor reused = router.score(train.queries, train.candidates);
      const at::Tensor whole = full.score(train.queries, train.candidates);
      REQUIRE(reused.sizes() == whole.sizes());
      CHECK((reused - whole).abs().max().item<double>() < 1e-5);
      CHECK(at::equal(reused.argmax(1), whole.argmax(1)));
      CHECK(whole.std().item<double>() > 1e-4);  // the scores differ across questions and models: the check can fail
    }
  }
}
