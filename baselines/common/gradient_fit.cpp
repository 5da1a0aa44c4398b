// The scaffolding around modelsat::train shared by the gradient-trained baselines.
#include "gradient_fit.h"

#include "routing_checks.h"

#include <modelsat/error.h>

#include <ATen/ATen.h>

namespace baselines {

modelsat::TrainerConfig default_baseline_training() {
  modelsat::TrainerConfig defaults;
  defaults.epochs = 30;
  defaults.batch_size = 64;
  defaults.learning_rate = 3e-3;
  defaults.patience = 5;
  return defaults;
}

std::string schema_with_training(const char* own_schema, const modelsat::TrainerConfig& defaults) {
  nlohmann::json schema = nlohmann::json::parse(own_schema);
  schema["properties"]["training"] = modelsat::trainer_schema(defaults);
  return schema.dump();
}

at::Device device_from_context(const modelsat::CreateContext& context, const std::string& router) {
  try {
    return at::Device(context.device);
  } catch (const std::exception&) {
    throw modelsat::ConfigError(router + ": create: unknown device (expected \"cpu\" or \"cuda[:i]\", got \"" +
                                context.device + "\")");
  }
}

std::pair<at::Tensor, at::Tensor> validation_tensors(const std::string& router, const modelsat::RoutingSet* validation,
                                                     const std::vector<std::string>& fitted_models, int64_t dim,
                                                     const at::Device& device) {
  if (validation == nullptr || validation->queries.size() == 0) return {};
  const at::Tensor correct = checked_correct(router + " (validation)", *validation);
  const at::Tensor x = checked_embeddings(router, "fit (validation)", validation->queries, dim);
  if (validation->candidates.size() != static_cast<int64_t>(fitted_models.size())) {
    throw modelsat::DataError(router + ": fit: the validation set has other candidates than the training set (expected " +
                              std::to_string(fitted_models.size()) + " models, got " +
                              std::to_string(validation->candidates.size()) + ")");
  }
  const auto train_columns = candidate_columns(router, fitted_models, validation->candidates);
  std::vector<int64_t> validation_column(train_columns.size());
  for (size_t v = 0; v < train_columns.size(); ++v) validation_column[static_cast<size_t>(train_columns[v])] = static_cast<int64_t>(v);
  return {x.to(device), select_columns(correct, validation_column).to(device)};
}

modelsat::TrainResult fit_with_trainer(CorrectnessTrainable& net, const nlohmann::json& training_block,
                                       const modelsat::CreateContext& context, const std::string& router) {
  const std::string checkpoint = context.work_dir.empty() ? std::string() : context.work_dir + "/" + router + ".ckpt";
  return modelsat::train(net, modelsat::trainer_config_from_json(training_block), context.seed, checkpoint,
                         "router/" + router);
}

}  // namespace baselines
