// The dependency-free Model-SAT router runtime: loads a .msq file and routes instructions with int8-weight kernels.
#pragma once

#include "msq/format.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace msq {

/// A candidate model: its name, aptitude results ([n_tasks] accuracies in [0, 1], in the file's task order) and
/// cost per query (informative; routing does not use it).
struct Candidate {
  std::string name;
  std::vector<float> aptitude;
  double cost = 0;
};

/// One routing decision.
struct Decision {
  std::vector<float> probabilities;  ///< [n_candidates] P(candidate answers correctly), averaged over task orders
  size_t choice = 0;                 ///< index of the highest score (the first one on ties)
  bool truncated = false;            ///< the instruction was cut to fit max_instruction_tokens / the context
  size_t instruction_tokens = 0;     ///< instruction tokens the router read (after any cut)
};

/// How route() runs the router.
struct RouteOptions {
  /// For a router whose settings.sequence_order is "instruction_first" ("capability_last"): run [instruction][SEP]
  /// ([instruction][SEP][prompt][SEP]) through the backbone once per decision and let every candidate's own rows
  /// ([capability][SEP][prompt], or the capability tokens alone) attend to its cached keys and values (the same result
  /// as a pass over the whole sequence, which false runs for every candidate and task order). No effect for
  /// "capability_first".
  bool reuse_instruction = true;
  /// Precision of the activation rows that meet the int8 weight matrices, quantised per row before every product:
  /// 16 (the default; int16 values, sums still exact in int32) or 8 (int8 values, a true int8 x int8 product). The
  /// kernels cost the same either way; 8 bits move the fp32 router's close calls (README "Performance").
  int activation_bits = 16;
};

class RouterModel;

/// An immutable router loaded from a .msq file. route() is safe to call from several threads at once (a shared cache
/// of capability tokens per aptitude vector is guarded by a mutex). Copies share the loaded weights.
class Router {
 public:
  /// Parses and checks the bytes of a .msq file (see format.h). source_name names the file in messages. Throws
  /// FormatError: "<source>: not a modelsat router file (bad magic)", "<source>: format version V not supported
  /// (expected 2)", "<source>: truncated (...)", "<source>: checksum mismatch (...)", "<source>: metadata#<pointer>:
  /// ..." or "<source>: tensor '<name>': ..." for missing or misshapen weights.
  static Router from_bytes(const uint8_t* data, size_t size, const std::string& source_name);

  uint32_t format_version() const;
  size_t n_tasks() const;
  const std::vector<std::string>& task_descriptions() const;
  /// Every model in the file with its aptitude results and cost.
  const std::vector<Candidate>& zoo_models() const;
  /// Named zoos (model names from zoo_models()); may be empty.
  const std::map<std::string, std::vector<std::string>>& zoos() const;
  /// The router's id in the experiment it came from (informative).
  const std::string& router_id() const;

  /// Scores every candidate for instruction (any UTF-8 text; empty is allowed), reusing the instruction's keys and
  /// values across candidates where the sequence order allows (RouteOptions{}). candidates: [n_candidates], each
  /// with [n_tasks] aptitude results; only read during the call. Returns probabilities [n_candidates], in the order
  /// of candidates. Throws std::invalid_argument: "no candidates (expected at least 1)", "candidate 'x': aptitude
  /// results of the wrong length (expected 50, got 3)", "candidate 'x': aptitude result out of [0, 1] at task 7 (got
  /// 1.500000)", "activation_bits: not supported (expected 8 or 16, got 4)".
  Decision route(const std::string& instruction, const std::vector<Candidate>& candidates) const;
  /// route() with options (RouteOptions); the same arguments, result and errors.
  Decision route(const std::string& instruction, const std::vector<Candidate>& candidates,
                 const RouteOptions& options) const;

  /// {"format_version": 2, "router_id": "...", "tasks": [...], "models": [{"name", "cost", "aptitude": [...]}],
  ///  "zoos": {"name": [...]}, "settings": {"capability", "max_instruction_tokens", "routing_shuffles", "layers",
  ///  "width", "heads", "context", "positions", "score_output", "sequence_order"}} as JSON text.
  std::string info_json() const;

 private:
  explicit Router(std::shared_ptr<const RouterModel> model);
  std::shared_ptr<const RouterModel> model_;
};

}  // namespace msq
