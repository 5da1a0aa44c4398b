// Named model zoos (the paper's settings) read from a zoos.json file and checked against a dataset.
#pragma once

#include "modelsat/data/dataset.h"

#include <string>
#include <vector>

namespace modelsat::data {

struct Zoo {
  std::string name;
  std::vector<std::string> members;
  std::string why;  ///< the documented reason for the membership
};

/// Reads {"zoos": [{"name", "members": [...], "why"}, ...]}; DataError naming the file, zoo and field on wrong types,
/// duplicated zoo names or members, and on members that are not models of `dataset`.
std::vector<Zoo> load_zoos(const std::string& path, const Dataset& dataset);
/// The zoo called name; DataError listing the known zoos otherwise.
const Zoo& find_zoo(const std::vector<Zoo>& zoos, const std::string& name);

}  // namespace modelsat::data
