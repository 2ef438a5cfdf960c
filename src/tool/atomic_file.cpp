#include "atomic_file.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace jumpflow::tool {

atomic_output_file::atomic_output_file(std::filesystem::path path) : path_(std::move(path)) {
  namespace fs = std::filesystem;
  if (path_.has_parent_path()) fs::create_directories(path_.parent_path());
  tmp_ = path_;
  tmp_ += ".tmp." + std::to_string(::getpid());
  out_.open(tmp_, std::ios::binary | std::ios::trunc);
  if (!out_) throw std::runtime_error("cannot write " + tmp_.string());
}

atomic_output_file::~atomic_output_file() {
  if (committed_) return;
  out_.close();
  std::error_code ignored;
  std::filesystem::remove(tmp_, ignored);
}

void atomic_output_file::commit() {
  out_.flush();
  const bool written = static_cast<bool>(out_);
  out_.close();
  if (!written || out_.fail()) throw std::runtime_error("cannot write " + tmp_.string());
  std::error_code ec;
  std::filesystem::rename(tmp_, path_, ec);  // atomic on POSIX within one file system
  if (ec) throw std::runtime_error("cannot rename into " + path_.string());
  committed_ = true;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  atomic_output_file file(path);
  file.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  file.commit();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace jumpflow::tool
