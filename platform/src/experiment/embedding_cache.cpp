// The run's embedding cache: one torch archive per (encoder, texts) key, written atomically.
#include "modelsat/experiment/embedding_cache.h"

#include "modelsat/atomic_file.h"
#include "modelsat/byte_tensor.h"
#include "modelsat/error.h"
#include "modelsat/log.h"
#include "modelsat/progress.h"
#include "modelsat/sha256.h"

#include <ATen/ATen.h>
#include <torch/serialize.h>

#include <filesystem>
#include <sstream>

namespace modelsat::experiment {
namespace {
constexpr size_t kBatch = 256;
}

std::string EmbeddingCache::key(const std::string& encoder_key, const std::vector<std::string>& texts) {
  std::string material = encoder_key;
  material.push_back('\0');
  for (const auto& text : texts) {
    material += sha256_hex(text);
  }
  return sha256_hex(material);
}

at::Tensor EmbeddingCache::embed(const EncoderHandle& encoder, const std::vector<std::string>& texts) const {
  const std::string cache_key = key(encoder.cache_key(), texts);
  const std::string path = dir_ + "/embeddings-" + cache_key.substr(0, 24) + ".pt";
  if (std::filesystem::exists(path)) {
    torch::serialize::InputArchive archive;
    archive.load_from(path);
    at::Tensor embeddings, stored_key;
    archive.read("embeddings", embeddings);
    archive.read("key", stored_key);
    const std::string stored = tensor_to_bytes(stored_key);
    if (stored != cache_key || embeddings.size(0) != static_cast<int64_t>(texts.size())) {
      throw DataError(path + ": embedding cache entry does not match its key (expected " + cache_key + ", got " +
                      stored + "); delete the file");
    }
    log_info("embeddings", "reusing " + path);
    return embeddings;
  }
  std::vector<at::Tensor> parts;
  ProgressBar progress(encoder.spec().id() + " encoding", static_cast<int64_t>(texts.size()));
  for (size_t start = 0; start < texts.size(); start += kBatch) {
    const std::vector<std::string> batch(texts.begin() + static_cast<long>(start),
                                         texts.begin() + static_cast<long>(std::min(texts.size(), start + kBatch)));
    parts.push_back(encoder.encode(batch));
    progress.advance(static_cast<int64_t>(batch.size()));
  }
  progress.finish();
  at::Tensor embeddings = parts.empty() ? at::zeros({0, encoder.dim()}, at::kFloat) : at::cat(parts, 0);
  torch::serialize::OutputArchive archive;
  archive.write("embeddings", embeddings);
  archive.write("key", bytes_to_tensor(cache_key));
  std::ostringstream bytes;
  archive.save_to(bytes);
  write_file_atomic(path, bytes.str());
  return embeddings;
}

}  // namespace modelsat::experiment
