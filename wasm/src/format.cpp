// The .msq file: header, metadata JSON and tensor blob written and read with every field checked.
#include "msq/format.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

namespace msq {
namespace {

using nlohmann::json;

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;
constexpr int32_t kFirstByte = 5;     // after the 5 special tokens (modelsat/text/bpe_tokenizer.h)
constexpr int32_t kFirstMerge = 261;  // after the 256 byte tokens

uint64_t fnv1a(const uint8_t* data, size_t size) {
  uint64_t hash = kFnvOffset;
  for (size_t i = 0; i < size; ++i) {
    hash ^= data[i];
    hash *= kFnvPrime;
  }
  return hash;
}

template <typename T>
void put(std::vector<uint8_t>& out, T value) {
  uint8_t bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.insert(out.end(), bytes, bytes + sizeof(T));
}

template <typename T>
T get(const uint8_t* data) {
  T value;
  std::memcpy(&value, data, sizeof(T));
  return value;
}

void append_bytes(std::vector<uint8_t>& out, const void* data, size_t size) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  out.insert(out.end(), bytes, bytes + size);
}

/// Reads metadata JSON values with "<source>: metadata#<pointer>: ..." messages.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& what) const {
    throw FormatError(source_ + ": metadata#" + pointer + ": " + what);
  }

  const json& field(const json& object, const std::string& pointer, const std::string& key) const {
    const auto it = object.find(key);
    if (it == object.end()) fail(pointer + "/" + key, "missing");
    return *it;
  }

  void only_keys(const json& object, const std::string& pointer, std::initializer_list<const char*> keys) const {
    if (!object.is_object()) fail(pointer, "wrong type (expected an object, got " + std::string(object.type_name()) + ")");
    const std::set<std::string> known(keys.begin(), keys.end());
    for (const auto& item : object.items()) {
      if (known.count(item.key()) == 0) fail(pointer + "/" + item.key(), "unknown key");
    }
  }

  template <typename T>
  T value(const json& object, const std::string& pointer, const std::string& key) const {
    const json& v = field(object, pointer, key);
    try {
      return v.get<T>();
    } catch (const json::exception&) {
      fail(pointer + "/" + key, "wrong type (got " + std::string(v.type_name()) + ")");
    }
  }

  int64_t integer(const json& object, const std::string& pointer, const std::string& key, int64_t low,
                  int64_t high) const {
    const json& v = field(object, pointer, key);
    if (!v.is_number_integer()) fail(pointer + "/" + key, "wrong type (expected an integer, got " + std::string(v.type_name()) + ")");
    const int64_t x = v.get<int64_t>();
    if (x < low || x > high) {
      fail(pointer + "/" + key, "out of range (expected " + std::to_string(low) + ".." + std::to_string(high) +
                                    ", got " + std::to_string(x) + ")");
    }
    return x;
  }

  const std::string& source() const { return source_; }

 private:
  std::string source_;
};

json settings_json(const RouterSettings& s) {
  return {{"capability", s.capability},         {"capability_width", s.capability_width},
          {"connector_mlp", s.connector_mlp},
          {"score_output", s.score_output},     {"routing_shuffles", s.routing_shuffles},
          {"seed", s.seed},                     {"max_instruction_tokens", s.max_instruction_tokens},
          {"inquiry_prompt", s.inquiry_prompt}, {"layers", s.layers},
          {"width", s.width},                   {"heads", s.heads},
          {"context", s.context},               {"ffn_multiplier", s.ffn_multiplier},
          {"positions", s.positions},           {"sequence_order", s.sequence_order}};
}

