// `modelsat plugins`: lists every loaded component as a table or as JSON.
#include "arg_parser.h"
#include "commands.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iomanip>
#include <ostream>

namespace modelsat::cli {
namespace {

nlohmann::json components_json(const ComponentRegistry& registry) {
  nlohmann::json out = nlohmann::json::array();
  for (const ComponentSpec* spec : registry.components()) {
    out.push_back({{"kind", to_string(spec->kind)},
                   {"name", spec->name},
                   {"version", spec->library->version},
                   {"plugin", spec->library->plugin_name},
                   {"summary", spec->summary},
                   {"library", spec->library->path},
                   {"schema", spec->schema.json()}});
  }
  return out;
}

void print_table(const ComponentRegistry& registry, std::ostream& out) {
  const auto specs = registry.components();
  if (specs.empty()) {
    out << "no components loaded\n";
    return;
  }
  size_t name_width = 4;
  size_t version_width = 7;
  for (const ComponentSpec* spec : specs) {
    name_width = std::max(name_width, spec->name.size());
    version_width = std::max(version_width, spec->library->version.size());
  }
  out << std::left << std::setw(10) << "KIND" << std::setw(static_cast<int>(name_width + 2)) << "NAME"
      << std::setw(static_cast<int>(version_width + 2)) << "VERSION" << "SUMMARY\n";
  for (const ComponentSpec* spec : specs) {
    out << std::left << std::setw(10) << to_string(spec->kind) << std::setw(static_cast<int>(name_width + 2))
        << spec->name << std::setw(static_cast<int>(version_width + 2)) << spec->library->version << spec->summary
        << "\n";
  }
  out << "\nlibraries:\n";
  for (const auto& library : registry.libraries()) out << "  " << library->plugin_name << "  " << library->path << "\n";
}

}  // namespace

int run_plugins_command(CliContext& context, const std::vector<std::string>& args) {
  ArgParser parser("modelsat plugins", "List every component (encoder, backbone, router) of the loaded plugins.");
  parser.flag("--json", "print a JSON array of {kind, name, version, plugin, summary, library, schema}");
  const ParsedArgs parsed = parser.parse(args);
  if (parsed.help) {
    context.out() << parser.help();
    return 0;
  }
  const ComponentRegistry& registry = context.registry();
  if (parsed.flag("--json")) {
    context.out() << components_json(registry).dump(2) << "\n";
  } else {
    print_table(registry, context.out());
  }
  return 0;
}

}  // namespace modelsat::cli
