// TorchScriptEncoder: tokenize, run the user module with shape checks, pool, and self-contained state files.
#include "torchscript_encoder.h"

#include <modelsat/atomic_file.h>
#include <modelsat/error.h>
#include <modelsat/text/fnv1a.h>
#include <modelsat/text/tokenizer_file.h>

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <torch/csrc/jit/serialization/import.h>

#include <sstream>

namespace modelsat::ts {

const char* const kTorchScriptEncoderSchema = R"json({
  "type": "object",
  "required": ["module", "tokenizer"],
  "properties": {
    "module": {"type": "string", "minLength": 1,
               "description": "TorchScript file: forward(input_ids [n,t] int64, attention_mask [n,t] int64) -> [n,dim] or [n,t,dim]"},
    "tokenizer": {"type": "string", "minLength": 1,
                  "description": "WordPiece vocab.txt, or the platform's BPE tokenizer file"},
    "lowercase": {"type": "boolean", "default": true, "description": "WordPiece only; a BPE file carries its own"},
    "max_tokens": {"type": "integer", "minimum": 1, "maximum": 8192, "default": 128,
                   "description": "longer texts are truncated, special tokens included"},
    "add_special_tokens": {"type": "boolean", "default": true, "description": "wrap ids in [CLS] ... [SEP]"},
    "pooling": {"type": "string", "enum": ["mean", "cls"], "default": "mean",
                "description": "pooling of [n,t,dim] outputs"},
    "normalize": {"type": "boolean", "default": true, "description": "L2-normalise the embeddings"}
  }
})json";

namespace {

constexpr const char* kMagic = "modelsat-torchscript-encoder 1";
constexpr int64_t kEncodeBatch = 32;

std::string shape_of(const at::Tensor& tensor) {
  std::string out = "[";
  for (int64_t i = 0; i < tensor.dim(); ++i) out += (i ? ", " : "") + std::to_string(tensor.size(i));
  return out + "]";
}

}  // namespace

TorchScriptEncoder::TorchScriptEncoder(const nlohmann::json& config, const std::string& device) : device_(device) {
  settings_ = config;
  settings_.erase("module");
  settings_.erase("tokenizer");
  const std::string module_path = config.at("module").get<std::string>();
  open(read_file(module_path), read_file(config.at("tokenizer").get<std::string>()), module_path);
}

void TorchScriptEncoder::open(const std::string& module_bytes, const std::string& tokenizer_contents,
                              const std::string& where) {
  tokenizer_ = text::parse_tokenizer(tokenizer_contents, settings_.at("lowercase").get<bool>(), where + "#tokenizer");
  std::istringstream stream(module_bytes);
  try {
    module_ = torch::jit::load(stream, at::Device(device_));
  } catch (const std::exception& error) {
    throw DataError(where + ": cannot load TorchScript encoder: " + std::string(error.what()).substr(0, 300));
  }
  module_.eval();
  where_ = where;
  module_bytes_ = module_bytes;
  tokenizer_contents_ = tokenizer_contents;
  dim_ = 0;
  dim_ = run({"probe"}, "load").size(1);
  key_ = "torchscript/v1/" + text::hex64(text::fnv1a(module_bytes_)) + "/" + tokenizer_->fingerprint() + "/" +
         text::hex64(text::fnv1a(settings_.dump()));
}

