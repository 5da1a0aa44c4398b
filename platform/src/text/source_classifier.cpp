// Multinomial naive Bayes over hashed word and word-pair counts: training counts, posterior, byte serialization.
#include "modelsat/text/source_classifier.h"

#include "modelsat/error.h"
#include "modelsat/text/fnv1a.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

namespace modelsat::text {
namespace {

constexpr char kMagic[4] = {'M', 'S', 'S', 'C'};
constexpr uint32_t kVersion = 1;

bool is_word_byte(unsigned char byte) {
  return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') || byte >= 0x80;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (unsigned char byte : text) {
    if (is_word_byte(byte)) {
      word += static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

template <typename T>
void put(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename T>
void put_array(std::string& out, const std::vector<T>& values) {
  put(out, static_cast<uint64_t>(values.size()));
  out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

// Reads serialize()'s fields in order; every read checks the remaining length.
class Reader {
 public:
  Reader(const std::string& bytes, std::string where) : bytes_(bytes), where_(std::move(where)) {}
  template <typename T>
  T get() {
    need(sizeof(T), "a field");
    T value;
    std::memcpy(&value, bytes_.data() + position_, sizeof(T));
    position_ += sizeof(T);
    return value;
  }
  template <typename T>
  std::vector<T> get_array() {
    const auto size = get<uint64_t>();
    if (size > (bytes_.size() - position_) / sizeof(T)) fail("an array of " + std::to_string(size) + " values");
    std::vector<T> values(static_cast<size_t>(size));
    std::memcpy(values.data(), bytes_.data() + position_, values.size() * sizeof(T));
    position_ += values.size() * sizeof(T);
    return values;
  }
  std::string get_string() {
    const auto size = get<uint64_t>();
    need(size, "a label");
    std::string value = bytes_.substr(position_, static_cast<size_t>(size));
    position_ += static_cast<size_t>(size);
    return value;
  }
  bool at_end() const { return position_ == bytes_.size(); }
  [[noreturn]] void fail(const std::string& what) const {
    throw DataError(where_ + ": not a source classifier: truncated or corrupt (expected " + what + " at byte " +
                    std::to_string(position_) + ", got " + std::to_string(bytes_.size()) + " bytes in all)");
  }

 private:
  void need(uint64_t size, const std::string& what) const {
    if (size > bytes_.size() - position_) fail(what);
  }
  const std::string& bytes_;
  std::string where_;
  size_t position_ = 0;
};

}  // namespace

std::vector<uint64_t> SourceClassifier::features_of(const std::string& text) const {
  const std::vector<std::string> words = words_of(text);
  std::vector<uint64_t> features;
  for (size_t i = 0; i < words.size(); ++i) {
    features.push_back(fnv1a(words[i]));
    if (word_pairs_ && i + 1 < words.size()) features.push_back(fnv1a(words[i] + ' ' + words[i + 1]));
  }
  return features;
}

void SourceClassifier::fit(const std::vector<std::string>& texts, const std::vector<std::string>& labels, double alpha,
                           bool word_pairs) {
  if (texts.size() != labels.size()) {
    throw DataError("source classifier: fit: one label per text (expected " + std::to_string(texts.size()) +
                    ", got " + std::to_string(labels.size()) + ")");
  }
  word_pairs_ = word_pairs;
  std::map<std::string, uint32_t> label_index;
  for (const auto& label : labels) {
    if (!label.empty()) label_index.emplace(label, 0);
  }
  if (label_index.empty()) {
    throw DataError("no training text has a source label (expected at least one non-empty label, got " +
                    std::to_string(labels.size()) + " empty)");
  }
  labels_.clear();
  for (auto& [label, index] : label_index) {
    index = static_cast<uint32_t>(labels_.size());
    labels_.push_back(label);
  }
  std::vector<double> documents(labels_.size(), 0.0), feature_totals(labels_.size(), 0.0);
  std::map<uint64_t, std::map<uint32_t, double>> counts;  // ordered, so identical input gives identical bytes
  for (size_t i = 0; i < texts.size(); ++i) {
    if (labels[i].empty()) continue;
    const uint32_t label = label_index.at(labels[i]);
    documents[label] += 1.0;
    for (uint64_t feature : features_of(texts[i])) {
      counts[feature][label] += 1.0;
      feature_totals[label] += 1.0;
    }
  }
  double n_documents = 0.0;
  for (double d : documents) n_documents += d;
  const auto n_features = static_cast<double>(counts.size());
  log_prior_.clear();
  unseen_log_.clear();
  for (size_t s = 0; s < labels_.size(); ++s) {
    log_prior_.push_back(static_cast<float>(std::log(documents[s] / n_documents)));
    unseen_log_.push_back(static_cast<float>(std::log(alpha / (feature_totals[s] + alpha * n_features))));
  }
  feature_hashes_.clear();
  offsets_.assign(1, 0);
  entry_labels_.clear();
  entry_gain_.clear();
  for (const auto& [feature, by_label] : counts) {
    feature_hashes_.push_back(feature);
    for (const auto& [label, count] : by_label) {
      entry_labels_.push_back(label);
      entry_gain_.push_back(static_cast<float>(std::log((count + alpha) / alpha)));
    }
    offsets_.push_back(entry_labels_.size());
  }
  index_features();
}

void SourceClassifier::index_features() {
  feature_index_.clear();
  for (size_t i = 0; i < feature_hashes_.size(); ++i) feature_index_.emplace(feature_hashes_[i], i);
}

std::vector<float> SourceClassifier::posterior(const std::string& text) const {
  std::vector<double> log_score(log_prior_.begin(), log_prior_.end());
  for (uint64_t feature : features_of(text)) {
    const auto found = feature_index_.find(feature);
    if (found == feature_index_.end()) continue;
    for (size_t s = 0; s < log_score.size(); ++s) log_score[s] += unseen_log_[s];
    for (uint64_t e = offsets_[found->second]; e < offsets_[found->second + 1]; ++e) {
      log_score[entry_labels_[e]] += entry_gain_[e];
    }
  }
  const double top = *std::max_element(log_score.begin(), log_score.end());
  double total = 0.0;
  for (double& value : log_score) total += (value = std::exp(value - top));
  std::vector<float> out;
  for (double value : log_score) out.push_back(static_cast<float>(value / total));
  return out;
}

std::vector<float> SourceClassifier::posterior_rows(const std::vector<std::string>& texts, size_t width) const {
  std::vector<float> rows(texts.size() * width, 0.0F);
  for (size_t t = 0; t < texts.size(); ++t) {
    const std::vector<float> row = posterior(texts[t]);
    std::copy(row.begin(), row.end(), rows.begin() + static_cast<std::ptrdiff_t>(t * width));
  }
  return rows;
}

std::string SourceClassifier::serialize() const {
  std::string out(kMagic, sizeof(kMagic));
  put(out, kVersion);
  put(out, static_cast<uint8_t>(word_pairs_ ? 1 : 0));
  put(out, static_cast<uint64_t>(labels_.size()));
  for (const auto& label : labels_) {
    put(out, static_cast<uint64_t>(label.size()));
    out += label;
  }
  put_array(out, log_prior_);
  put_array(out, unseen_log_);
  put_array(out, feature_hashes_);
  put_array(out, offsets_);
  put_array(out, entry_labels_);
  put_array(out, entry_gain_);
  return out;
}

SourceClassifier SourceClassifier::deserialize(const std::string& bytes, const std::string& where) {
  if (bytes.size() < sizeof(kMagic) || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    throw DataError(where + ": not a source classifier (expected the MSSC header, got " +
                    std::to_string(bytes.size()) + " bytes without it)");
  }
  Reader reader(bytes, where);
  reader.get<uint32_t>();  // the magic, checked above
  const auto version = reader.get<uint32_t>();
  if (version != kVersion) {
    throw DataError(where + ": not a source classifier of this version (expected " + std::to_string(kVersion) +
                    ", got " + std::to_string(version) + ")");
  }
  SourceClassifier out;
  out.word_pairs_ = reader.get<uint8_t>() != 0;
  const auto n_labels = reader.get<uint64_t>();
  for (uint64_t s = 0; s < n_labels; ++s) out.labels_.push_back(reader.get_string());
  out.log_prior_ = reader.get_array<float>();
  out.unseen_log_ = reader.get_array<float>();
  out.feature_hashes_ = reader.get_array<uint64_t>();
  out.offsets_ = reader.get_array<uint64_t>();
  out.entry_labels_ = reader.get_array<uint32_t>();
  out.entry_gain_ = reader.get_array<float>();
  if (!reader.at_end()) reader.fail("the end of the classifier");
  const bool consistent =
      !out.labels_.empty() && out.log_prior_.size() == n_labels &&
      out.unseen_log_.size() == n_labels && out.offsets_.size() == out.feature_hashes_.size() + 1 &&
      out.offsets_.front() == 0 && out.offsets_.back() == out.entry_labels_.size() &&
      std::is_sorted(out.offsets_.begin(), out.offsets_.end()) && out.entry_gain_.size() == out.entry_labels_.size() &&
      std::all_of(out.entry_labels_.begin(), out.entry_labels_.end(), [&](uint32_t s) { return s < n_labels; });
  if (!consistent) reader.fail("arrays that agree in size with " + std::to_string(n_labels) + " labels");
  out.index_features();
  return out;
}

}  // namespace modelsat::text
