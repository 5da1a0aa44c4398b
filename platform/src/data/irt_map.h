// The MAP ability step shared by the IRT fit and the adaptive item choice (internal to platform/src/data).
#pragma once

#include "modelsat/data/aptitude_irt.h"

#include <utility>
#include <vector>

namespace modelsat::data {

/// MAP of theta under N(0, prior_sd^2) given answers with logits a (offset + theta - b); Newton on a concave
/// objective from start. Returns (theta, information at theta including the prior precision).
std::pair<double, double> map_theta(const IrtCalibration& c, const std::vector<ItemAnswer>& answers, double offset,
                                    double start, double prior_sd);

}  // namespace modelsat::data