RouterSettings read_settings(const Reader& r, const json& j) {
  const std::string p = "/settings";
  r.only_keys(j, p, {"capability", "capability_width", "connector_mlp", "score_output", "routing_shuffles", "seed", "max_instruction_tokens",
                     "inquiry_prompt", "layers", "width", "heads", "context", "ffn_multiplier", "positions",
                     "sequence_order"});
  RouterSettings s;
  const auto one_of = [&](const std::string& key, std::initializer_list<const char*> allowed) {
    const json& v = r.field(j, p, key);
    if (!v.is_string()) r.fail(p + "/" + key, "wrong type (expected a string, got " + std::string(v.type_name()) + ")");
    const std::string value = v.get<std::string>();
    for (const char* a : allowed) {
      if (value == a) return value;
    }
    std::string list;
    for (const char* a : allowed) list += std::string(list.empty() ? "" : " or ") + "\"" + a + "\"";
    r.fail(p + "/" + key, "unsupported value (expected " + list + ", got \"" + value + "\")");
  };
  s.capability = one_of("capability", {"per_task", "pooled"});
  s.capability_width = r.integer(j, p, "capability_width", 1, 8192);
  s.connector_mlp = r.value<bool>(j, p, "connector_mlp");
  s.score_output = one_of("score_output", {"probability", "logit"});
  s.routing_shuffles = r.integer(j, p, "routing_shuffles", 1, 64);
  s.seed = r.value<uint64_t>(j, p, "seed");
  s.max_instruction_tokens = r.integer(j, p, "max_instruction_tokens", 0, 1 << 20);
  s.inquiry_prompt = r.value<std::string>(j, p, "inquiry_prompt");
  s.layers = r.integer(j, p, "layers", 1, 64);
  s.width = r.integer(j, p, "width", 1, 8192);
  s.heads = r.integer(j, p, "heads", 1, 256);
  s.context = r.integer(j, p, "context", 1, 1 << 16);
  s.ffn_multiplier = r.integer(j, p, "ffn_multiplier", 1, 64);
  s.positions = one_of("positions", {"learned", "rotary"});
  s.sequence_order = one_of("sequence_order", {"capability_first", "instruction_first", "capability_last"});
  if (s.width % s.heads != 0) {
    r.fail(p + "/heads", "width must be divisible by heads (got width " + std::to_string(s.width) + ", heads " +
                             std::to_string(s.heads) + ")");
  }
  if (s.positions == "rotary" && (s.width / s.heads) % 2 != 0) {
    r.fail(p + "/heads", "rotary positions need an even head width (got " + std::to_string(s.width / s.heads) + ")");
  }
  return s;
}

std::vector<float> read_aptitude(const Reader& r, const json& j, const std::string& p) {
  if (!j.is_array()) r.fail(p, "wrong type (expected an array of accuracies, got " + std::string(j.type_name()) + ")");
  std::vector<float> out;
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_number()) r.fail(p + "/" + std::to_string(i), "wrong type (expected a number)");
    const double v = j[i].get<double>();
    if (!(v >= 0.0 && v <= 1.0)) r.fail(p + "/" + std::to_string(i), "out of range (expected [0, 1], got " + std::to_string(v) + ")");
    out.push_back(static_cast<float>(v));
  }
  return out;
}

}  // namespace

QuantMatrix quantize_rows(const float* values, int64_t rows, int64_t cols) {
  QuantMatrix m;
  m.rows = rows;
  m.cols = cols;
  m.scales.resize(static_cast<size_t>(rows));
  m.q.resize(static_cast<size_t>(rows * cols));
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = values + r * cols;
    float largest = 0.0F;
    for (int64_t c = 0; c < cols; ++c) largest = std::max(largest, std::fabs(row[c]));
    const float scale = largest > 0.0F ? largest / 127.0F : 1.0F;
    m.scales[static_cast<size_t>(r)] = scale;
    for (int64_t c = 0; c < cols; ++c) {
      const float q = std::nearbyint(row[c] / scale);
      m.q[static_cast<size_t>(r * cols + c)] = static_cast<int8_t>(std::max(-127.0F, std::min(127.0F, q)));
    }
  }
  return m;
}

