// Base of the gradient-trained baseline routers: the fit/score/save/load they all share.
#include "gradient_router.h"

#include "gradient_fit.h"
#include "routing_checks.h"
#include "state_file.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

namespace baselines {

GradientRouter::GradientRouter(std::string name, const modelsat::CreateContext& context, nlohmann::json training)
    : name_(std::move(name)),
      device_(device_from_context(context, name_)),
      seed_(context.seed),
      context_(context),
      training_(std::move(training)) {
  context_.backbone = nullptr;  // not used by these routers; keeps no host pointer
  context_.encoder = nullptr;
}

void GradientRouter::fit(const modelsat::RoutingSet& train, const modelsat::RoutingSet* validation) {
  const at::Tensor correct = checked_correct(name_, train);
  const at::Tensor x = checked_embeddings(name_, "fit", train.queries, -1);
  models_ = model_names(train.candidates);
  dim_ = x.size(1);
  modelsat::Rng rng(seed_);
  net_ = make_net(&train, dim_, static_cast<int64_t>(models_.size()), rng);
  auto [validation_x, validation_y] = validation_tensors(name_, validation, models_, dim_, device_);
  net_->set_data(x.to(device_), correct.to(device_), validation_x, validation_y);
  train_result_ = fit_with_trainer(*net_, training_, context_, name_);
  {
    c10::NoGradGuard no_grad;
    net_->after_training();
  }
  net_->release_data();
}

at::Tensor GradientRouter::score(const modelsat::QueryBatch& queries, const modelsat::CandidateSet& candidates) const {
  require_fitted(net_ != nullptr, name_, "score");
  const std::vector<int64_t> columns = candidate_columns(name_, models_, candidates);
  const at::Tensor x = checked_embeddings(name_, "score", queries, dim_).to(device_);
  at::Tensor probabilities;
  {
    c10::NoGradGuard no_grad;
    probabilities = net_->probabilities(x);
  }
  return select_columns(probabilities, columns);
}

void GradientRouter::save(const std::string& path) const {
  require_fitted(net_ != nullptr, name_, "save");
  RouterState state{name_, 1, {{"models", models_}, {"dim", dim_}}, {}};
  store_parameters(*net_, state.tensors);
  save_state(path, state);
}

void GradientRouter::load(const std::string& path) {
  const RouterState state = load_state(path, name_, 1);
  models_ = state.settings.at("models").get<std::vector<std::string>>();
  dim_ = state.settings.at("dim").get<int64_t>();
  modelsat::Rng rng(seed_);
  auto net = make_net(nullptr, dim_, static_cast<int64_t>(models_.size()), rng);
  restore_parameters(*net, state.tensors, device_, path);
  net->set_training(false);
  net_ = std::move(net);
}

}  // namespace baselines
