// Loads and validates named model zoos.
#include "modelsat/data/zoos.h"

#include "json_fields.h"
#include "modelsat/error.h"
#include "modelsat/json_util.h"

#include <set>

namespace modelsat::data {

std::vector<Zoo> load_zoos(const std::string& path, const Dataset& dataset) {
  const nlohmann::json root = read_json_file(path);
  const nlohmann::json& zoos = detail::require(root, "zoos", path);
  if (!zoos.is_array()) detail::wrong_type(path, "zoos", "an array", zoos);
  const std::set<std::string> known(dataset.models.begin(), dataset.models.end());
  std::set<std::string> names;
  std::vector<Zoo> out;
  for (size_t i = 0; i < zoos.size(); ++i) {
    const std::string where = path + ": zoos[" + std::to_string(i) + "]";
    Zoo zoo;
    zoo.name = detail::string_field(zoos[i], "name", where);
    zoo.members = detail::string_array(detail::require(zoos[i], "members", where), "members", where);
    zoo.why = detail::string_field(zoos[i], "why", where);
    if (!names.insert(zoo.name).second) throw DataError(where + ": name: duplicated zoo name '" + zoo.name + "'");
    std::set<std::string> members;
    for (const std::string& member : zoo.members) {
      if (!known.count(member))
        throw DataError(where + " (" + zoo.name + "): members: unknown model name '" + member + "' (not a model of " +
                        dataset.name + ")");
      if (!members.insert(member).second)
        throw DataError(where + " (" + zoo.name + "): members: duplicated model '" + member + "'");
    }
    out.push_back(std::move(zoo));
  }
  return out;
}

const Zoo& find_zoo(const std::vector<Zoo>& zoos, const std::string& name) {
  std::string known;
  for (const Zoo& zoo : zoos) {
    if (zoo.name == name) return zoo;
    known += (known.empty() ? "" : ", ") + zoo.name;
  }
  throw DataError("zoos: unknown zoo '" + name + "' (expected one of: " + known + ")");
}

}  // namespace modelsat::data
