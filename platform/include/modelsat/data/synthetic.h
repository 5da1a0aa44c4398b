// A seeded synthetic routing dataset with known structure: latent skills x topics, item difficulty, logistic outcomes.
#pragma once

#include "modelsat/data/dataset.h"

#include <cstdint>

namespace modelsat::data {

struct SyntheticOptions {
  size_t models = 6;
  size_t questions = 1200;
  size_t topics = 6;         ///< categories "topic-0".. ; each has two sources "topic-<t>/part-<0|1>"
  size_t skills = 3;         ///< latent skills; topic t loads on skill t % skills
  double specialisation = 2.0;  ///< logit bonus of a model on its own specialty skill (model m: skill m % skills)
  double noise = 0.5;        ///< std-dev of each model's random per-skill offsets
  uint64_t seed = 1;
};

/// Model m answers item i of topic t with probability sigmoid(general_m + skill_m[s(t)] - difficulty_i), where
/// general_m ~ N(0, 0.3), skill_m[k] = noise * N(0, 1) + (k == m % skills ? specialisation : 0), difficulty ~ N(0, 1).
/// So the best model differs per topic whenever skills >= 2 and models >= skills: a router that learns the topic beats
/// the best single model. Question texts name the topic ("topic-3 item 17 ...") so text features can learn it.
Dataset make_synthetic_dataset(const SyntheticOptions& options);

}  // namespace modelsat::data
