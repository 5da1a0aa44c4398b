// Builds routers' inputs (queries, candidates, correctness) from an experiment's data.
#include "modelsat/experiment/routing_sets.h"

#include <ATen/ATen.h>

namespace modelsat::experiment {
namespace {

at::Tensor correctness(const ExperimentData& data, const std::vector<size_t>& rows, const std::vector<size_t>& columns) {
  at::Tensor out = at::zeros({static_cast<int64_t>(rows.size()), static_cast<int64_t>(columns.size())}, at::kFloat);
  auto values = out.accessor<float, 2>();
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < columns.size(); ++c) {
      values[static_cast<int64_t>(r)][static_cast<int64_t>(c)] = data.dataset.score(rows[r], columns[c]);
    }
  }
  return out;
}

std::vector<std::string> answers(const ExperimentData& data, const std::vector<size_t>& rows,
                                 const std::vector<size_t>& columns) {
  std::vector<std::string> out;
  out.reserve(rows.size() * columns.size());
  for (size_t row : rows) {
    for (size_t column : columns) {
      const char letter = data.dataset.prediction(row, column);
      out.push_back(letter == 0 ? std::string() : std::string(1, letter));
    }
  }
  return out;
}

}  // namespace

CandidateSet make_candidates(const ExperimentData& data, const std::vector<size_t>& columns) {
  CandidateSet candidates;
  candidates.task_descriptions = data.task_descriptions;
  candidates.task_names = data.task_names;
  for (size_t column : columns) {
    candidates.models.push_back(ModelCard{data.dataset.models[column], data.costs[column], data.aptitude[column]});
  }
  return candidates;
}

QueryBatch make_queries(const ExperimentData& data, const std::vector<size_t>& rows, const at::Tensor& embeddings,
                        const std::vector<size_t>& columns, Disclosure disclosure) {
  QueryBatch batch;
  for (size_t row : rows) {
    const auto& question = data.dataset.questions[row];
    batch.ids.push_back(question.id);
    batch.texts.push_back(question.text);
    batch.categories.push_back(question.category);
  }
  if (embeddings.defined()) {
    const at::Tensor index = at::tensor(std::vector<int64_t>(rows.begin(), rows.end()), at::kLong);
    batch.embeddings = embeddings.index_select(0, index).contiguous();
  }
  if (disclosure.gold) batch.gold_correct = correctness(data, rows, columns);
  if (disclosure.answers) batch.candidate_answers = answers(data, rows, columns);
  return batch;
}

RoutingSet make_routing_set(const ExperimentData& data, const std::vector<size_t>& rows,
                            const std::vector<size_t>& columns, const at::Tensor& embeddings, Disclosure disclosure) {
  RoutingSet set;
  set.queries = make_queries(data, rows, embeddings, columns, disclosure);
  set.candidates = make_candidates(data, columns);
  set.correct = correctness(data, rows, columns);
  set.answers = answers(data, rows, columns);
  for (size_t row : rows) set.sources.push_back(data.dataset.questions[row].source);
  return set;
}

}  // namespace modelsat::experiment
