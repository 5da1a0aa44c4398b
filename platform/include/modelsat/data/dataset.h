// The in-memory routing dataset: questions, candidate models, and the [question x model] outcome matrices.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace modelsat::data {

/// One benchmark item. Only id and text are required; the rest is empty when the source has no such field
/// (free-form benchmarks have no choices and no letters).
struct Question {
  std::string id;                    ///< unique within the dataset
  std::string text;                  ///< the instruction / question as shown to the models
  std::vector<std::string> choices;  ///< multiple-choice options, in order ("A" is choices[0])
  std::string gold;                  ///< reference answer: a letter for multiple choice, free text otherwise
  std::string category;              ///< coarse subject (MMLU-Pro: 14 values); used for stratification and OOD splits
  std::string source;                ///< finer origin (MMLU-Pro `src`: 91 values); aptitude tasks are drawn per source
};

/// What a model's outcome values mean.
enum class ScoreKind : uint8_t {
  Binary = 0,  ///< 1 correct, 0 wrong
  Score = 1,   ///< a finite quality score in [0, 1] (e.g. graded free-form answers)
};

/// Optional facts about a model (from the hand-written models.json beside the dataset). Unknown numbers are < 0.
struct ModelInfo {
  std::string name;
  std::string organisation;
  std::string release_date;        ///< "YYYY-MM-DD"; empty when unknown
  double params_billion = -1;      ///< total parameters in billions (mixture-of-experts: total, not active)
  double active_params_billion = -1;
  bool open_weights = false;
  std::string tuning;              ///< "base" or "chat"
  double cost_per_1k_tokens = -1;  ///< cost proxy for cost-aware routing (USD per 1k output tokens, see README)
  std::string sources;             ///< where every number above comes from
  bool known = false;              ///< false when models.json has no entry for this model
};

/// A dataset in memory. Matrices are row-major [n_questions x n_models]; index q * n_models + m.
/// Invariants (checked by validate()): ids unique, model names unique, every matrix has exactly
/// n_questions * n_models entries (costs may be empty), scores finite and in [0, 1], binary scores 0 or 1,
/// unobserved cells have score 0 and no prediction.
struct Dataset {
  std::string name;
  std::string description;
  ScoreKind score_kind = ScoreKind::Binary;
  std::vector<Question> questions;
  std::vector<std::string> models;
  std::vector<float> scores;         ///< outcome of model m on question q; 0 when unobserved
  std::vector<uint8_t> observed;     ///< 1 when the model has a record for the question, 0 when it is missing
  std::vector<char> predictions;     ///< the parsed answer letter ('A'..'Z'), or 0 when none was extracted / missing
  std::vector<float> costs;          ///< optional per-cell cost; empty when the source has none
  std::vector<ModelInfo> model_info; ///< aligned with models (known == false where no metadata exists)

  size_t n_questions() const { return questions.size(); }
  size_t n_models() const { return models.size(); }
  float score(size_t q, size_t m) const { return scores[q * models.size() + m]; }
  bool is_observed(size_t q, size_t m) const { return observed[q * models.size() + m] != 0; }
  char prediction(size_t q, size_t m) const { return predictions[q * models.size() + m]; }

  /// Index of a question id / model name; throws DataError "<dataset>: unknown question id '<id>'" etc.
  size_t question_index(const std::string& id) const;
  size_t model_index(const std::string& name) const;
  /// Every question id -> its row, for many lookups (question_index is a linear scan).
  std::unordered_map<std::string, size_t> question_rows() const;
  /// The rows of the given ids, in order; DataError on the first unknown id.
  std::vector<size_t> rows_of(const std::vector<std::string>& ids) const;

  /// The scores as a uint8 0/1 matrix (score >= 0.5 counts as correct), row-major [n_questions x n_models].
  std::vector<uint8_t> correctness_u8() const;

  /// A copy restricted to the given question rows and model columns (in the given order).
  Dataset subset(const std::vector<size_t>& question_rows, const std::vector<size_t>& model_columns) const;
  /// Same, by question ids and model names (throws DataError on unknown ones).
  Dataset select(const std::vector<std::string>& question_ids, const std::vector<std::string>& model_names) const;

  /// Throws DataError "<where>: ..." naming the first violated invariant (question index / model and field).
  void validate(const std::string& where) const;
};

}  // namespace modelsat::data
