// msq::Router: the public face of RouterModel (loading from bytes, accessors, info JSON).
#include "msq/runtime.h"

#include "router_model.h"

#include <nlohmann/json.hpp>

namespace msq {

Router::Router(std::shared_ptr<const RouterModel> model) : model_(std::move(model)) {}

Router Router::from_bytes(const uint8_t* data, size_t size, const std::string& source_name) {
  return Router(std::make_shared<const RouterModel>(parse(data, size, source_name), source_name));
}

uint32_t Router::format_version() const { return model_->format_version; }
size_t Router::n_tasks() const { return model_->tasks.size(); }
const std::vector<std::string>& Router::task_descriptions() const { return model_->tasks; }
const std::vector<Candidate>& Router::zoo_models() const { return model_->models; }
const std::map<std::string, std::vector<std::string>>& Router::zoos() const { return model_->zoos; }
const std::string& Router::router_id() const { return model_->router_id; }

Decision Router::route(const std::string& instruction, const std::vector<Candidate>& candidates) const {
  return model_->route(instruction, candidates, RouteOptions{});
}

Decision Router::route(const std::string& instruction, const std::vector<Candidate>& candidates,
                       const RouteOptions& options) const {
  return model_->route(instruction, candidates, options);
}

std::string Router::info_json() const {
  const RouterModel& m = *model_;
  nlohmann::json models = nlohmann::json::array();
  for (const Candidate& c : m.models) models.push_back({{"name", c.name}, {"cost", c.cost}, {"aptitude", c.aptitude}});
  const RouterSettings& s = m.settings;
  const nlohmann::json info = {
      {"format_version", m.format_version},
      {"router_id", m.router_id},
      {"tasks", m.tasks},
      {"models", models},
      {"zoos", m.zoos},
      {"settings",
       {{"capability", s.capability}, {"max_instruction_tokens", s.max_instruction_tokens},
        {"routing_shuffles", s.routing_shuffles}, {"layers", s.layers}, {"width", s.width}, {"heads", s.heads},
        {"context", s.context}, {"positions", s.positions}, {"score_output", s.score_output},
        {"sequence_order", s.sequence_order}}}};
  return info.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace msq
