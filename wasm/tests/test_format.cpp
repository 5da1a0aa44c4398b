// [runtime] .msq files: round trip, and one clear message per kind of bad file.
#include "msq/format.h"
#include "msq/runtime.h"
#include "test_model.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstring>

namespace {

std::vector<uint8_t> bytes_of(const msq::ModelFile& file) { return msq::serialize(file); }

std::string load_error(const std::vector<uint8_t>& bytes) {
  try {
    msq::Router::from_bytes(bytes.data(), bytes.size(), "model.msq");
  } catch (const msq::FormatError& error) {
    return error.what();
  }
  return "(loaded)";
}

/// Rewrites the metadata JSON of a valid file with edit() and stores a matching checksum, so that only the
/// metadata check can fail.
template <typename Edit>
std::vector<uint8_t> with_metadata(const std::vector<uint8_t>& bytes, Edit edit) {
  uint32_t json_size = 0;
  std::memcpy(&json_size, bytes.data() + 12, 4);
  nlohmann::json meta = nlohmann::json::parse(bytes.begin() + 24, bytes.begin() + 24 + json_size);
  edit(meta);
  const std::string text = meta.dump();
  std::vector<uint8_t> out(bytes.begin(), bytes.begin() + 12);
  const auto size = static_cast<uint32_t>(text.size());
  out.insert(out.end(), reinterpret_cast<const uint8_t*>(&size), reinterpret_cast<const uint8_t*>(&size) + 4);
  out.insert(out.end(), bytes.begin() + 16, bytes.begin() + 24);
  out.insert(out.end(), text.begin(), text.end());
  out.insert(out.end(), bytes.begin() + 24 + json_size, bytes.end() - 8);
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (uint8_t b : out) hash = (hash ^ b) * 0x100000001b3ULL;
  out.insert(out.end(), reinterpret_cast<const uint8_t*>(&hash), reinterpret_cast<const uint8_t*>(&hash) + 8);
  return out;
}

}  // namespace

TEST_CASE("runtime format: a file round-trips through serialize and parse", "[runtime]") {
  const msq::ModelFile file = msq::test::make_test_model(1);
  const std::vector<uint8_t> bytes = bytes_of(file);
  const msq::ModelFile back = msq::parse(bytes.data(), bytes.size(), "model.msq");
  CHECK(back.format_version == msq::kFormatVersion);
  CHECK(back.router_id == file.router_id);
  CHECK(back.tasks == file.tasks);
  CHECK(back.merges == file.merges);
  CHECK(back.zoos == file.zoos);
  REQUIRE(back.models.size() == file.models.size());
  CHECK(back.models[1].aptitude == file.models[1].aptitude);
  CHECK(back.models[1].cost == file.models[1].cost);
  CHECK(back.settings.inquiry_prompt == file.settings.inquiry_prompt);
  CHECK(back.settings.sequence_order == "capability_first");
  CHECK(back.floats.at("token_embedding").values == file.floats.at("token_embedding").values);
  CHECK(back.quants.at("blocks.1.up").q == file.quants.at("blocks.1.up").q);
  CHECK(back.quants.at("blocks.1.up").scales == file.quants.at("blocks.1.up").scales);
  CHECK(bytes_of(back) == bytes);
}

