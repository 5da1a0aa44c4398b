// Router state files: JSON header + raw tensors, with checks that name the file and what it should have been.
#include "state_file.h"

#include <modelsat/atomic_file.h>
#include <modelsat/error.h>

#include <ATen/ATen.h>

#include <cstring>

namespace baselines {
namespace {

constexpr char kMagic[4] = {'M', 'S', 'B', 'L'};

std::string dtype_name(const at::Tensor& tensor, const std::string& name) {
  if (tensor.scalar_type() == at::kFloat) return "float32";
  if (tensor.scalar_type() == at::kLong) return "int64";
  if (tensor.scalar_type() == at::kByte) return "uint8";
  throw modelsat::Error("save_state: tensor '" + name + "' has an unsupported dtype (expected float32, int64 or uint8, got " +
                        std::string(c10::toString(tensor.scalar_type())) + ")");
}

}  // namespace

void save_state(const std::string& path, const RouterState& state) {
  nlohmann::json header = {{"format", state.format}, {"version", state.version}, {"settings", state.settings}};
  nlohmann::json entries = nlohmann::json::array();
  std::string payload;
  for (const auto& [name, tensor] : state.tensors) {
    const at::Tensor cpu = tensor.to(at::kCPU).contiguous();
    entries.push_back({{"name", name}, {"dtype", dtype_name(cpu, name)}, {"shape", cpu.sizes().vec()},
                       {"offset", payload.size()}});
    payload.append(static_cast<const char*>(cpu.data_ptr()), cpu.nbytes());
  }
  header["tensors"] = entries;
  const std::string header_text = header.dump();
  const uint64_t header_size = header_text.size();
  std::string contents(kMagic, sizeof(kMagic));
  contents.append(reinterpret_cast<const char*>(&header_size), sizeof(header_size));
  contents += header_text;
  contents += payload;
  modelsat::write_file_atomic(path, contents);
}

RouterState load_state(const std::string& path, const std::string& format, int version) {
  const std::string contents = modelsat::read_file(path);
  const std::string expected = "(expected format \"" + format + "\" version " + std::to_string(version) + ", got ";
  auto refuse = [&](const std::string& got) {
    throw modelsat::DataError(path + ": not a " + format + " state file " + expected + got + ")");
  };
  constexpr size_t kPrefix = sizeof(kMagic) + sizeof(uint64_t);
  if (contents.size() < kPrefix || std::memcmp(contents.data(), kMagic, sizeof(kMagic)) != 0) {
    refuse("a file without the MSBL header");
  }
  uint64_t header_size = 0;
  std::memcpy(&header_size, contents.data() + sizeof(kMagic), sizeof(header_size));
  if (header_size > contents.size() - kPrefix) refuse("a truncated file");
  const nlohmann::json header = nlohmann::json::parse(contents.substr(kPrefix, header_size), nullptr, false);
  if (header.is_discarded() || !header.is_object()) refuse("an unreadable header");
  const std::string found_format = header.value("format", std::string());
  const int found_version = header.value("version", 0);
  if (found_format != format || found_version != version) {
    refuse("format \"" + found_format + "\" version " + std::to_string(found_version));
  }
  RouterState state;
  state.format = found_format;
  state.version = found_version;
  state.settings = header.value("settings", nlohmann::json::object());
  const size_t payload_start = kPrefix + header_size;
  for (const auto& entry : header.at("tensors")) {
    const auto dtype_text = entry.at("dtype").get<std::string>();
    const auto dtype = dtype_text == "int64" ? at::kLong : dtype_text == "uint8" ? at::kByte : at::kFloat;
    const auto shape = entry.at("shape").get<std::vector<int64_t>>();
    at::Tensor tensor = at::empty(shape, at::TensorOptions().dtype(dtype));
    const size_t offset = payload_start + entry.at("offset").get<size_t>();
    if (offset > contents.size() || tensor.nbytes() > contents.size() - offset) refuse("a truncated file");
    std::memcpy(tensor.data_ptr(), contents.data() + offset, tensor.nbytes());
    state.tensors.emplace(entry.at("name").get<std::string>(), tensor);
  }
  return state;
}

const at::Tensor& state_tensor(const RouterState& state, const std::string& name, const std::string& path) {
  const auto it = state.tensors.find(name);
  if (it == state.tensors.end()) {
    throw modelsat::DataError(path + ": " + state.format + " state file has no tensor '" + name + "'");
  }
  return it->second;
}

}  // namespace baselines
