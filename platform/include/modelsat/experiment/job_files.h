// The files of one router x seed job in a results folder: score matrices and the job record (written last = done).
#pragma once

#include "modelsat/eval/matrix.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace modelsat::experiment {

/// <results>/jobs/<router id>/seed-<seed>
std::string job_dir(const std::string& results_dir, const std::string& router_id, uint64_t seed);

/// Score matrix file: 8 bytes "MSATSCR1", uint64 rows, uint64 cols (little-endian), then rows*cols float32 row-major.
void write_score_matrix(const std::string& path, const eval::Matrix& scores);
/// DataError naming the file when the magic, the sizes or the length are wrong.
eval::Matrix read_score_matrix(const std::string& path);

/// job.json marks a finished job; absent = not run (or interrupted).
bool job_finished(const std::string& dir);
void write_job_record(const std::string& dir, const nlohmann::json& record);
nlohmann::json read_job_record(const std::string& dir);

}  // namespace modelsat::experiment
