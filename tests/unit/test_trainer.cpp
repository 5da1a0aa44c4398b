// The shared trainer: it learns, early stopping keeps the best weights, and a crashed run resumes to identical weights.
#include "temp_dir.h"

#include "modelsat/error.h"
#include "modelsat/train/trainer.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <catch2/catch.hpp>

namespace {

/// Linear regression y = 2x + 1 + noise on 64 points; validation on 16 held-out points.
class LinearModel final : public modelsat::Trainable {
 public:
  explicit LinearModel(int64_t crash_at_step = -1) : crash_at_step_(crash_at_step) {
    at::set_num_threads(1);
    x_ = at::linspace(-1, 1, 80).unsqueeze(1);
    y_ = 2 * x_ + 1 + 0.05 * at::sin(37 * x_);
    weight_ = at::zeros({1, 1}).set_requires_grad(true);
    bias_ = at::zeros({1}).set_requires_grad(true);
  }
  std::vector<modelsat::ParamGroup> param_groups() override { return {{{weight_}, 1.0}, {{bias_}, 2.0}}; }
  int64_t n_examples() const override { return 64; }
  at::Tensor batch_loss(const std::vector<int64_t>& batch, modelsat::Rng&) override {
    if (crash_at_step_ >= 0 && steps_++ == crash_at_step_) throw std::runtime_error("simulated crash");
    const at::Tensor index = at::tensor(batch, at::kLong);
    return (x_.index_select(0, index).matmul(weight_) + bias_ - y_.index_select(0, index)).pow(2).mean();
  }
  double validation_loss() override {
    if (validation_override_ >= 0) return validation_curve_[static_cast<size_t>(validation_override_++) % validation_curve_.size()];
    return (x_.slice(0, 64).matmul(weight_) + bias_ - y_.slice(0, 64)).pow(2).mean().item<double>();
  }
  void set_training(bool) override {}

  at::Tensor weight_, bias_;
  int64_t validation_override_ = -1;
  std::vector<double> validation_curve_;

 private:
  at::Tensor x_, y_;
  int64_t crash_at_step_;
  int64_t steps_ = 0;
};

modelsat::TrainerConfig small_config() {
  modelsat::TrainerConfig config;
  config.epochs = 30;
  config.batch_size = 8;
  config.learning_rate = 0.05;
  config.weight_decay = 0.0;
  config.patience = 0;
  return config;
}

}  // namespace

TEST_CASE("trainer: fits a linear model", "[unit]") {
  LinearModel model;
  const auto result = modelsat::train(model, small_config(), 1, "", "test");
  CHECK(result.epochs_run == 30);
  CHECK(result.steps == 30 * 8);
  CHECK(result.train_loss.back() < 0.01);
  CHECK(result.train_loss.back() < result.train_loss.front() / 10);
  CHECK(model.weight_.item<double>() == Approx(2.0).margin(0.1));
  CHECK(model.bias_.item<double>() == Approx(1.0).margin(0.1));
}

TEST_CASE("trainer: early stopping restores the best validation epoch", "[unit]") {
  LinearModel model;
  model.validation_override_ = 0;
  model.validation_curve_ = {5.0, 3.0, 1.0, 2.0, 2.5, 3.0, 4.0};
  auto config = small_config();
  config.patience = 2;
  const auto result = modelsat::train(model, config, 1, "", "test");
  CHECK(result.stopped_early);
  CHECK(result.epochs_run == 5);
  CHECK(result.best_epoch == 2);
  CHECK(result.best_validation_loss == 1.0);
}

TEST_CASE("trainer: a crashed run resumes from its checkpoint to the same weights", "[unit]") {
  LinearModel reference;
  modelsat::train(reference, small_config(), 3, "", "test");

  modelsat::test::TempDir dir;
  const std::string checkpoint = dir.file("ckpt/trainer.pt");
  LinearModel crashing(8 * 13 + 5);  // dies in the middle of epoch 13
  REQUIRE_THROWS_WITH(modelsat::train(crashing, small_config(), 3, checkpoint, "test"), "simulated crash");

  LinearModel resumed;
  const auto result = modelsat::train(resumed, small_config(), 3, checkpoint, "test");
  CHECK(result.resumed);
  CHECK(result.epochs_run == 30);
  CHECK(at::equal(resumed.weight_, reference.weight_));
  CHECK(at::equal(resumed.bias_, reference.bias_));
}

TEST_CASE("trainer: a checkpoint of another model is refused", "[unit]") {
  modelsat::test::TempDir dir;
  const std::string garbage = dir.write("bad.pt", "not a checkpoint");
  LinearModel model;
  REQUIRE_THROWS_WITH(modelsat::train(model, small_config(), 1, garbage, "test"),
                      Catch::Matchers::StartsWith(garbage + ": cannot resume: not a modelsat training checkpoint"));
}

TEST_CASE("trainer: a diverging loss is an error naming the step", "[unit]") {
  LinearModel model;
  auto config = small_config();
  config.learning_rate = 1e30;
  config.grad_clip_norm = 0;
  REQUIRE_THROWS_WITH(modelsat::train(model, config, 1, "", "router/x"),
                      Catch::Matchers::StartsWith("router/x: train: the loss is not finite at epoch"));
}

TEST_CASE("trainer: the training block schema round-trips into a config", "[unit]") {
  modelsat::TrainerConfig defaults;
  defaults.epochs = 4;
  const auto schema = modelsat::trainer_schema(defaults);
  nlohmann::json block;
  for (auto it = schema.at("properties").begin(); it != schema.at("properties").end(); ++it)
    block[it.key()] = it.value().at("default");
  block["schedule"] = "cosine";
  const auto config = modelsat::trainer_config_from_json(block);
  CHECK(config.epochs == 4);
  CHECK(config.schedule == modelsat::LrSchedule::cosine);
}