std::vector<uint8_t> serialize(const ModelFile& file) {
  std::vector<uint8_t> blob;
  json tensors = json::array();
  for (const auto& [name, t] : file.floats) {
    tensors.push_back({{"name", name}, {"dtype", "f32"}, {"shape", t.shape}, {"offset", blob.size()}});
    append_bytes(blob, t.values.data(), t.values.size() * sizeof(float));
  }
  for (const auto& [name, m] : file.quants) {
    tensors.push_back({{"name", name}, {"dtype", "q8"}, {"shape", {m.rows, m.cols}}, {"offset", blob.size()}});
    append_bytes(blob, m.scales.data(), m.scales.size() * sizeof(float));
    append_bytes(blob, m.q.data(), m.q.size());
  }
  json models = json::array();
  for (const ModelEntry& m : file.models) {
    for (float a : m.aptitude) {
      if (!std::isfinite(a)) throw std::invalid_argument("model '" + m.name + "': aptitude result is not finite");
    }
    models.push_back({{"name", m.name}, {"cost", m.cost}, {"aptitude", m.aptitude}});
  }
  json merges = json::array();
  for (const auto& [left, right] : file.merges) merges.push_back({left, right});
  const json metadata = {{"router_id", file.router_id},
                         {"settings", settings_json(file.settings)},
                         {"tokenizer", {{"lowercase", file.lowercase}, {"merges", merges}}},
                         {"tasks", file.tasks},
                         {"models", models},
                         {"zoos", file.zoos},
                         {"tensors", tensors}};
  const std::string text = metadata.dump();
  std::vector<uint8_t> out;
  append_bytes(out, kMagic, sizeof(kMagic));
  put<uint32_t>(out, file.format_version);
  put<uint32_t>(out, static_cast<uint32_t>(text.size()));
  put<uint64_t>(out, static_cast<uint64_t>(blob.size()));
  append_bytes(out, text.data(), text.size());
  append_bytes(out, blob.data(), blob.size());
  put<uint64_t>(out, fnv1a(out.data(), out.size()));
  return out;
}

