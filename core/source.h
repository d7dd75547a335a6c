#pragma once
/// Source files and positions. Every AST node and every diagnostic points into a file held by
/// a SourceManager through a small FileId, so locations stay 20 bytes and never copy paths.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mesh {

using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

/// 1-based line and column (columns count bytes); 0 means "unknown".
struct SourcePos {
  uint32_t line = 0;
  uint32_t column = 0;
  bool valid() const { return line != 0; }
};

/// A half-open range [begin, end) in one file.
struct SourceRange {
  FileId file = kNoFile;
  SourcePos begin;
  SourcePos end;
  bool valid() const { return file != kNoFile && begin.valid(); }
};

/// Owns the text of every loaded file. Stable: adding files never moves earlier contents.
class SourceManager {
 public:
  /// Registers a file's text; `path` is how diagnostics name it.
  FileId add(std::string path, std::string contents);
  /// Reads `path` from disk; returns kNoFile and sets `error` on failure.
  FileId load(const std::string& path, std::string* error);

  const std::string& path(FileId id) const { return files_[id]->path; }
  const std::string& contents(FileId id) const { return files_[id]->contents; }
  size_t size() const { return files_.size(); }

  /// The text of 1-based `line` without its newline; empty when out of range.
  std::string_view line_text(FileId id, uint32_t line) const;

 private:
  struct File {
    std::string path;
    std::string contents;
    mutable std::vector<uint32_t> line_starts;  ///< built lazily on first line lookup
  };
  std::vector<std::unique_ptr<File>> files_;
};

}  // namespace mesh
