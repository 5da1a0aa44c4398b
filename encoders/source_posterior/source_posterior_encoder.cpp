// SourcePosteriorEncoder: fit on labelled training texts, posterior embeddings, classifier state files.
#include "source_posterior_encoder.h"

#include <modelsat/atomic_file.h>
#include <modelsat/error.h>
#include <modelsat/sha256.h>

#include <ATen/ATen.h>


namespace modelsat::source_posterior {
namespace {

const char* const kKind = "source_posterior";

std::string number_text(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  return text;
}

}  // namespace

const char* const kSourcePosteriorEncoderSchema = R"json({
  "type": "object",
  "properties": {
    "alpha": {"type": "number", "exclusiveMinimum": 0, "default": 0.1,
              "description": "Laplace smoothing of the naive-Bayes word counts"},
    "word_pairs": {"type": "boolean", "default": true,
                   "description": "adjacent word pairs as features besides single words"},
    "max_sources": {"type": "integer", "minimum": 1, "default": 128,
                    "description": "embedding width: at least the number of distinct training source labels"}
  }
})json";

std::string SourcePosteriorEncoder::cache_key() const {
  return std::string(kKind) + "/v1/alpha=" + number_text(config_.alpha) + "/pairs=" + (config_.word_pairs ? "1" : "0") +
         "/width=" + std::to_string(config_.max_sources) + "/" + (classifier_ ? fitted_key_ : "unfitted");
}

void SourcePosteriorEncoder::adopt(text::SourceClassifier classifier, const std::string& where) {
  const auto n_labels = static_cast<int64_t>(classifier.labels().size());
  if (n_labels > config_.max_sources) {
    throw DataError(where + ": more source labels than the embedding is wide: raise max_sources (expected at most " +
                    std::to_string(config_.max_sources) + ", got " + std::to_string(n_labels) + ")");
  }
  classifier_ = std::make_unique<text::SourceClassifier>(std::move(classifier));
  fitted_key_ = sha256_hex(classifier_->serialize()).substr(0, 16);
}

void SourcePosteriorEncoder::fit(const std::vector<std::string>& corpus, const std::vector<std::string>& sources) {
  if (sources.size() != corpus.size()) {
    throw DataError(std::string(kKind) + ": fit: the training texts need one source label each (expected " +
                    std::to_string(corpus.size()) + ", got " + std::to_string(sources.size()) + ")");
  }
  text::SourceClassifier classifier;
  try {
    classifier.fit(corpus, sources, config_.alpha, config_.word_pairs);
  } catch (const DataError& error) {
    throw DataError(std::string(kKind) + ": fit: " + error.what());
  }
  adopt(std::move(classifier), std::string(kKind) + ": fit");
}

at::Tensor SourcePosteriorEncoder::encode(const std::vector<std::string>& texts) const {
  if (!classifier_) throw Error(std::string(kKind) + ": encode: called before fit() or load()");
  return at::tensor(classifier_->posterior_rows(texts, static_cast<size_t>(config_.max_sources)), at::kFloat)
      .view({static_cast<int64_t>(texts.size()), config_.max_sources});
}

void SourcePosteriorEncoder::save(const std::string& path) const {
  if (!classifier_) throw Error(std::string(kKind) + ": save: nothing to save before fit()");
  write_file_atomic(path, classifier_->serialize());
}

void SourcePosteriorEncoder::load(const std::string& path) {
  adopt(text::SourceClassifier::deserialize(read_file(path), path), path);
}

}  // namespace modelsat::source_posterior
