// Reading and writing a job's score matrices and its completion record.
#include "modelsat/experiment/job_files.h"

#include "modelsat/atomic_file.h"
#include "modelsat/error.h"
#include "modelsat/json_util.h"

#include <cstring>
#include <filesystem>

namespace modelsat::experiment {
namespace {
constexpr char kMagic[8] = {'M', 'S', 'A', 'T', 'S', 'C', 'R', '1'};

void put_u64(std::string& out, uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

uint64_t get_u64(const std::string& in, size_t offset) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(in[offset + static_cast<size_t>(i)]);
  return value;
}
}  // namespace

std::string job_dir(const std::string& results_dir, const std::string& router_id, uint64_t seed) {
  return results_dir + "/jobs/" + router_id + "/seed-" + std::to_string(seed);
}

void write_score_matrix(const std::string& path, const eval::Matrix& scores) {
  std::string bytes(kMagic, sizeof(kMagic));
  put_u64(bytes, scores.rows);
  put_u64(bytes, scores.cols);
  for (float value : scores.values) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
  write_file_atomic(path, bytes);
}

eval::Matrix read_score_matrix(const std::string& path) {
  const std::string bytes = read_file(path);
  if (bytes.size() < 24 || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    throw DataError(path + ": not a score matrix: bad header (expected magic MSATSCR1)");
  }
  eval::Matrix scores;
  scores.rows = get_u64(bytes, 8);
  scores.cols = get_u64(bytes, 16);
  const uint64_t expected = 24 + 4 * scores.rows * scores.cols;
  if (bytes.size() != expected) {
    throw DataError(path + ": truncated score matrix (expected " + std::to_string(expected) + " bytes, got " +
                    std::to_string(bytes.size()) + ")");
  }
  scores.values.resize(scores.rows * scores.cols);
  for (size_t i = 0; i < scores.values.size(); ++i) {
    uint32_t bits = 0;
    for (int b = 3; b >= 0; --b) bits = (bits << 8) | static_cast<unsigned char>(bytes[24 + 4 * i + static_cast<size_t>(b)]);
    std::memcpy(&scores.values[i], &bits, sizeof(bits));
  }
  return scores;
}

bool job_finished(const std::string& dir) { return std::filesystem::exists(dir + "/job.json"); }

void write_job_record(const std::string& dir, const nlohmann::json& record) {
  write_file_atomic(dir + "/job.json", record.dump(2) + "\n");
}

nlohmann::json read_job_record(const std::string& dir) { return read_json_file(dir + "/job.json"); }

}  // namespace modelsat::experiment
