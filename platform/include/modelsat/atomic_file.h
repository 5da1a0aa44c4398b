// Atomic file writes: write a temporary file beside the target, flush it to disk, then rename it over the target.
#pragma once

#include <string>

namespace modelsat {

/// Replaces path with contents so that a reader (or a crash) sees either the old file or the complete new one.
/// Creates missing parent directories. Throws IoError "<path>: cannot write: <reason>"; leaves no temporary behind.
void write_file_atomic(const std::string& path, const std::string& contents);

/// Reads a whole file. Throws IoError "<path>: cannot read: <reason>".
std::string read_file(const std::string& path);

}  // namespace modelsat