at::Tensor TorchScriptEncoder::run(const std::vector<std::string>& texts, const std::string& where) const {
  const auto max_tokens = settings_.at("max_tokens").get<int64_t>();
  const bool special = settings_.at("add_special_tokens").get<bool>();
  const text::SpecialIds ids_of = tokenizer_->specials();
  std::vector<std::vector<int64_t>> rows;
  int64_t longest = 1;
  for (const std::string& text : texts) {
    std::vector<int64_t> row;
    if (special && ids_of.cls >= 0) row.push_back(ids_of.cls);
    for (int32_t id : tokenizer_->encode(text)) row.push_back(id);
    const int64_t room = max_tokens - (special && ids_of.sep >= 0 ? 1 : 0);
    if (static_cast<int64_t>(row.size()) > room) row.resize(static_cast<size_t>(std::max<int64_t>(room, 1)));
    if (special && ids_of.sep >= 0) row.push_back(ids_of.sep);
    if (row.empty()) row.push_back(ids_of.pad >= 0 ? ids_of.pad : 0);
    longest = std::max<int64_t>(longest, static_cast<int64_t>(row.size()));
    rows.push_back(std::move(row));
  }
  const auto n = static_cast<int64_t>(rows.size());
  at::Tensor input_ids = at::full({n, longest}, ids_of.pad >= 0 ? ids_of.pad : 0, at::kLong);
  at::Tensor attention = at::zeros({n, longest}, at::kLong);
  for (int64_t r = 0; r < n; ++r) {
    for (size_t i = 0; i < rows[static_cast<size_t>(r)].size(); ++i) {
      input_ids[r][static_cast<int64_t>(i)] = rows[static_cast<size_t>(r)][i];
      attention[r][static_cast<int64_t>(i)] = 1;
    }
  }
  const at::Device device(device_);
  c10::IValue output;
  try {
    output = module_.forward({input_ids.to(device), attention.to(device)});
  } catch (const std::exception& error) {
    throw DataError(where_ + ": TorchScript encoder: " + where + ": forward failed: " + std::string(error.what()).substr(0, 300));
  }
  if (!output.isTensor()) {
    throw DataError(where_ + ": TorchScript encoder: " + where + ": forward must return a Tensor (got " + output.tagKind() + ")");
  }
  at::Tensor out = output.toTensor().to(at::kCPU, at::kFloat);
  if (out.dim() == 3 && out.size(0) == n && out.size(1) == longest) {
    const at::Tensor weights = attention.to(at::kFloat).unsqueeze(-1);
    out = settings_.at("pooling").get<std::string>() == "cls" ? out.select(1, 0)
                                                               : (out * weights).sum(1) / weights.sum(1).clamp_min(1.0);
  } else if (!(out.dim() == 2 && out.size(0) == n)) {
    throw DataError(where_ + ": TorchScript encoder: " + where + ": wrong output shape (expected [" + std::to_string(n) +
                    ", dim] or [" + std::to_string(n) + ", " + std::to_string(longest) + ", dim], got " + shape_of(out) + ")");
  }
  if (dim_ > 0 && out.size(1) != dim_) {
    throw DataError(where_ + ": TorchScript encoder: " + where + ": output width changed (expected " +
                    std::to_string(dim_) + ", got " + std::to_string(out.size(1)) + ")");
  }
  if (settings_.at("normalize").get<bool>()) out = out / out.norm(2, {1}, true).clamp_min(1e-12);
  return out.contiguous();
}

at::Tensor TorchScriptEncoder::encode(const std::vector<std::string>& texts) const {
  at::NoGradGuard no_grad;
  std::vector<at::Tensor> parts;
  for (size_t start = 0; start < texts.size(); start += kEncodeBatch) {
    const std::vector<std::string> chunk(texts.begin() + static_cast<std::ptrdiff_t>(start),
                                         texts.begin() + static_cast<std::ptrdiff_t>(std::min(texts.size(), start + kEncodeBatch)));
    parts.push_back(run(chunk, "encode"));
  }
  if (parts.empty()) return at::zeros({0, dim_}, at::kFloat);
  return at::cat(parts, 0).contiguous();
}

void TorchScriptEncoder::save(const std::string& path) const {
  const uint64_t checksum = text::fnv1a(module_bytes_, text::fnv1a(tokenizer_contents_));
  const nlohmann::json header = {{"settings", settings_},
                                 {"tokenizer_bytes", tokenizer_contents_.size()},
                                 {"module_bytes", module_bytes_.size()},
                                 {"checksum", text::hex64(checksum)}};
  write_file_atomic(path, std::string(kMagic) + "\n" + header.dump() + "\n" + tokenizer_contents_ + module_bytes_);
}

void TorchScriptEncoder::load(const std::string& path) {
  const std::string contents = read_file(path);
  std::istringstream in(contents);
  std::string magic, header_line;
  std::getline(in, magic);
  std::getline(in, header_line);
  if (magic != kMagic) {
    throw DataError(path + ": not a TorchScript encoder state (expected first line \"" + kMagic + "\")");
  }
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(header_line);
    const auto offset = magic.size() + header_line.size() + 2;
    const auto n_tokenizer = header.at("tokenizer_bytes").get<size_t>();
    const auto n_module = header.at("module_bytes").get<size_t>();
    if (offset + n_tokenizer + n_module != contents.size()) {
      throw DataError(path + ": corrupted TorchScript encoder state: wrong size (expected " +
                      std::to_string(offset + n_tokenizer + n_module) + " bytes, got " + std::to_string(contents.size()) + ")");
    }
    const std::string tokenizer = contents.substr(offset, n_tokenizer);
    const std::string module = contents.substr(offset + n_tokenizer);
    const std::string checksum = text::hex64(text::fnv1a(module, text::fnv1a(tokenizer)));
    if (checksum != header.at("checksum").get<std::string>()) {
      throw DataError(path + ": corrupted TorchScript encoder state: checksum mismatch (expected " +
                      header.at("checksum").get<std::string>() + ", got " + checksum + ")");
    }
    if (header.at("settings") != settings_) {
      throw DataError(path + ": TorchScript encoder state from another config (expected " + settings_.dump() +
                      ", got " + header.at("settings").dump() + ")");
    }
    open(module, tokenizer, path);
  } catch (const nlohmann::json::exception& error) {
    throw DataError(path + ": corrupted TorchScript encoder state: " + std::string(error.what()));
  }
}

}  // namespace modelsat::ts
