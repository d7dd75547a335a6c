#include "compiler/load.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "compiler/parse.h"

namespace mesh {

namespace fs = std::filesystem;

std::vector<std::string> list_mesh_files(const std::string& directory, Diagnostics& diagnostics) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(directory.empty() ? "." : directory, ec);
  if (ec) {
    Diagnostic& d = diagnostics.error({}, "cannot read directory: " + ec.message());
    d.subject = directory;
    return {};
  }
  for (const fs::directory_entry& entry : it) {
    const fs::path& p = entry.path();
    if (p.extension() != ".mesh" || !entry.is_regular_file(ec)) continue;
    names.push_back(p.filename().string());
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> paths;
  for (const std::string& name : names)
    paths.push_back(directory.empty() || directory == "." ? name
                                                          : (fs::path(directory) / name).string());
  return paths;
}

std::unique_ptr<ast::File> load_and_parse(const std::string& path, SourceManager& sources,
                                          Diagnostics& diagnostics) {
  std::string error;
  FileId id = sources.load(path, &error);
  if (id == kNoFile) {
    Diagnostic& d = diagnostics.error({}, "cannot read file: " + error);
    d.subject = path;
    return nullptr;
  }
  return parse_file(sources, id, diagnostics);
}

std::vector<std::unique_ptr<ast::File>> parse_directory(const std::string& directory,
                                                        SourceManager& sources,
                                                        Diagnostics& diagnostics) {
  std::vector<std::unique_ptr<ast::File>> files;
  size_t before = diagnostics.error_count();
  std::vector<std::string> paths = list_mesh_files(directory, diagnostics);
  if (paths.empty()) {
    if (diagnostics.error_count() == before) {
      Diagnostic& d = diagnostics.error({}, "no `.mesh` files in this directory");
      d.subject = directory;
    }
    return files;
  }
  for (const std::string& path : paths)
    if (auto file = load_and_parse(path, sources, diagnostics)) files.push_back(std::move(file));
  return files;
}

}  // namespace mesh
