// The shared training loop: seeded batching, AdamW param groups, LR schedule, clipping, early stopping, checkpoints.
#include "modelsat/train/trainer.h"

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"
#include "modelsat/log.h"
#include "modelsat/progress.h"

#include <torch/types.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>
#include <torch/serialize.h>
#include <torch/utils.h>

#include <cmath>
#include <filesystem>
#include <sstream>

namespace modelsat {
namespace {

const char* schedule_name(LrSchedule schedule) {
  switch (schedule) {
    case LrSchedule::linear: return "linear";
    case LrSchedule::cosine: return "cosine";
    case LrSchedule::constant: return "constant";
  }
  return "linear";
}

double lr_factor(const TrainerConfig& config, int64_t step, int64_t total_steps) {
  const int64_t warmup = static_cast<int64_t>(std::floor(config.warmup_fraction * static_cast<double>(total_steps)));
  if (step < warmup) return static_cast<double>(step + 1) / static_cast<double>(warmup + 1);
  if (config.schedule == LrSchedule::constant) return 1.0;
  const double progress =
      static_cast<double>(step - warmup) / static_cast<double>(std::max<int64_t>(1, total_steps - warmup));
  if (config.schedule == LrSchedule::cosine) return 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
  return std::max(0.0, 1.0 - progress);
}

std::vector<at::Tensor> all_params(const std::vector<ParamGroup>& groups) {
  std::vector<at::Tensor> out;
  for (const auto& group : groups) out.insert(out.end(), group.params.begin(), group.params.end());
  return out;
}

std::vector<at::Tensor> snapshot(const std::vector<at::Tensor>& params) {
  std::vector<at::Tensor> out;
  torch::NoGradGuard no_grad;
  for (const auto& p : params) out.push_back(p.detach().clone());
  return out;
}

void restore(const std::vector<at::Tensor>& params, const std::vector<at::Tensor>& values) {
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < params.size(); ++i) params[i].copy_(values[i]);
}

struct TrainState {
  int64_t next_epoch = 0;
  int64_t steps = 0;
  int64_t best_epoch = -1;
  int64_t epochs_without_improvement = 0;
  bool finished = false;
  bool stopped_early = false;
  double best_validation = std::numeric_limits<double>::infinity();
  std::vector<double> train_loss;
  std::vector<double> validation_loss;
  std::vector<at::Tensor> best_params;
};

at::Tensor doubles(const std::vector<double>& values) {
  return torch::tensor(values.empty() ? std::vector<double>{} : values, torch::kDouble);
}

std::vector<double> to_vector(const at::Tensor& tensor) {
  std::vector<double> out;
  for (int64_t i = 0; i < tensor.numel(); ++i) out.push_back(tensor[i].item<double>());
  return out;
}

void save_checkpoint(const std::string& path, const std::vector<at::Tensor>& params, torch::optim::AdamW& optimizer,
                     const TrainState& state) {
  torch::serialize::OutputArchive archive;
  archive.write("format", torch::tensor(int64_t{1}));
  const std::vector<int64_t> counters = {state.next_epoch, state.steps, state.best_epoch,
                                         state.epochs_without_improvement, state.finished ? 1 : 0,
                                         state.stopped_early ? 1 : 0, static_cast<int64_t>(params.size())};
  archive.write("counters", torch::tensor(counters, torch::kLong));
  archive.write("best_validation", torch::tensor(state.best_validation, torch::kDouble));
  archive.write("train_loss", doubles(state.train_loss));
  archive.write("validation_loss", doubles(state.validation_loss));
  for (size_t i = 0; i < params.size(); ++i) {
    archive.write("param_" + std::to_string(i), params[i].detach());
    if (i < state.best_params.size()) archive.write("best_" + std::to_string(i), state.best_params[i]);
  }
  torch::serialize::OutputArchive optimizer_archive;
  optimizer.save(optimizer_archive);
  archive.write("optimizer", optimizer_archive);
  std::ostringstream bytes;
  archive.save_to(bytes);
  write_file_atomic(path, bytes.str());
}

TrainState load_checkpoint(const std::string& path, const std::vector<at::Tensor>& params,
                           torch::optim::AdamW& optimizer) {
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
  } catch (const std::exception& error) {
    throw DataError(path + ": cannot resume: not a modelsat training checkpoint (" + std::string(error.what()).substr(0, 200) + ")");
  }
  at::Tensor counters;
  archive.read("counters", counters);
  TrainState state;
  state.next_epoch = counters[0].item<int64_t>();
  state.steps = counters[1].item<int64_t>();
  state.best_epoch = counters[2].item<int64_t>();
  state.epochs_without_improvement = counters[3].item<int64_t>();
  state.finished = counters[4].item<int64_t>() != 0;
  state.stopped_early = counters[5].item<int64_t>() != 0;
  const int64_t n_params = counters[6].item<int64_t>();
  if (n_params != static_cast<int64_t>(params.size())) {
    throw DataError(path + ": cannot resume: checkpoint does not match the model (expected " +
                    std::to_string(params.size()) + " parameter tensors, got " + std::to_string(n_params) + ")");
  }
  at::Tensor best, train_loss, validation_loss;
  archive.read("best_validation", best);
  archive.read("train_loss", train_loss);
  archive.read("validation_loss", validation_loss);
  state.best_validation = best.item<double>();
  state.train_loss = to_vector(train_loss);
  state.validation_loss = to_vector(validation_loss);
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < params.size(); ++i) {
    at::Tensor value;
    archive.read("param_" + std::to_string(i), value);
    if (value.sizes() != params[i].sizes()) {
      throw DataError(path + ": cannot resume: parameter " + std::to_string(i) + " has another shape than the model's");
    }
    params[i].copy_(value);
    at::Tensor best_value;
    if (archive.try_read("best_" + std::to_string(i), best_value)) state.best_params.push_back(best_value);
  }
  torch::serialize::InputArchive optimizer_archive;
  archive.read("optimizer", optimizer_archive);
  optimizer.load(optimizer_archive);
  return state;
}

}  // namespace

