// Running the `jumpflow` binary from a test: a scratch folder per test process and the exit
// status and stderr of one command line.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "atomic_file.hpp"

namespace jumpflow::tool::test {

namespace fs = std::filesystem;

/// What a run of the binary left: its exit status and its stderr.
struct cli_result {
  int status;
  std::string err;
};

/// A fresh (removed) path `name` in this process's scratch folder.
inline fs::path scratch(const std::string& name) {
  const fs::path p =
      fs::temp_directory_path() / ("jumpflow_cli_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(p);
  fs::create_directories(p.parent_path());
  return p;
}

/// Runs `<prefix>jumpflow <args>` (stdout discarded; `prefix` e.g. "timeout 10 ").
inline cli_result run_cli(const std::string& args, const std::string& prefix = "") {
  const fs::path err = scratch("stderr.txt");
  const std::string cmd =
      prefix + std::string(JUMPFLOW_TOOL_PATH) + " " + args + " > /dev/null 2> " + err.string();
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(err)};
}

}  // namespace jumpflow::tool::test