ModelFile parse(const uint8_t* data, size_t size, const std::string& source) {
  const size_t magic_checked = std::min(size, sizeof(kMagic));
  if (magic_checked > 0 && std::memcmp(data, kMagic, magic_checked) != 0) {
    throw FormatError(source + ": not a modelsat router file (bad magic)");
  }
  if (size < kHeaderSize + kChecksumSize) {
    throw FormatError(source + ": truncated (expected at least " + std::to_string(kHeaderSize + kChecksumSize) +
                      " bytes, got " + std::to_string(size) + ")");
  }
  ModelFile file;
  file.format_version = get<uint32_t>(data + 8);
  if (file.format_version != kFormatVersion) {
    throw FormatError(source + ": format version " + std::to_string(file.format_version) + " not supported (expected " +
                      std::to_string(kFormatVersion) + ")");
  }
  const uint64_t json_size = get<uint32_t>(data + 12);
  const uint64_t blob_size = get<uint64_t>(data + 16);
  const uint64_t available = size - kHeaderSize - kChecksumSize;
  if (json_size > available || blob_size > available - json_size) {
    throw FormatError(source + ": truncated (expected " + std::to_string(kHeaderSize + json_size + blob_size + kChecksumSize) +
                      " bytes, got " + std::to_string(size) + ")");
  }
  if (json_size + blob_size != available) {
    throw FormatError(source + ": trailing bytes after the checksum (expected " +
                      std::to_string(kHeaderSize + json_size + blob_size + kChecksumSize) + " bytes, got " +
                      std::to_string(size) + ")");
  }
  const uint64_t stored = get<uint64_t>(data + size - kChecksumSize);
  const uint64_t computed = fnv1a(data, size - kChecksumSize);
  if (stored != computed) throw FormatError(source + ": checksum mismatch (the file is corrupted)");

  const Reader r(source);
  json meta;
  try {
    meta = json::parse(data + kHeaderSize, data + kHeaderSize + json_size);
  } catch (const json::exception& error) {
    throw FormatError(source + ": metadata is not valid JSON: " + std::string(error.what()));
  }
  r.only_keys(meta, "", {"router_id", "settings", "tokenizer", "tasks", "models", "zoos", "tensors"});
  file.router_id = r.value<std::string>(meta, "", "router_id");
  file.settings = read_settings(r, r.field(meta, "", "settings"));

  const json& tokenizer = r.field(meta, "", "tokenizer");
  r.only_keys(tokenizer, "/tokenizer", {"lowercase", "merges"});
  file.lowercase = r.value<bool>(tokenizer, "/tokenizer", "lowercase");
  const json& merges = r.field(tokenizer, "/tokenizer", "merges");
  if (!merges.is_array()) r.fail("/tokenizer/merges", "wrong type (expected an array of [left, right] pairs)");
  for (size_t i = 0; i < merges.size(); ++i) {
    const std::string p = "/tokenizer/merges/" + std::to_string(i);
    const json& pair = merges[i];
    const int64_t limit = kFirstMerge + static_cast<int64_t>(i);
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number_integer() || !pair[1].is_number_integer()) {
      r.fail(p, "wrong type (expected a [left, right] pair of token ids)");
    }
    const int64_t left = pair[0].get<int64_t>(), right = pair[1].get<int64_t>();
    if (left < kFirstByte || right < kFirstByte || left >= limit || right >= limit) {
      r.fail(p, "token id out of range (expected ids in " + std::to_string(kFirstByte) + ".." +
                    std::to_string(limit - 1) + ", got " + std::to_string(left) +
                    " " + std::to_string(right) + ")");
    }
    file.merges.emplace_back(static_cast<int32_t>(left), static_cast<int32_t>(right));
  }

  file.tasks = r.value<std::vector<std::string>>(meta, "", "tasks");
  const json& models = r.field(meta, "", "models");
  if (!models.is_array()) r.fail("/models", "wrong type (expected an array)");
  for (size_t i = 0; i < models.size(); ++i) {
    const std::string p = "/models/" + std::to_string(i);
    r.only_keys(models[i], p, {"name", "cost", "aptitude"});
    ModelEntry m;
    m.name = r.value<std::string>(models[i], p, "name");
    m.cost = r.value<double>(models[i], p, "cost");
    m.aptitude = read_aptitude(r, r.field(models[i], p, "aptitude"), p + "/aptitude");
    if (m.aptitude.size() != file.tasks.size()) {
      r.fail(p + "/aptitude", "aptitude results of the wrong length (expected " + std::to_string(file.tasks.size()) +
                                  ", got " + std::to_string(m.aptitude.size()) + ")");
    }
    file.models.push_back(std::move(m));
  }
  file.zoos = r.value<std::map<std::string, std::vector<std::string>>>(meta, "", "zoos");

  const uint8_t* blob = data + kHeaderSize + json_size;
  const json& tensors = r.field(meta, "", "tensors");
  if (!tensors.is_array()) r.fail("/tensors", "wrong type (expected an array)");
  for (size_t i = 0; i < tensors.size(); ++i) {
    const std::string p = "/tensors/" + std::to_string(i);
    const json& t = tensors[i];
    r.only_keys(t, p, {"name", "dtype", "shape", "offset"});
    const auto name = r.value<std::string>(t, p, "name");
    const auto dtype = r.value<std::string>(t, p, "dtype");
    const auto shape = r.value<std::vector<int64_t>>(t, p, "shape");
    const auto offset = r.value<uint64_t>(t, p, "offset");
    uint64_t count = 1;
    for (int64_t d : shape) {
      if (d < 0 || d > (int64_t{1} << 32)) r.fail(p + "/shape", "dimension out of range (got " + std::to_string(d) + ")");
      count *= static_cast<uint64_t>(d);
    }
    if (file.floats.count(name) != 0 || file.quants.count(name) != 0) r.fail(p + "/name", "duplicate tensor '" + name + "'");
    uint64_t bytes = 0;
    if (dtype == "f32") {
      bytes = count * sizeof(float);
    } else if (dtype == "q8") {
      if (shape.size() != 2) r.fail(p + "/shape", "a q8 tensor is a matrix (expected 2 dimensions, got " + std::to_string(shape.size()) + ")");
      bytes = static_cast<uint64_t>(shape[0]) * sizeof(float) + count;
    } else {
      r.fail(p + "/dtype", "unknown tensor type (expected \"f32\" or \"q8\", got \"" + dtype + "\")");
    }
    if (offset > blob_size || bytes > blob_size - offset) {
      r.fail(p, "tensor '" + name + "' outside the tensor blob (expected end <= " + std::to_string(blob_size) +
                    ", got " + std::to_string(offset + bytes) + ")");
    }
    const uint8_t* at = blob + offset;
    if (dtype == "f32") {
      FloatTensor& f = file.floats[name];
      f.shape = shape;
      f.values.resize(count);
      std::memcpy(f.values.data(), at, bytes);
    } else {
      QuantMatrix& q = file.quants[name];
      q.rows = shape[0];
      q.cols = shape[1];
      q.scales.resize(static_cast<size_t>(q.rows));
      std::memcpy(q.scales.data(), at, q.scales.size() * sizeof(float));
      q.q.resize(count);
      std::memcpy(q.q.data(), at + q.scales.size() * sizeof(float), count);
    }
  }
  return file;
}

}  // namespace msq