nlohmann::json trainer_schema(const TrainerConfig& d) {
  return {{"type", "object"},
          {"description", "the shared training loop (AdamW)"},
          {"properties",
           {{"epochs", {{"type", "integer"}, {"minimum", 1}, {"default", d.epochs}}},
            {"batch_size", {{"type", "integer"}, {"minimum", 1}, {"default", d.batch_size}}},
            {"learning_rate", {{"type", "number"}, {"exclusiveMinimum", 0}, {"default", d.learning_rate}}},
            {"weight_decay", {{"type", "number"}, {"minimum", 0}, {"default", d.weight_decay}}},
            {"warmup_fraction", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}, {"default", d.warmup_fraction}}},
            {"schedule",
             {{"type", "string"}, {"enum", {"linear", "cosine", "constant"}}, {"default", schedule_name(d.schedule)}}},
            {"patience",
             {{"type", "integer"}, {"minimum", 0}, {"default", d.patience},
              {"description", "epochs without validation improvement before stopping; 0 = never"}}},
            {"grad_clip_norm", {{"type", "number"}, {"minimum", 0}, {"default", d.grad_clip_norm}}}}}};
}

TrainerConfig trainer_config_from_json(const nlohmann::json& block) {
  TrainerConfig config;
  config.epochs = block.at("epochs").get<int64_t>();
  config.batch_size = block.at("batch_size").get<int64_t>();
  config.learning_rate = block.at("learning_rate").get<double>();
  config.weight_decay = block.at("weight_decay").get<double>();
  config.warmup_fraction = block.at("warmup_fraction").get<double>();
  const std::string schedule = block.at("schedule").get<std::string>();
  config.schedule = schedule == "cosine" ? LrSchedule::cosine
                    : schedule == "constant" ? LrSchedule::constant
                                             : LrSchedule::linear;
  config.patience = block.at("patience").get<int64_t>();
  config.grad_clip_norm = block.at("grad_clip_norm").get<double>();
  return config;
}