TEST_CASE("runtime format: bad magic, wrong version, truncation, corruption and bad metadata are refused clearly",
          "[runtime]") {
  const std::vector<uint8_t> good = bytes_of(msq::test::make_test_model(2));
  CHECK(load_error(good) == "(loaded)");

  const std::string text = "<!DOCTYPE html><html>not a model</html>";
  CHECK(load_error(std::vector<uint8_t>(text.begin(), text.end())) == "model.msq: not a modelsat router file (bad magic)");
  CHECK(load_error({}) == "model.msq: truncated (expected at least 32 bytes, got 0)");

  std::vector<uint8_t> version = good;
  version[8] = 3;
  CHECK(load_error(version) == "model.msq: format version 3 not supported (expected 2)");
  version[8] = 1;  // version 1 had no settings.sequence_order
  CHECK(load_error(version) == "model.msq: format version 1 not supported (expected 2)");

  const std::vector<uint8_t> cut(good.begin(), good.end() - 100);
  CHECK_THAT(load_error(cut), Catch::StartsWith("model.msq: truncated (expected " + std::to_string(good.size()) +
                                                " bytes, got " + std::to_string(cut.size()) + ")"));
  const std::vector<uint8_t> header_only(good.begin(), good.begin() + 20);
  CHECK(load_error(header_only) == "model.msq: truncated (expected at least 32 bytes, got 20)");

  std::vector<uint8_t> flipped = good;
  flipped[good.size() / 2] ^= 0x40;
  CHECK(load_error(flipped) == "model.msq: checksum mismatch (the file is corrupted)");

  std::vector<uint8_t> longer = good;
  longer.push_back(0);
  CHECK_THAT(load_error(longer), Catch::StartsWith("model.msq: trailing bytes after the checksum"));

  CHECK(load_error(with_metadata(good, [](nlohmann::json& m) { m["extra"] = 1; })) ==
        "model.msq: metadata#/extra: unknown key");
  CHECK(load_error(with_metadata(good, [](nlohmann::json& m) { m["settings"]["positions"] = "alibi"; })) ==
        "model.msq: metadata#/settings/positions: unsupported value (expected \"learned\" or \"rotary\", got \"alibi\")");
  CHECK(load_error(with_metadata(good, [](nlohmann::json& m) { m["models"][1]["aptitude"] = {0.5}; })) ==
        "model.msq: metadata#/models/1/aptitude: aptitude results of the wrong length (expected 5, got 1)");
  CHECK(load_error(with_metadata(good, [](nlohmann::json& m) { m["models"][0]["aptitude"][2] = 1.5; })) ==
        "model.msq: metadata#/models/0/aptitude/2: out of range (expected [0, 1], got 1.500000)");
  CHECK(load_error(with_metadata(good, [](nlohmann::json& m) { m["zoos"]["small"].push_back("ghost"); })) ==
        "model.msq: metadata#/zoos/small: unknown model 'ghost'");
  CHECK(load_error(with_metadata(good, [](nlohmann::json& m) { m["tokenizer"]["merges"][0] = {300, 6}; })) ==
        "model.msq: metadata#/tokenizer/merges/0: token id out of range (expected ids in 5..260, got 300 6)");
  CHECK_THAT(load_error(with_metadata(good, [](nlohmann::json& m) { m["tensors"][0]["offset"] = 1u << 30; })),
             Catch::StartsWith("model.msq: metadata#/tensors/0: tensor 'blocks.0.down.bias' outside the tensor blob"));
}

TEST_CASE("runtime format: settings.sequence_order is read, required, a string, and one of the three orders",
          "[runtime]") {
  msq::test::TestModelShape shape;
  shape.sequence_order = "capability_last";
  const std::vector<uint8_t> last = bytes_of(msq::test::make_test_model(4, shape));
  CHECK(msq::parse(last.data(), last.size(), "model.msq").settings.sequence_order == "capability_last");
  shape.sequence_order = "instruction_first";
  const std::vector<uint8_t> good = bytes_of(msq::test::make_test_model(4, shape));
  CHECK(msq::parse(good.data(), good.size(), "model.msq").settings.sequence_order == "instruction_first");
  CHECK(load_error(good) == "(loaded)");
  CHECK(load_error(with_metadata(good, [](nlohmann::json& m) { m["settings"].erase("sequence_order"); })) ==
        "model.msq: metadata#/settings/sequence_order: missing");
  CHECK(load_error(with_metadata(good, [](nlohmann::json& m) { m["settings"]["sequence_order"] = 1; })) ==
        "model.msq: metadata#/settings/sequence_order: wrong type (expected a string, got number)");
  CHECK(load_error(with_metadata(good, [](nlohmann::json& m) { m["settings"]["sequence_order"] = "prompt_first"; })) ==
        "model.msq: metadata#/settings/sequence_order: unsupported value (expected \"capability_first\" or "
        "\"instruction_first\" or \"capability_last\", got \"prompt_first\")");
}

TEST_CASE("runtime format: missing or misshapen weights name the tensor", "[runtime]") {
  msq::ModelFile missing = msq::test::make_test_model(3);
  missing.floats.erase("head.weight");
  CHECK(load_error(bytes_of(missing)) == "model.msq: tensor 'head.weight': missing (expected a float tensor)");
  msq::ModelFile misshapen = msq::test::make_test_model(3);
  misshapen.quants["blocks.1.qkv"] = msq::quantize_rows(std::vector<float>(16 * 16, 0.5F).data(), 16, 16);
  CHECK(load_error(bytes_of(misshapen)) == "model.msq: tensor 'blocks.1.qkv': wrong shape (expected [48, 16], got [16, 16])");
  msq::ModelFile long_prompt = msq::test::make_test_model(3);
  long_prompt.settings.inquiry_prompt = std::string(200, 'x');
  CHECK_THAT(load_error(bytes_of(long_prompt)),
             Catch::StartsWith("model.msq: the capability instruction does not fit the context (expected <= 64"));
}
