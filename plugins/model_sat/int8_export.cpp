// Model-SAT int8 export: rebuilds the saved net and built-in backbone, quantises the block matrices, fills a .msq file.
#include "int8_export.h"

#include "model_sat_config.h"
#include "model_sat_net.h"
#include "module_io.h"
#include "transformer_stack.h"

#include <modelsat/atomic_file.h>
#include <modelsat/error.h>

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <cstring>

namespace modelsat::msat {
namespace {

constexpr const char* kKind = "router/model_sat";  // the state file's kind (model_sat_router.cpp)

void require(bool ok, const std::string& what, const std::string& expected, const std::string& got) {
  if (!ok) {
    throw ConfigError("export: " + what + " not supported by the int8 runtime (expected " + expected + ", got " + got + ")");
  }
}

msq::FloatTensor float_tensor(const at::Tensor& t) {
  const at::Tensor c = t.detach().to(at::kCPU, at::kFloat).contiguous();
  msq::FloatTensor out;
  for (int64_t d : c.sizes()) out.shape.push_back(d);
  out.values.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
  return out;
}

msq::QuantMatrix quant_matrix(const at::Tensor& t) {
  const at::Tensor c = t.detach().to(at::kCPU, at::kFloat).contiguous();
  return msq::quantize_rows(c.data_ptr<float>(), c.size(0), c.size(1));
}

/// Checks the config against what the runtime implements and copies the settings it needs.
msq::RouterSettings runtime_settings(const nlohmann::json& raw, const ModelSatConfig& c) {
  const std::string calibration = raw.value("calibration", std::string("none"));
  require(c.instruction_input == InstructionInput::tokens, "instruction_input", "\"tokens\"",
          "\"" + raw.at("instruction_input").get<std::string>() + "\"");
  require(c.task_text == TaskText::tokens, "task_text", "\"tokens\"", "\"" + raw.at("task_text").get<std::string>() + "\"");
  require(c.capability == CapabilityMode::per_task || c.capability == CapabilityMode::pooled, "capability",
          "\"per_task\" or \"pooled\"", "\"" + raw.at("capability").get<std::string>() + "\"");
  require(calibration == "none", "calibration", "\"none\"", "\"" + calibration + "\"");
  msq::RouterSettings s;
  s.capability = c.capability == CapabilityMode::per_task ? "per_task" : "pooled";
  s.sequence_order = raw.at("sequence_order").get<std::string>();
  s.capability_width = c.capability_width;
  s.connector_mlp = c.connector_mlp;
  s.score_output = c.score_output == ScoreOutput::probability ? "probability" : "logit";
  s.routing_shuffles = c.routing_shuffles;
  s.max_instruction_tokens = c.max_instruction_tokens;
  s.inquiry_prompt = c.inquiry_prompt;
  s.layers = c.builtin_backbone.layers;
  s.width = c.builtin_backbone.width;
  s.heads = c.builtin_backbone.heads;
  s.context = c.builtin_backbone.context;
  s.ffn_multiplier = c.builtin_backbone.ffn_multiplier;
  s.positions = nn::to_string(c.builtin_backbone.positions);
  return s;
}

}  // namespace

msq::ModelFile export_int8(const nlohmann::json& config, const std::string& state_path, const nlohmann::json& zoo) {
  const ModelSatConfig c = model_sat_config_from_json(config);
  msq::ModelFile file;
  file.settings = runtime_settings(config, c);

  // Rebuild the router's net and built-in backbone as ModelSatRouter::load does, then read the weights by name.
  const std::string tag = structural_tag(config);
  nlohmann::json state;
  try {
    state = nlohmann::json::parse(nn::read_state_text(state_path, kKind, tag));
  } catch (const nlohmann::json::exception& error) {
    throw DataError(state_path + ": corrupted Model-SAT state: " + std::string(error.what()));
  }
  if (state.value("format", "") != "model_sat" || state.value("version", 0) != 1) {
    throw DataError(state_path + ": not a Model-SAT state (expected format \"model_sat\" version 1)");
  }
  file.settings.seed = state.at("seed").get<uint64_t>();
  const text::BpeTokenizer tokenizer =
      text::BpeTokenizer::parse(state.at("tokenizer").get<std::string>(), state_path + "#tokenizer");
  file.lowercase = tokenizer.lowercase();
  file.merges = tokenizer.merges();
  const int64_t width = c.builtin_backbone.width;
  ModelSatNetImpl net(c, tokenizer, width, width, state.at("embedding_dim").get<int64_t>(), 0,
                      c.builtin_backbone.context);
  nn::TransformerStackImpl stack(c.builtin_backbone);
  const auto named = stack.named_parameters();
  const auto saved = state.at("backbone_parameters").get<size_t>();
  if (saved != named.size()) {
    throw DataError(state_path + ": export: the state's backbone is not the built-in one (expected " +
                    std::to_string(named.size()) + " parameter tensors, got " + std::to_string(saved) + ")");
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < named.size(); ++i) names.push_back("backbone." + std::to_string(i));
  const nn::ModuleExtras extras = nn::load_module_state(net, state_path, kKind, tag, names);
  {
    at::NoGradGuard no_grad;
    for (size_t i = 0; i < named.size(); ++i) {
      const at::Tensor& value = extras.tensors.at(names[i]);
      if (value.sizes() != named[i].value().sizes()) {
        throw DataError(state_path + ": export: backbone parameter " + std::to_string(i) + " (" + named[i].key() +
                        ") has another shape than the built-in backbone's");
      }
      named[i].value().copy_(value);
    }
  }

  for (const auto& item : net.named_parameters()) {
    const std::string& name = item.key();
    if (name.rfind("lm_projection", 0) == 0) continue;  // used by LM pretraining only
    file.floats[name == "token_embedding.weight" ? "token_embedding" : name] = float_tensor(item.value());
  }
  for (const auto& item : named) {
    const std::string& name = item.key();  // position.weight, blocks.<i>.<layer>.<weight|bias>, norm_final.*
    if (name == "position.weight") {
      file.floats["position"] = float_tensor(item.value());
      continue;
    }
    const bool matrix = name.find(".norm") == std::string::npos && name.size() > 7 &&
                        name.compare(name.size() - 7, 7, ".weight") == 0 && name.rfind("blocks.", 0) == 0;
    if (matrix) {
      file.quants[name.substr(0, name.size() - 7)] = quant_matrix(item.value());
    } else {
      file.floats[name] = float_tensor(item.value());
    }
  }

  file.router_id = zoo.value("id", std::string());
  file.tasks = zoo.contains("tasks") ? zoo.at("tasks").get<std::vector<std::string>>()
                                     : state.at("descriptions").get<std::vector<std::string>>();
  if (file.tasks.empty()) throw DataError("export: no aptitude task descriptions (expected one per aptitude task)");
  for (const auto& m : zoo.value("models", nlohmann::json::array())) {
    msq::ModelEntry entry{m.at("name").get<std::string>(), m.value("cost", 0.0), m.at("aptitude").get<std::vector<float>>()};
    if (entry.aptitude.size() != file.tasks.size()) {
      throw DataError("export: model '" + entry.name + "': aptitude results of the wrong length (expected " +
                      std::to_string(file.tasks.size()) + ", got " + std::to_string(entry.aptitude.size()) + ")");
    }
    file.models.push_back(std::move(entry));
  }
  file.zoos = zoo.value("zoos", std::map<std::string, std::vector<std::string>>());
  const int64_t fixed = (c.capability == CapabilityMode::per_task ? static_cast<int64_t>(file.tasks.size()) : 1) + 2 +
                        static_cast<int64_t>(tokenizer.encode(c.inquiry_prompt).size());
  if (fixed > c.builtin_backbone.context) {
    throw ConfigError("export: the capability instruction does not fit the backbone context (expected <= " +
                      std::to_string(c.builtin_backbone.context) + " positions without the instruction, got " +
                      std::to_string(fixed) + ")");
  }
  return file;
}

}  // namespace modelsat::msat

extern "C" MSAT_PLUGIN_EXPORT int msat_model_sat_export_int8(const char* config_json, const char* state_path,
                                                             const char* zoo_json, const char* out_path, char* error,
                                                             size_t error_size) {
  const auto report = [&](const std::string& message) {
    if (error != nullptr && error_size > 0) {
      std::strncpy(error, message.c_str(), error_size - 1);
      error[error_size - 1] = '\0';
    }
    return 0;
  };
  try {
    const msq::ModelFile file = modelsat::msat::export_int8(nlohmann::json::parse(config_json), state_path,
                                                            nlohmann::json::parse(zoo_json));
    const std::vector<uint8_t> bytes = msq::serialize(file);
    modelsat::write_file_atomic(out_path, std::string(bytes.begin(), bytes.end()));
    return 1;
  } catch (const std::exception& e) {
    return report(e.what());
  } catch (...) {
    return report("export: unknown error");
  }
}