TrainResult train(Trainable& model, const TrainerConfig& config, uint64_t seed, const std::string& checkpoint_path,
                  const std::string& label) {
  const int64_t n = model.n_examples();
  if (n <= 0) throw DataError(label + ": train: no training examples (expected at least 1, got " + std::to_string(n) + ")");
  const std::vector<ParamGroup> groups = model.param_groups();
  const std::vector<at::Tensor> params = all_params(groups);
  if (params.empty()) throw Error(label + ": train: the model has no trainable parameters");

  std::vector<torch::optim::OptimizerParamGroup> optimizer_groups;
  for (const auto& group : groups) {
    auto options = std::make_unique<torch::optim::AdamWOptions>(config.learning_rate * group.lr_scale);
    options->weight_decay(config.weight_decay);
    optimizer_groups.emplace_back(group.params, std::move(options));
  }
  torch::optim::AdamW optimizer(optimizer_groups, torch::optim::AdamWOptions(config.learning_rate));

  TrainState state;
  TrainResult result;
  if (!checkpoint_path.empty() && std::filesystem::exists(checkpoint_path)) {
    state = load_checkpoint(checkpoint_path, params, optimizer);
    result.resumed = true;
    log_info(label, "resuming from '" + checkpoint_path + "' at epoch " + std::to_string(state.next_epoch));
  }

  const int64_t steps_per_epoch = (n + config.batch_size - 1) / config.batch_size;
  const int64_t total_steps = steps_per_epoch * config.epochs;
  const Rng base(seed);
  ProgressBar progress(label + " training", total_steps);
  progress.advance(state.steps);

  while (!state.finished && state.next_epoch < config.epochs) {
    const int64_t epoch = state.next_epoch;
    Rng rng = base.fork(static_cast<uint64_t>(epoch));
    at::manual_seed(seed ^ (0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(epoch + 1)));
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
    rng.shuffle(order);

    model.set_training(true);
    double loss_sum = 0.0;
    for (int64_t start = 0; start < n; start += config.batch_size) {
      const std::vector<int64_t> batch(order.begin() + start, order.begin() + std::min(n, start + config.batch_size));
      const double factor = lr_factor(config, state.steps, total_steps);
      for (size_t g = 0; g < groups.size(); ++g) {
        static_cast<torch::optim::AdamWOptions&>(optimizer.param_groups()[g].options())
            .lr(config.learning_rate * groups[g].lr_scale * factor);
      }
      optimizer.zero_grad();
      at::Tensor loss = model.batch_loss(batch, rng);
      const double value = loss.item<double>();
      if (!std::isfinite(value)) {
        throw Error(label + ": train: the loss is not finite at epoch " + std::to_string(epoch) + ", step " +
                    std::to_string(state.steps) + " (got " + std::to_string(value) + "); lower the learning rate");
      }
      loss.backward();
      if (config.grad_clip_norm > 0) torch::nn::utils::clip_grad_norm_(params, config.grad_clip_norm);
      optimizer.step();
      loss_sum += value * static_cast<double>(batch.size());
      ++state.steps;
      progress.advance();
    }
    state.train_loss.push_back(loss_sum / static_cast<double>(n));

    model.set_training(false);
    double validation = std::numeric_limits<double>::quiet_NaN();
    {
      torch::NoGradGuard no_grad;
      validation = model.validation_loss();
    }
    state.validation_loss.push_back(validation);
    if (std::isfinite(validation)) {
      if (validation < state.best_validation) {
        state.best_validation = validation;
        state.best_epoch = epoch;
        state.best_params = snapshot(params);
        state.epochs_without_improvement = 0;
      } else {
        ++state.epochs_without_improvement;
      }
      if (config.patience > 0 && state.epochs_without_improvement >= config.patience) {
        state.stopped_early = true;
        state.finished = true;
      }
    }
    log_debug(label, "epoch " + std::to_string(epoch) + ": train loss " + std::to_string(state.train_loss.back()) +
                         ", validation " + std::to_string(validation));
    state.next_epoch = epoch + 1;
    if (state.next_epoch >= config.epochs) state.finished = true;
    if (!checkpoint_path.empty()) save_checkpoint(checkpoint_path, params, optimizer, state);
  }
  progress.finish();

  if (!state.best_params.empty()) restore(params, state.best_params);
  model.set_training(false);
  result.epochs_run = static_cast<int64_t>(state.train_loss.size());
  result.steps = state.steps;
  result.best_epoch = state.best_params.empty() ? -1 : state.best_epoch;
  result.best_validation_loss = state.best_params.empty() ? std::numeric_limits<double>::quiet_NaN() : state.best_validation;
  result.stopped_early = state.stopped_early;
  result.train_loss = state.train_loss;
  result.validation_loss = state.validation_loss;
  return result;
}

}  // namespace modelsat
