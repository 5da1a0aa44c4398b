// modelsat_bench_routing: milliseconds per routing decision of the libtorch fp32 router and the native int8 runtime,
// on the same checkpoint, questions and candidates (medians; one thread), the int8 runtime through the JSON C API that
// the wasm module exports (for a like-for-like wasm ratio), the int8 runtime with 8-bit instead of 16-bit
// activations, and for an instruction_first or capability_last model the libtorch router and the int8 runtime
// without reusing the shared prefix's keys and values.
// Not a test: run it by hand (README).
#include "modelsat/atomic_file.h"
#include "modelsat/component_registry.h"
#include "modelsat/experiment/router_checkpoint.h"
#include "modelsat/json_util.h"

#include <msq/runtime.h>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

// The wasm module's C API (wasm/src/c_api.cpp), compiled natively here.
extern "C" int msq_load(const uint8_t* bytes, int length);
extern "C" const char* msq_route(const char* request_json);

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

template <typename Step>
std::vector<double> time_each(size_t n, Step step) {
  std::vector<double> ms;
  for (size_t i = 0; i < n; ++i) {
    const auto start = std::chrono::steady_clock::now();
    step(i);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr,
                 "usage: modelsat_bench_routing CKPT MODEL.msq EXAMPLES.json [FP32_DECISIONS]\n"
                 "  CKPT: a router checkpoint folder; MODEL.msq: `modelsat export --int8` of it; EXAMPLES.json: its\n"
                 "  --examples file (the questions routed). Every checkpoint model is a candidate. FP32_DECISIONS\n"
                 "  (default 50) caps the slow fp32 runs; the int8 runtime routes every question.\n");
    return 2;
  }
  try {
    at::set_num_threads(1);
    modelsat::ComponentRegistry registry;
    modelsat::PluginSearchOptions options;
    options.use_environment = false;
    modelsat::load_plugins(registry, options);
    const modelsat::experiment::LoadedRouter loaded = modelsat::experiment::load_router_checkpoint(argv[1], registry);
    const modelsat::CandidateSet candidates = modelsat::experiment::checkpoint_candidates(loaded.checkpoint);
    const std::string bytes = modelsat::read_file(argv[2]);
    const msq::Router router = msq::Router::from_bytes(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), argv[2]);
    const nlohmann::json examples = modelsat::read_json_file(argv[3]);
    std::vector<std::string> texts;
    for (const auto& q : examples.at("questions")) texts.push_back(q.at("text").get<std::string>());
    if (texts.empty()) throw std::runtime_error(std::string(argv[3]) + ": no questions (expected at least 1)");
    const size_t fp32_runs = std::min(texts.size(), argc == 5 ? static_cast<size_t>(std::stoul(argv[4])) : size_t{50});
    const std::vector<msq::Candidate> zoo = router.zoo_models();

    router.route(texts.front(), zoo);  // warm-up: capability tokens of the zoo are computed once and cached
    const std::vector<double> int8 = time_each(texts.size(), [&](size_t i) { router.route(texts[i], zoo); });
    const auto question = [&](size_t i) {
      modelsat::QueryBatch batch;
      batch.ids = {"q"};
      batch.texts = {texts[i]};
      batch.categories = {""};
      return batch;
    };
    const std::vector<double> fp32 =
        time_each(fp32_runs, [&](size_t i) { loaded.router->score(question(i), candidates); });
    const double fp32_ms = median(fp32), int8_ms = median(int8);
    std::cout << "routing latency, " << zoo.size() << " candidates, one thread (median ms per decision)\n"
              << "  libtorch fp32: " << fp32_ms << " ms (" << fp32.size() << " decisions)\n"
              << "  native int8:   " << int8_ms << " ms (" << int8.size() << " decisions)\n"
              << "  fp32 / int8:   " << fp32_ms / int8_ms << "\n";
    // The same decisions through the JSON C API that the wasm benchmarks call (request JSON as bench_common.js builds
    // it, reply parsed), for a like-for-like wasm / native ratio.
    if (msq_load(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int>(bytes.size())) != 1) {
      throw std::runtime_error(std::string(argv[2]) + ": the C API did not load it");
    }
    nlohmann::json api_candidates = nlohmann::json::array();
    for (const msq::Candidate& c : zoo) api_candidates.push_back(c.name);  // the file's models by name
    const std::vector<double> api = time_each(texts.size(), [&](size_t i) {
      const std::string request = nlohmann::json{{"instruction", texts[i]}, {"candidates", api_candidates}}.dump();
      if (nlohmann::json::parse(msq_route(request.c_str())).contains("error")) throw std::runtime_error("msq_route failed");
    });
    const double api_ms = median(api);
    std::cout << "  native int8 through the JSON C API (msq_route, as the wasm benchmarks call it): " << api_ms
              << " ms (" << api.size() << " decisions); JSON API / direct: " << api_ms / int8_ms << "\n";
    // The decisions above quantise activations to 16 bits (the default); these to 8 (int8 x int8 products).
    const std::vector<double> narrow = time_each(texts.size(), [&](size_t i) {
      router.route(texts[i], zoo, msq::RouteOptions{true, 8});
    });
    const double narrow_ms = median(narrow);
    std::cout << "  native int8 weights, 8-bit activations: " << narrow_ms << " ms (" << narrow.size()
              << " decisions); 8-bit / 16-bit: " << narrow_ms / int8_ms << "\n";
    const std::string order = nlohmann::json::parse(router.info_json()).at("settings").at("sequence_order");
    if (order != "capability_first") {
      // The libtorch router with its shared-prefix reuse switched off (prefix_reuse false), on the same decisions.
      const modelsat::experiment::LoadedRouter whole_fp32 = modelsat::experiment::load_router_checkpoint(
          argv[1], registry, "", nlohmann::json{{"prefix_reuse", false}});
      const std::vector<double> whole_fp32_ms =
          time_each(fp32_runs, [&](size_t i) { whole_fp32.router->score(question(i), candidates); });
      std::cout << "  " << order << ", libtorch fp32 with prefix reuse:    " << fp32_ms << " ms (" << fp32.size()
                << " decisions)\n"
                << "  " << order << ", libtorch fp32 without prefix reuse: " << median(whole_fp32_ms) << " ms ("
                << whole_fp32_ms.size() << " decisions)\n"
                << "  without / with reuse: " << median(whole_fp32_ms) / fp32_ms << "\n";
      // The decisions above reuse the shared prefix across candidates; these run every candidate's whole sequence.
      const std::vector<double> whole = time_each(texts.size(), [&](size_t i) {
        router.route(texts[i], zoo, msq::RouteOptions{false});
      });
      const double whole_ms = median(whole);
      std::cout << "  " << order << ", native int8 with prefix reuse:    " << int8_ms << " ms (" << int8.size()
                << " decisions)\n"
                << "  " << order << ", native int8 without prefix reuse: " << whole_ms << " ms (" << whole.size()
                << " decisions)\n"
                << "  without / with reuse: " << whole_ms / int8_ms << "\n";
    }
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "modelsat_bench_routing: %s\n", error.what());
    return 1;
  }
}
