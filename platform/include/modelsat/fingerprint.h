// The build fingerprint: a string that must be identical in the host and in every plugin it loads.
#pragma once

#include <nlohmann/json.hpp>
#include <torch/version.h>

#define MODELSAT_FP_STR2(x) #x
#define MODELSAT_FP_STR(x) MODELSAT_FP_STR2(x)

#if defined(__clang__)
#define MODELSAT_FP_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define MODELSAT_FP_COMPILER "gcc " __VERSION__
#else
#define MODELSAT_FP_COMPILER "unknown-compiler"
#endif

#if defined(_GLIBCXX_USE_CXX11_ABI)
#define MODELSAT_FP_CXXABI "cxx11abi=" MODELSAT_FP_STR(_GLIBCXX_USE_CXX11_ABI)
#else
#define MODELSAT_FP_CXXABI "cxx11abi=none"
#endif

/// Compiler, C++ standard-library ABI, libtorch version and nlohmann_json version: the facts that must match for C++
/// objects (std::string, at::Tensor, exceptions) to cross between host and plugin safely.
#define MODELSAT_BUILD_FINGERPRINT                                                                  \
  MODELSAT_FP_COMPILER "; " MODELSAT_FP_CXXABI "; libtorch " TORCH_VERSION "; json " MODELSAT_FP_STR( \
      NLOHMANN_JSON_VERSION_MAJOR) "." MODELSAT_FP_STR(NLOHMANN_JSON_VERSION_MINOR) "." MODELSAT_FP_STR(NLOHMANN_JSON_VERSION_PATCH)
