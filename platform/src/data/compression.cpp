// gzip via zlib's deflate/inflate with a fixed header, and a minimal ZIP reader (central directory + raw inflate).
#include "modelsat/data/compression.h"

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"

#include <zlib.h>

#include <cstdint>
#include <cstring>

namespace modelsat::data {
namespace {

constexpr size_t kChunk = 1 << 16;

std::string inflate_all(const std::string& input, int window_bits, const std::string& where, const char* kind,
                        size_t expected_size) {
  z_stream stream{};
  if (inflateInit2(&stream, window_bits) != Z_OK) throw DataError(where + ": cannot start zlib inflate");
  std::string out;
  out.reserve(expected_size > 0 ? expected_size : input.size() * 4);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  char buffer[kChunk];
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = kChunk;
    status = inflate(&stream, Z_NO_FLUSH);
    if (status == Z_BUF_ERROR && stream.avail_in == 0) {
      inflateEnd(&stream);
      throw DataError(where + ": truncated " + kind + " stream: the data ends before the stream's end marker (got " +
                      std::to_string(input.size()) + " compressed bytes)");
    }
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
      const std::string why = stream.msg ? stream.msg : "zlib error " + std::to_string(status);
      inflateEnd(&stream);
      throw DataError(where + ": invalid " + kind + " stream: " + why);
    }
    out.append(buffer, kChunk - stream.avail_out);
  }
  inflateEnd(&stream);
  return out;
}

uint32_t le32(const std::string& bytes, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(bytes[at + static_cast<size_t>(i)]);
  return v;
}
uint16_t le16(const std::string& bytes, size_t at) {
  return static_cast<uint16_t>(static_cast<uint8_t>(bytes[at]) | (static_cast<uint8_t>(bytes[at + 1]) << 8));
}

struct ZipEntry {
  std::string name;
  uint16_t method = 0;
  uint32_t crc = 0;
  uint32_t compressed_size = 0;
  uint32_t size = 0;
  uint32_t local_offset = 0;
};

std::vector<ZipEntry> central_directory(const std::string& archive, const std::string& path) {
  auto bad = [&](const std::string& why) { return DataError(path + ": not a ZIP archive: " + why); };
  if (archive.size() < 22) throw bad("shorter than an end-of-central-directory record (expected >= 22 bytes, got " +
                                     std::to_string(archive.size()) + ")");
  size_t eocd = std::string::npos;
  const size_t lowest = archive.size() > 22 + 65535 ? archive.size() - 22 - 65535 : 0;
  for (size_t at = archive.size() - 22 + 1; at-- > lowest;) {
    if (le32(archive, at) == 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd == std::string::npos) throw bad("no end-of-central-directory record (truncated file?)");
  const uint16_t count = le16(archive, eocd + 10);
  const uint32_t dir_offset = le32(archive, eocd + 16);
  if (dir_offset == 0xFFFFFFFFu || count == 0xFFFF) throw bad("ZIP64 archives are not supported");
  std::vector<ZipEntry> entries;
  size_t at = dir_offset;
  for (uint16_t i = 0; i < count; ++i) {
    if (at + 46 > archive.size() || le32(archive, at) != 0x02014b50)
      throw bad("central directory entry " + std::to_string(i) + " is damaged");
    ZipEntry entry;
    const uint16_t flags = le16(archive, at + 8);
    entry.method = le16(archive, at + 10);
    entry.crc = le32(archive, at + 16);
    entry.compressed_size = le32(archive, at + 20);
    entry.size = le32(archive, at + 24);
    const uint16_t name_len = le16(archive, at + 28);
    const uint16_t extra_len = le16(archive, at + 30);
    const uint16_t comment_len = le16(archive, at + 32);
    entry.local_offset = le32(archive, at + 42);
    if (at + 46 + name_len > archive.size()) throw bad("central directory entry " + std::to_string(i) + " is cut off");
    entry.name = archive.substr(at + 46, name_len);
    if (flags & 1u) throw bad(entry.name + " is encrypted");
    if (entry.size == 0xFFFFFFFFu || entry.compressed_size == 0xFFFFFFFFu) throw bad("ZIP64 entries are not supported");
    entries.push_back(entry);
    at += 46u + name_len + extra_len + comment_len;
  }
  return entries;
}

}  // namespace

std::string gzip_compress(const std::string& bytes) {
  z_stream stream{};
  // windowBits 15 + 16 selects the gzip wrapper; zlib writes mtime 0 and no name unless a header is set.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw IoError("gzip: cannot start zlib deflate");
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(bytes.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(&out[0]);
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  const size_t written = out.size() - stream.avail_out;
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw IoError("gzip: deflate failed: zlib status " + std::to_string(status));
  out.resize(written);
  return out;
}

std::string gzip_decompress(const std::string& compressed, const std::string& where) {
  if (compressed.size() < 18 || static_cast<uint8_t>(compressed[0]) != 0x1f ||
      static_cast<uint8_t>(compressed[1]) != 0x8b)
    throw DataError(where + ": invalid gzip stream: missing gzip header (expected bytes 1f 8b, got " +
                    std::to_string(compressed.size()) + " bytes without it)");
  return inflate_all(compressed, 15 + 16, where, "gzip", 0);
}

std::string read_gzip_file(const std::string& path) { return gzip_decompress(read_file(path), path); }

std::vector<std::string> zip_entry_names(const std::string& path) {
  std::vector<std::string> names;
  for (const ZipEntry& entry : central_directory(read_file(path), path)) names.push_back(entry.name);
  return names;
}

std::string zip_read_entry(const std::string& path, const std::string& entry_name) {
  const std::string archive = read_file(path);
  for (const ZipEntry& entry : central_directory(archive, path)) {
    if (entry.name != entry_name) continue;
    const std::string where = path + ": " + entry_name;
    const size_t at = entry.local_offset;
    if (at + 30 > archive.size() || le32(archive, at) != 0x04034b50)
      throw DataError(where + ": local header is damaged");
    const size_t data_at = at + 30u + le16(archive, at + 26) + le16(archive, at + 28);
    if (data_at + entry.compressed_size > archive.size())
      throw DataError(where + ": truncated entry (expected " + std::to_string(entry.compressed_size) +
                      " compressed bytes, got " + std::to_string(archive.size() - std::min(archive.size(), data_at)) + ")");
    const std::string raw = archive.substr(data_at, entry.compressed_size);
    std::string data;
    if (entry.method == 0) {
      data = raw;
    } else if (entry.method == 8) {
      data = inflate_all(raw, -15, where, "deflate", entry.size);
    } else {
      throw DataError(where + ": unsupported compression method (expected 0 stored or 8 deflate, got " +
                      std::to_string(entry.method) + ")");
    }
    if (data.size() != entry.size)
      throw DataError(where + ": size mismatch (expected " + std::to_string(entry.size) + " bytes, got " +
                      std::to_string(data.size()) + ")");
    const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
    if (crc != entry.crc) throw DataError(where + ": CRC-32 mismatch (the archive is corrupt)");
    return data;
  }
  throw DataError(path + ": no entry named '" + entry_name + "' in the archive");
}

}  // namespace modelsat::data
