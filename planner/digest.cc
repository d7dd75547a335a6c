#include "planner/digest.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "core/sha256.h"
#include "core/value_json.h"

namespace mesh::plan {
namespace {

/// `path` relative to `directory`, so that `mesh plan -C infra` and `mesh apply` run inside
/// `infra` agree.
std::string relative_to(const std::string& path, const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path base = fs::absolute(directory.empty() ? "." : directory, ec).lexically_normal();
  fs::path file = fs::absolute(path, ec).lexically_normal();
  fs::path rel = file.lexically_relative(base);
  return rel.empty() ? path : rel.generic_string();
}

void hash_field(Sha256& h, std::string_view text) {
  // Length-prefixed, so that no two different field sequences hash the same bytes.
  std::string length = std::to_string(text.size()) + ":";
  h.update(length);
  h.update(text);
}

}  // namespace

std::string config_digest(const ResourceGraph& graph) {
  std::vector<std::pair<std::string, const std::string*>> files;
  if (graph.sources) {
    const std::string directory = graph.config ? graph.config->directory : std::string();
    files.reserve(graph.sources->size());
    for (FileId id = 0; id < graph.sources->size(); ++id) {
      // `--var` / MESH_VAR_ texts are parsed as sources named `<value of NAME>`; their values
      // are hashed below, and a saved plan's variables come back at apply as other texts.
      if (graph.sources->path(id).rfind("<value of ", 0) == 0) continue;
      files.emplace_back(relative_to(graph.sources->path(id), directory),
                         &graph.sources->contents(id));
    }
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Sha256 h;
  h.update("mesh-config-digest-v1\n");
  for (const auto& [path, contents] : files) {
    hash_field(h, path);
    hash_field(h, *contents);
  }
  // Raw JSON (sensitive values in clear, into the hash only) with sorted keys.
  std::string variables = to_json(graph.variables.object)
                              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  hash_field(h, variables);
  // Built-in references, only those the configuration reads (so that a plan made in one
  // checkout applies in another when nothing depends on where it is). `path.module` depends on
  // every file's absolute place; the workspace is checked before the digest anyway.
  const BuiltinValues& b = graph.builtins;
  if (b.used != 0) {
    hash_field(h, "builtins:" + std::to_string(b.used));
    if (b.used & kUsesPathRoot) hash_field(h, b.root);
    if (b.used & kUsesPathCwd) hash_field(h, b.cwd);
    if (b.used & kUsesWorkspace) hash_field(h, b.workspace);
    if ((b.used & kUsesPathModule) && graph.sources) {
      std::vector<std::string> dirs;
      for (FileId id = 0; id < graph.sources->size(); ++id) {
        if (graph.sources->path(id).rfind('<', 0) == 0) continue;  // `<value of NAME>`
        std::error_code ec;
        dirs.push_back(std::filesystem::absolute(graph.sources->path(id), ec)
                           .lexically_normal()
                           .parent_path()
                           .string());
      }
      std::sort(dirs.begin(), dirs.end());
      dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
      for (const std::string& d : dirs) hash_field(h, d);
    }
  }
  std::array<uint8_t, 32> digest = h.finish();
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (uint8_t b : digest) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

}  // namespace mesh::plan
