#pragma once
/// A fresh directory under /tmp, removed with its contents when destroyed.

#include <string>

namespace mesh::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  /// Writes `text` to `name` (a relative path; its directories are made); returns the full path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

/// The whole contents of a file ("" when missing).
std::string read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::string& bytes);

}  // namespace mesh::test
