// HashingEncoder: config, encode into a tensor, settings-only state files.
#include "hashing_encoder.h"

#include <modelsat/atomic_file.h>
#include <modelsat/error.h>
#include <modelsat/json_util.h>

#include <ATen/ATen.h>

#include <cstring>

namespace modelsat::hashing {

const char* const kHashingEncoderSchema = R"json({
  "type": "object",
  "properties": {
    "dim": {"type": "integer", "minimum": 8, "maximum": 1048576, "default": 256, "description": "hash buckets"},
    "char_ngram_min": {"type": "integer", "minimum": 0, "maximum": 16, "default": 3,
                       "description": "shortest character n-gram inside ' word ' (0 = no character n-grams)"},
    "char_ngram_max": {"type": "integer", "minimum": 0, "maximum": 16, "default": 5},
    "word_ngram_min": {"type": "integer", "minimum": 0, "maximum": 8, "default": 1,
                       "description": "shortest word n-gram (0 = no word n-grams)"},
    "word_ngram_max": {"type": "integer", "minimum": 0, "maximum": 8, "default": 2},
    "lowercase": {"type": "boolean", "default": true},
    "sublinear_tf": {"type": "boolean", "default": true, "description": "sign(c) log(1 + |c|) per bucket"}
  }
})json";

HashingOptions hashing_options_from_json(const nlohmann::json& config) {
  HashingOptions o;
  o.dim = config.at("dim").get<int64_t>();
  o.char_ngram_min = config.at("char_ngram_min").get<int64_t>();
  o.char_ngram_max = config.at("char_ngram_max").get<int64_t>();
  o.word_ngram_min = config.at("word_ngram_min").get<int64_t>();
  o.word_ngram_max = config.at("word_ngram_max").get<int64_t>();
  o.lowercase = config.at("lowercase").get<bool>();
  o.sublinear_tf = config.at("sublinear_tf").get<bool>();
  if ((o.char_ngram_min > 0 && o.char_ngram_max < o.char_ngram_min) ||
      (o.word_ngram_min > 0 && o.word_ngram_max < o.word_ngram_min)) {
    throw ConfigError("encoder/hashing: create: an n-gram range is empty (expected min <= max, got char " +
                      std::to_string(o.char_ngram_min) + "-" + std::to_string(o.char_ngram_max) + ", word " +
                      std::to_string(o.word_ngram_min) + "-" + std::to_string(o.word_ngram_max) + ")");
  }
  if (o.char_ngram_min == 0 && o.word_ngram_min == 0) {
    throw ConfigError("encoder/hashing: create: no features (expected char_ngram_min or word_ngram_min > 0, got both 0)");
  }
  return o;
}

at::Tensor HashingEncoder::encode(const std::vector<std::string>& texts) const {
  at::Tensor out = at::empty({static_cast<int64_t>(texts.size()), options_.dim}, at::kFloat);
  float* data = out.data_ptr<float>();
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::vector<float> row = hash_features(texts[i], options_);
    std::memcpy(data + i * static_cast<size_t>(options_.dim), row.data(), row.size() * sizeof(float));
  }
  return out;
}

void HashingEncoder::save(const std::string& path) const {
  const nlohmann::json state = {{"format", "hashing_encoder"}, {"version", 1}, {"settings", describe(options_)}};
  write_file_atomic(path, state.dump(2) + "\n");
}

void HashingEncoder::load(const std::string& path) {
  const nlohmann::json state = read_json_file(path);
  if (!state.is_object() || state.value("format", "") != "hashing_encoder" || state.value("version", 0) != 1) {
    throw DataError(path + ": not a hashing encoder state (expected format \"hashing_encoder\" version 1)");
  }
  const std::string settings = state.value("settings", "");
  if (settings != describe(options_)) {
    throw DataError(path + ": hashing encoder state from another config (expected " + describe(options_) + ", got " +
                    settings + ")");
  }
}

}  // namespace modelsat::hashing
