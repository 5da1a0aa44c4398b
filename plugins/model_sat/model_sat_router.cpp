// ModelSatRouter: input checks, tokenizer training, the training stages, shuffle-averaged scoring, state files.
#include "model_sat_router.h"

#include "capability_tuning.h"
#include "module_io.h"
#include "seeded_init.h"
#include "tiny_transformer_backbone.h"

#include <modelsat/byte_tensor.h>
#include <modelsat/error.h>
#include <modelsat/log.h>

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace modelsat::msat {
namespace {

constexpr const char* kKind = "router/model_sat";
constexpr uint64_t kShuffleStream = 0x5eed5eedULL;
constexpr uint64_t kCalibrationStream = 0xca11b7a7eULL;

std::string join_path(const std::string& dir, const std::string& file) {
  return dir.empty() ? std::string() : dir + "/" + file;
}

}  // namespace

ModelSatRouter::ModelSatRouter(const nlohmann::json& config, const CreateContext& context)
    : raw_config_(config), config_(model_sat_config_from_json(config)), device_(context.device), seed_(context.seed),
      work_dir_(context.work_dir), embedding_dim_(context.input_dim), encoder_(context.encoder),
      host_backbone_(context.backbone) {
  if (config_.task_text == TaskText::host_encoder && encoder_ == nullptr) {
    throw ConfigError("task_text \"host_encoder\" needs an experiment encoder (got none)");
  }
}

RouterCaps ModelSatRouter::caps() const {
  RouterCaps caps;
  caps.needs_embeddings = config_.instruction_input != InstructionInput::tokens;
  caps.uses_aptitude = true;
  return caps;
}

void ModelSatRouter::build(text::BpeTokenizer tokenizer) {
  int64_t context = std::numeric_limits<int32_t>::max();
  if (host_backbone_ != nullptr) {
    backbone_ = host_backbone_;
  } else {
    own_backbone_ = std::make_unique<nn::TinyTransformerBackbone>(config_.builtin_backbone, 0, device_, seed_ + 1);
    backbone_ = own_backbone_.get();
    context = config_.builtin_backbone.context;
  }
  const int64_t description_dim = config_.task_text == TaskText::host_encoder ? encoder_->dim() : 0;
  net_ = std::make_shared<ModelSatNetImpl>(config_, std::move(tokenizer), backbone_->input_dim(),
                                           backbone_->hidden_dim(), embedding_dim_, description_dim, context);
  nn::seeded_init(*net_, seed_);
  net_->to(at::Device(device_));
}

Inputs ModelSatRouter::make_inputs(const QueryBatch& queries, const CandidateSet& candidates, bool training) const {
  Inputs inputs;
  inputs.descriptions = candidates.task_descriptions.empty() ? train_descriptions_ : candidates.task_descriptions;
  const auto n_tasks = static_cast<int64_t>(inputs.descriptions.size());
  if (candidates.size() == 0) throw DataError("no candidate models (expected at least 1)");
  inputs.aptitude = at::empty({candidates.size(), n_tasks}, at::kFloat);
  auto aptitude = inputs.aptitude.accessor<float, 2>();
  for (int64_t m = 0; m < candidates.size(); ++m) {
    const ModelCard& card = candidates.models[static_cast<size_t>(m)];
    if (static_cast<int64_t>(card.aptitude.size()) != n_tasks) {
      throw DataError("model '" + card.name + "': aptitude results of the wrong length (expected " +
                      std::to_string(n_tasks) + " task accuracies, got " + std::to_string(card.aptitude.size()) +
                      "); a model joins by taking the aptitude test");
    }
    for (int64_t t = 0; t < n_tasks; ++t) {
      const float value = card.aptitude[static_cast<size_t>(t)];
      if (!std::isfinite(value) || value < 0.0F || value > 1.0F) {
        throw DataError("model '" + card.name + "': aptitude result " + std::to_string(t) +
                        " out of range (expected an accuracy in [0, 1], got " + std::to_string(value) + ")");
      }
      aptitude[m][t] = value;
    }
  }
  for (const std::string& description : inputs.descriptions) {
    inputs.description_tokens.push_back(net_->tokenizer().encode(description));
  }
  if (config_.capability == CapabilityMode::source_weighted) inputs.task_weights = task_weights(queries, candidates);
  if (config_.task_text == TaskText::host_encoder) inputs.description_features = encoder_->encode(inputs.descriptions);
  if (config_.instruction_input != InstructionInput::tokens) {
    const at::Tensor& e = queries.embeddings;
    if (!e.defined() || e.dim() != 2 || e.size(0) != queries.size() || e.size(1) != embedding_dim_) {
      throw DataError("instruction_input \"" + raw_config_.at("instruction_input").get<std::string>() +
                      "\" needs query embeddings (expected [" + std::to_string(queries.size()) + ", " +
                      std::to_string(embedding_dim_) + "], got " + (e.defined() ? std::to_string(e.dim()) + "-d" : "none") + ")");
    }
    inputs.instruction_embeddings = e.to(at::kFloat).contiguous();
  }
  int64_t truncated = 0;
  for (const std::string& text : queries.texts) {
    bool cut = false;
    inputs.instruction_tokens.push_back(net_->instruction_ids(text, n_tasks, cut));
    truncated += cut ? 1 : 0;
  }
  if (truncated > 0) {
    log(training ? LogLevel::info : LogLevel::debug, kKind, std::to_string(truncated) + " of " + std::to_string(queries.size()) +
                        " instructions truncated to fit max_instruction_tokens and the backbone context");
  }
  return inputs;
}

void ModelSatRouter::fit(const RoutingSet& train_set, const RoutingSet* validation) {
  const at::Tensor& correct = train_set.correct;
  if (!correct.defined() || correct.dim() != 2 || correct.size(0) != train_set.queries.size() ||
      correct.size(1) != train_set.candidates.size() || correct.size(0) == 0) {
    throw DataError("the training set needs a [n_queries, n_models] correctness matrix (expected [" +
                    std::to_string(train_set.queries.size()) + ", " + std::to_string(train_set.candidates.size()) + "])");
  }
  if (train_set.candidates.task_descriptions.empty()) {
    throw DataError("the candidate set has no aptitude task descriptions (expected one per aptitude task)");
  }
  train_descriptions_ = train_set.candidates.task_descriptions;
  if (config_.capability == CapabilityMode::source_weighted) fit_task_classifier(train_set);

  std::vector<std::string> corpus = train_set.queries.texts;
  for (int repeat = 0; repeat < 4; ++repeat) {  // repeated so the prompt and descriptions pass min_frequency
    corpus.push_back(config_.inquiry_prompt);
    corpus.insert(corpus.end(), train_descriptions_.begin(), train_descriptions_.end());
  }
  text::BpeTrainOptions options;
  options.vocab_size = config_.vocab_size;
  options.lowercase = config_.lowercase;
  build(text::BpeTokenizer::train(corpus, options));

  const Inputs train_inputs = make_inputs(train_set.queries, train_set.candidates, true);
  const TrainingData train_data(correct, config_.model_sampling_power, "training set");
  std::unique_ptr<Inputs> validation_inputs;
  std::unique_ptr<TrainingData> validation_data;
  if (validation != nullptr && validation->queries.size() > 0 && validation->correct.defined()) {
    validation_inputs = std::make_unique<Inputs>(make_inputs(validation->queries, validation->candidates, true));
    validation_data = std::make_unique<TrainingData>(validation->correct, 0.0, "validation set");
  }
  if (config_.lm_pretraining) {
    LmPretraining pretraining(net_, *backbone_, train_inputs);
    if (pretraining.n_examples() > 0) {
      train(pretraining, config_.lm_training, seed_ ^ 0x11, join_path(work_dir_, "model_sat_lm.ckpt"),
            "router/model_sat lm");
    }
  }
  if (config_.stage1) {
    CapabilityTuning stage1(net_, *backbone_, config_, 1, train_inputs, train_data, validation_inputs.get(),
                            validation_data.get());
    train(stage1, config_.stage1_training, seed_ ^ 0x21, join_path(work_dir_, "model_sat_stage1.ckpt"),
          "router/model_sat stage1");
  }
  CapabilityTuning stage2(net_, *backbone_, config_, 2, train_inputs, train_data, validation_inputs.get(),
                          validation_data.get());
  train(stage2, config_.stage2_training, seed_ ^ 0x22, join_path(work_dir_, "model_sat_stage2.ckpt"),
        "router/model_sat stage2");
  net_->eval();
  backbone_->set_training(false);
  if (config_.calibration == Calibration::per_model) {
    if (validation_inputs) {
      fit_calibration(*validation, *validation_inputs);
    } else {
      fit_calibration(train_set, train_inputs);
    }
  }
  fitted_ = true;
}

void ModelSatRouter::fit_task_classifier(const RoutingSet& train_set) {
  const std::vector<std::string>& names = train_set.candidates.task_names;
  if (names.size() != train_descriptions_.size()) {
    throw DataError("capability \"source_weighted\" needs the aptitude tasks' source names (expected " +
                    std::to_string(train_descriptions_.size()) + " names, got " + std::to_string(names.size()) + ")");
  }
  if (train_set.sources.size() != static_cast<size_t>(train_set.queries.size())) {
    throw DataError("capability \"source_weighted\" needs the training questions' sources (expected " +
                    std::to_string(train_set.queries.size()) + ", got " + std::to_string(train_set.sources.size()) + ")");
  }
  const std::set<std::string> tasks(names.begin(), names.end());
  std::vector<std::string> labels;
  std::set<std::string> labelled;
  for (const std::string& source : train_set.sources) {
    labels.push_back(tasks.count(source) ? source : std::string());
    if (!labels.back().empty()) labelled.insert(source);
  }
  if (labelled.empty()) {
    throw DataError("capability \"source_weighted\": no training question comes from an aptitude task's source "
                    "(expected some of " + std::to_string(tasks.size()) + " task sources among the training sources)");
  }
  task_classifier_.fit(train_set.queries.texts, labels, config_.task_weight_alpha, config_.task_weight_word_pairs);
  train_task_names_ = names;
  log_info(kKind, "task weights: a source classifier over " + std::to_string(labelled.size()) + " of " +
                      std::to_string(tasks.size()) + " aptitude tasks (the others get weight 0)");
}

at::Tensor ModelSatRouter::task_weights(const QueryBatch& queries, const CandidateSet& candidates) const {
  if (!candidates.task_names.empty() && candidates.task_names != train_task_names_) {
    size_t t = 0;
    while (t < candidates.task_names.size() && t < train_task_names_.size() &&
           candidates.task_names[t] == train_task_names_[t]) {
      ++t;
    }
    const auto name_at = [t](const std::vector<std::string>& names) {
      return t < names.size() ? "'" + names[t] + "'" : std::string("no task");
    };
    throw DataError("capability \"source_weighted\": the candidates' aptitude tasks differ from training's at task " +
                    std::to_string(t) + " (expected " + name_at(train_task_names_) + ", got " +
                    name_at(candidates.task_names) + ")");
  }
  const std::vector<std::string>& labels = task_classifier_.labels();
  std::map<std::string, int64_t> task_of;
  for (size_t t = 0; t < train_task_names_.size(); ++t) task_of[train_task_names_[t]] = static_cast<int64_t>(t);
  const std::vector<float> posterior = task_classifier_.posterior_rows(queries.texts, labels.size());
  at::Tensor weights = at::zeros({queries.size(), static_cast<int64_t>(train_task_names_.size())}, at::kFloat);
  auto w = weights.accessor<float, 2>();
  for (int64_t q = 0; q < queries.size(); ++q) {
    for (size_t l = 0; l < labels.size(); ++l) {
      w[q][task_of.at(labels[l])] = posterior[static_cast<size_t>(q) * labels.size() + l];
    }
  }
  return weights;
}

void ModelSatRouter::fit_calibration(const RoutingSet& held_out, const Inputs& inputs) {
  const int64_t n_queries = held_out.queries.size(), n_models = held_out.candidates.size();
  const int64_t n_tasks = inputs.aptitude.size(1);
  const int64_t per_model = std::max<int64_t>(1, std::min(n_queries, config_.calibration_pairs / n_models));
  const at::Tensor correct_tensor = held_out.correct.to(at::kCPU, at::kFloat).contiguous();
  const auto correct = correct_tensor.accessor<float, 2>();
  Rng rng(seed_ ^ kCalibrationStream);
  std::vector<Row> rows;
  for (int64_t m = 0; m < n_models; ++m) {
    std::vector<int64_t> queries(static_cast<size_t>(n_queries));
    for (int64_t q = 0; q < n_queries; ++q) queries[static_cast<size_t>(q)] = q;
    for (int64_t i = 0; i < per_model; ++i) {
      std::swap(queries[static_cast<size_t>(i)], queries[static_cast<size_t>(i) + rng.below(static_cast<uint64_t>(n_queries - i))]);
      rows.push_back(Row{queries[static_cast<size_t>(i)], m, task_order(n_tasks, config_.routing_shuffles > 1, rng)});
    }
  }
  std::vector<std::vector<double>> logits(static_cast<size_t>(n_models)), outcomes(static_cast<size_t>(n_models));
  at::NoGradGuard no_grad;
  for (size_t start = 0; start < rows.size(); start += static_cast<size_t>(config_.score_batch)) {
    const size_t end = std::min(rows.size(), start + static_cast<size_t>(config_.score_batch));
    const std::vector<Row> chunk(rows.begin() + static_cast<std::ptrdiff_t>(start),
                                 rows.begin() + static_cast<std::ptrdiff_t>(end));
    const at::Tensor z = net_->forward(chunk, inputs, *backbone_).to(at::kCPU, at::kDouble).contiguous();
    for (size_t i = 0; i < chunk.size(); ++i) {
      const auto m = static_cast<size_t>(chunk[i].model);
      logits[m].push_back(z.data_ptr<double>()[i]);
      outcomes[m].push_back(correct[chunk[i].query][chunk[i].model] >= 0.5F ? 1.0 : 0.0);
    }
  }
  std::vector<std::string> names;
  for (const ModelCard& card : held_out.candidates.models) names.push_back(card.name);
  calibration_ = ScoreCalibration::fit(names, logits, outcomes);
  log_info(kKind, "calibrated " + std::to_string(n_models) + " models on " + std::to_string(rows.size()) + " held-out pairs");
}

at::Tensor ModelSatRouter::score(const QueryBatch& queries, const CandidateSet& candidates) const {
  if (!fitted_) throw Error("called before fit() or load()");
  const Inputs inputs = make_inputs(queries, candidates, false);
  const int64_t n_queries = queries.size(), n_models = candidates.size(), n_tasks = inputs.aptitude.size(1);
  at::Tensor total = at::zeros({n_queries * n_models}, at::kDouble);
  at::NoGradGuard no_grad;
  const bool calibrated = config_.calibration == Calibration::per_model;
  std::vector<Platt> platt;
  for (const ModelCard& card : candidates.models) platt.push_back(calibrated ? calibration_.for_model(card.name) : Platt{});
  std::vector<double> scales, shifts;
  for (int64_t i = 0; i < n_queries * n_models; ++i) {
    scales.push_back(platt[static_cast<size_t>(i % n_models)].scale);
    shifts.push_back(platt[static_cast<size_t>(i % n_models)].shift);
  }
  const at::Tensor scale = at::tensor(scales, at::kDouble), shift = at::tensor(shifts, at::kDouble);
  // A pooled token is a (weighted) mean over tasks, the same in every task order: one pass is the exact average.
  const bool order_free = config_.capability == CapabilityMode::pooled ||
                          config_.capability == CapabilityMode::source_weighted;
  const int64_t shuffles = order_free ? 1 : config_.routing_shuffles;
  const bool shared_prefix = config_.prefix_reuse && config_.sequence_order != SequenceOrder::capability_first;
  // Shared-prefix chunks hold whole queries: every candidate of an instruction continues the same prefix.
  const auto chunk_rows = static_cast<size_t>(
      shared_prefix ? n_models * std::max<int64_t>(1, config_.score_batch / n_models) : config_.score_batch);
  const Rng base(seed_ ^ kShuffleStream);
  for (int64_t s = 0; s < shuffles; ++s) {
    Rng rng = base.fork(static_cast<uint64_t>(s));
    std::vector<std::vector<int64_t>> orders;
    for (int64_t m = 0; m < n_models; ++m) orders.push_back(task_order(n_tasks, config_.routing_shuffles > 1, rng));
    std::vector<Row> rows;
    for (int64_t q = 0; q < n_queries; ++q) {
      for (int64_t m = 0; m < n_models; ++m) rows.push_back(Row{q, m, orders[static_cast<size_t>(m)]});
    }
    for (size_t start = 0; start < rows.size(); start += chunk_rows) {
      const size_t end = std::min(rows.size(), start + chunk_rows);
      const std::vector<Row> chunk(rows.begin() + static_cast<std::ptrdiff_t>(start),
                                   rows.begin() + static_cast<std::ptrdiff_t>(end));
      at::Tensor z = (shared_prefix ? net_->forward_shared_prefix(chunk, n_models, inputs, *backbone_)
                                    : net_->forward(chunk, inputs, *backbone_))
                         .to(at::kCPU, at::kDouble);
      if (calibrated) {
        z = z * scale.narrow(0, static_cast<int64_t>(start), static_cast<int64_t>(end - start)) +
            shift.narrow(0, static_cast<int64_t>(start), static_cast<int64_t>(end - start));
      }
      if (config_.score_output == ScoreOutput::probability) z = at::sigmoid(z);
      total.narrow(0, static_cast<int64_t>(start), static_cast<int64_t>(end - start)).add_(z);
    }
  }
  return (total / static_cast<double>(shuffles)).to(at::kFloat).view({n_queries, n_models}).contiguous();
}

void ModelSatRouter::save(const std::string& path) const {
  if (!fitted_) throw Error("nothing to save before fit()");
  const nlohmann::json state = {{"format", "model_sat"},
                                {"version", 1},
                                {"tokenizer", net_->tokenizer().serialize()},
                                {"descriptions", train_descriptions_},
                                {"task_names", train_task_names_},
                                {"seed", seed_},
                                {"embedding_dim", embedding_dim_},
                                {"backbone_parameters", backbone_->parameters().size()},
                                {"calibration", config_.calibration == Calibration::per_model ? calibration_.to_json()
                                                                                              : nlohmann::json()}};
  nn::ModuleExtras extras;
  extras.text = state.dump();
  const std::vector<at::Tensor> params = backbone_->parameters();
  for (size_t i = 0; i < params.size(); ++i) extras.tensors["backbone." + std::to_string(i)] = params[i];
  if (config_.capability == CapabilityMode::source_weighted) {
    extras.tensors["task_classifier"] = bytes_to_tensor(task_classifier_.serialize());
  }
  nn::save_module_state(*net_, extras, path, kKind, structural_tag(raw_config_));
}

void ModelSatRouter::load(const std::string& path) {
  const std::string tag = structural_tag(raw_config_);
  nlohmann::json state;
  try {
    state = nlohmann::json::parse(nn::read_state_text(path, kKind, tag));
  } catch (const nlohmann::json::exception& error) {
    throw DataError(path + ": corrupted Model-SAT state: " + std::string(error.what()));
  }
  if (state.value("format", "") != "model_sat" || state.value("version", 0) != 1) {
    throw DataError(path + ": not a Model-SAT state (expected format \"model_sat\" version 1)");
  }
  seed_ = state.at("seed").get<uint64_t>();
  const int64_t embedding_dim = state.at("embedding_dim").get<int64_t>();
  if (config_.instruction_input != InstructionInput::tokens && embedding_dim != embedding_dim_) {
    throw DataError(path + ": Model-SAT state for another encoder width (expected " + std::to_string(embedding_dim_) +
                    ", got " + std::to_string(embedding_dim) + ")");
  }
  train_descriptions_ = state.at("descriptions").get<std::vector<std::string>>();
  if (config_.calibration == Calibration::per_model) {
    calibration_ = ScoreCalibration::from_json(state.value("calibration", nlohmann::json()), path + "#calibration");
  }
  build(text::BpeTokenizer::parse(state.at("tokenizer").get<std::string>(), path + "#tokenizer"));
  std::vector<at::Tensor> params = backbone_->parameters();
  const auto saved = state.at("backbone_parameters").get<size_t>();
  if (saved != params.size()) {
    throw DataError(path + ": Model-SAT state for another backbone (expected " + std::to_string(params.size()) +
                    " backbone parameter tensors, got " + std::to_string(saved) + ")");
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < params.size(); ++i) names.push_back("backbone." + std::to_string(i));
  const bool weighted = config_.capability == CapabilityMode::source_weighted;
  if (weighted) names.push_back("task_classifier");
  const nn::ModuleExtras extras = nn::load_module_state(*net_, path, kKind, tag, names);
  if (weighted) {
    task_classifier_ = text::SourceClassifier::deserialize(tensor_to_bytes(extras.tensors.at("task_classifier")),
                                                           path + "#task_classifier");
    train_task_names_ = state.value("task_names", std::vector<std::string>());
    for (const std::string& label : task_classifier_.labels()) {
      if (std::find(train_task_names_.begin(), train_task_names_.end(), label) == train_task_names_.end()) {
        throw DataError(path + ": corrupted Model-SAT state: task classifier label '" + label +
                        "' is not an aptitude task (expected one of " + std::to_string(train_task_names_.size()) + ")");
      }
    }
  }
  at::NoGradGuard no_grad;
  for (size_t i = 0; i < params.size(); ++i) {
    const at::Tensor& value = extras.tensors.at(names[i]);
    if (value.sizes() != params[i].sizes()) {
      throw DataError(path + ": Model-SAT state for another backbone (parameter " + std::to_string(i) +
                      " has another shape)");
    }
    params[i].copy_(value);
  }
  net_->eval();
  backbone_->set_training(false);
  fitted_ = true;
}

}  // namespace modelsat::msat
