// State files for torch modules: a small text header (kind, config tag, checksum) in front of a torch archive.
#include "module_io.h"

#include <modelsat/atomic_file.h>
#include <modelsat/error.h>
#include <modelsat/text/fnv1a.h>

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <sstream>

namespace modelsat::nn {
namespace {

constexpr const char* kMagic = "modelsat-state 1";

std::string tag_fingerprint(const std::string& tag) { return text::hex64(text::fnv1a(tag)); }

}  // namespace

void save_module_state(const torch::nn::Module& module, const ModuleExtras& extras, const std::string& path,
                       const std::string& kind, const std::string& tag) {
  torch::serialize::OutputArchive archive;
  module.save(archive);
  for (const auto& [name, tensor] : extras.tensors) archive.write("extra." + name, tensor.detach().cpu());
  std::ostringstream bytes;
  archive.save_to(bytes);
  const std::string payload = bytes.str();
  const std::string header = std::string(kMagic) + "\n" + kind + "\n" + tag_fingerprint(tag) + "\n" +
                             text::hex64(text::fnv1a(extras.text, text::fnv1a(payload))) + "\n" +
                             std::to_string(extras.text.size()) + "\n";
  write_file_atomic(path, header + extras.text + payload);
}

namespace {

struct StateFile {
  std::string text;
  std::string payload;
};

StateFile read_state_file(const std::string& path, const std::string& kind, const std::string& tag) {
  const std::string contents = read_file(path);
  std::istringstream in(contents);
  std::string magic, file_kind, file_tag, checksum, text_length;
  std::getline(in, magic);
  if (magic != kMagic) {
    throw DataError(path + ": not a modelsat state file (expected first line \"" + kMagic + "\", got \"" +
                    magic.substr(0, 40) + "\")");
  }
  std::getline(in, file_kind);
  std::getline(in, file_tag);
  std::getline(in, checksum);
  std::getline(in, text_length);
  if (file_kind != kind) {
    throw DataError(path + ": state of another component (expected " + kind + ", got " + file_kind + ")");
  }
  if (file_tag != tag_fingerprint(tag)) {
    throw DataError(path + ": checkpoint from another config (expected config tag " + tag_fingerprint(tag) +
                    ", got " + file_tag + "); create the component with the config it was saved with");
  }
  size_t n_text = 0;
  try {
    n_text = std::stoull(text_length);
  } catch (const std::exception&) {
    throw DataError(path + ": corrupted state file: bad text length \"" + text_length.substr(0, 20) + "\"");
  }
  const auto offset = in.fail() ? contents.size() + 1 : static_cast<size_t>(in.tellg());
  if (offset + n_text > contents.size()) {
    throw DataError(path + ": corrupted state file: truncated (expected at least " + std::to_string(offset + n_text) +
                    " bytes, got " + std::to_string(contents.size()) + ")");
  }
  StateFile file{contents.substr(offset, n_text), contents.substr(offset + n_text)};
  const std::string actual = text::hex64(text::fnv1a(file.text, text::fnv1a(file.payload)));
  if (actual != checksum) {
    throw DataError(path + ": corrupted state file: checksum mismatch (expected " + checksum + ", got " + actual + ")");
  }
  return file;
}

}  // namespace

std::string read_state_text(const std::string& path, const std::string& kind, const std::string& tag) {
  return read_state_file(path, kind, tag).text;
}

ModuleExtras load_module_state(torch::nn::Module& module, const std::string& path, const std::string& kind,
                               const std::string& tag, const std::vector<std::string>& wanted) {
  StateFile file = read_state_file(path, kind, tag);
  torch::serialize::InputArchive archive;
  std::istringstream payload_stream(file.payload);
  archive.load_from(payload_stream);
  module.load(archive);
  ModuleExtras extras;
  extras.text = std::move(file.text);
  for (const std::string& name : wanted) {
    at::Tensor value;
    archive.read("extra." + name, value);
    extras.tensors[name] = value;
  }
  return extras;
}

}  // namespace modelsat::nn
