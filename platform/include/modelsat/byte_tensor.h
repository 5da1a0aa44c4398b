// Byte strings kept as 1-d uint8 tensors (in state files and torch archives), and back.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <string>

namespace modelsat {

/// A [bytes.size()] uint8 CPU tensor owning a copy of bytes.
inline at::Tensor bytes_to_tensor(const std::string& bytes) {
  return at::from_blob(const_cast<char*>(bytes.data()), {static_cast<int64_t>(bytes.size())}, at::kByte).clone();
}

/// The raw bytes of a tensor's elements (bytes_to_tensor's inverse for uint8 tensors).
inline std::string tensor_to_bytes(const at::Tensor& tensor) {
  const at::Tensor cpu = tensor.to(at::kCPU).contiguous();
  return std::string(static_cast<const char*>(cpu.data_ptr()), static_cast<size_t>(cpu.nbytes()));
}

}  // namespace modelsat
