#include "core/source.h"

#include <fstream>
#include <sstream>

namespace mesh {

FileId SourceManager::add(std::string path, std::string contents) {
  auto file = std::make_unique<File>();
  file->path = std::move(path);
  file->contents = std::move(contents);
  files_.push_back(std::move(file));
  return static_cast<FileId>(files_.size() - 1);
}

FileId SourceManager::load(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = "cannot open file";
    return kNoFile;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    if (error) *error = "cannot read file";
    return kNoFile;
  }
  return add(path, buffer.str());
}

std::string_view SourceManager::line_text(FileId id, uint32_t line) const {
  if (id >= files_.size() || line == 0) return {};
  const File& file = *files_[id];
  if (file.line_starts.empty()) {
    file.line_starts.push_back(0);
    for (uint32_t i = 0; i < file.contents.size(); ++i)
      if (file.contents[i] == '\n') file.line_starts.push_back(i + 1);
  }
  if (line > file.line_starts.size()) return {};
  uint32_t start = file.line_starts[line - 1];
  uint32_t end = line < file.line_starts.size() ? file.line_starts[line] - 1
                                                 : static_cast<uint32_t>(file.contents.size());
  std::string_view text(file.contents.data() + start, end - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

}  // namespace mesh
