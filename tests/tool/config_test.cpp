#include <gtest/gtest.h>

#include <filesystem>

#include "atomic_file.hpp"
#include "study_config.hpp"
#include "study_runner.hpp"

namespace {

using namespace jumpflow::tool;

TEST(StudyConfig, JsonRoundTripIsExact) {
  for (const auto& model : models()) {
    study_config c = default_config(model);
    c.n = {10, 20.5, 1e4};
    c.replicates = 17;
    c.seed = 123456789012345ULL;
    c.T = 0.75;
    c.level = 0.9;
    const nlohmann::json j = to_json(c);
    study_config back = default_config(model);
    apply_json(back, nlohmann::json::parse(j.dump()), model);
    EXPECT_EQ(to_json(back), j) << model.name;
  }
}

TEST(StudyConfig, RejectsUnknownKeysAndBadValues) {
  const auto& model = find_model("bnn");
  study_config c = default_config(model);
  EXPECT_THROW(apply_json(c, nlohmann::json{{"replicate", 3}}, model), usage_error);
  EXPECT_THROW(apply_json(c, nlohmann::json{{"options", {{"no_such_option", 1}}}}, model), usage_error);
  EXPECT_THROW(apply_json(c, nlohmann::json{{"n", "100"}}, model), usage_error);
  c = default_config(model);
  c.n = {100, -5};
  try {
    validate(c, model);
    FAIL() << "no throw";
  } catch (const usage_error& e) {
    EXPECT_STREQ(e.what(), "jumpflow: n is -5, but must be finite and > 0");
  }
  c = default_config(model);
  c.replicates = 1;
  EXPECT_THROW(validate(c, model), usage_error);
  EXPECT_THROW(parse_list("1,x", "n"), usage_error);
  EXPECT_EQ(parse_list("1,1e3,2.5", "n"), (std::vector<double>{1, 1000, 2.5}));
  EXPECT_THROW(find_model("no-such-model"), usage_error);
}

TEST(AtomicFile, WritesWholeFilesAndLeavesNoTemporary) {
  const auto dir = std::filesystem::temp_directory_path() / "jumpflow_atomic_test";
  std::filesystem::remove_all(dir);
  write_file_atomically(dir / "a.txt", "first");
  write_file_atomically(dir / "a.txt", "second");
  EXPECT_EQ(read_file(dir / "a.txt"), "second");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
  std::filesystem::remove_all(dir);
}

}  // namespace
