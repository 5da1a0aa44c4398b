// Compression helpers on zlib: deterministic gzip streams and reading single entries of a ZIP archive.
#pragma once

#include <string>
#include <vector>

namespace modelsat::data {

/// gzip-compresses bytes with a fixed header (mtime 0, no file name), so equal input gives equal output.
std::string gzip_compress(const std::string& bytes);

/// Decompresses a complete gzip stream. `where` names the source for messages. Throws DataError
/// "<where>: invalid gzip stream: <why>" on corrupt data and "<where>: truncated gzip stream: ..." when it ends early.
std::string gzip_decompress(const std::string& compressed, const std::string& where);

/// Reads a gzip file and returns its decompressed contents (IoError when unreadable, DataError when corrupt).
std::string read_gzip_file(const std::string& path);

/// The names of the files in a ZIP archive (from its central directory), in archive order.
/// Throws IoError when unreadable and DataError "<path>: not a ZIP archive: <why>" when malformed.
std::vector<std::string> zip_entry_names(const std::string& path);

/// The decompressed contents of one entry (stored or deflated; ZIP64 and encryption are rejected with DataError).
/// Checks the CRC-32 and the size recorded in the central directory.
std::string zip_read_entry(const std::string& path, const std::string& entry);

}  // namespace modelsat::data
