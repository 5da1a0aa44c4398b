// SHA-256 of bytes or of a file, as lowercase hex: content keys for caches and library hashes in provenance.
#pragma once

#include <string>

namespace modelsat {

/// Hex SHA-256 (64 characters) of data.
std::string sha256_hex(const std::string& data);
/// Hex SHA-256 of a file's bytes; IoError when unreadable.
std::string sha256_file(const std::string& path);

}  // namespace modelsat
