/// The formatter's round-trip property over every `.mesh` file in the repository:
/// format(format(x)) == format(x), and format(x) parses to the same AST as x.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "parse_helpers.h"

#ifndef MESH_SOURCE_DIR
#error MESH_SOURCE_DIR must name the source tree
#endif

using namespace mesh;
using namespace mesh::test;
namespace fs = std::filesystem;

namespace {

/// `.mesh` files of the repository, without build trees, state dirs and the inputs of the
/// error golden tests (which are invalid on purpose).
std::vector<fs::path> repository_mesh_files() {
  std::vector<fs::path> out;
  fs::path root(MESH_SOURCE_DIR);
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const fs::path& p = it->path();
    std::string rel = fs::relative(p, root).generic_string();
    std::string name = p.filename().string();
    if (it->is_directory() && (name.rfind("build", 0) == 0 || name == ".git" || name == ".mesh" ||
                               rel == "tests/golden/parse")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && p.extension() == ".mesh") out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("format: round trip over every .mesh file in the repository") {
  std::vector<fs::path> files = repository_mesh_files();
  MESSAGE(files.size() << " files");
  for (const fs::path& path : files) {
    CAPTURE(path.string());
    SourceManager sources;
    Diagnostics diagnostics;
    std::string error;
    FileId id = sources.load(path.string(), &error);
    REQUIRE(id != kNoFile);
    auto file = parse_file(sources, id, diagnostics);
    if (diagnostics.has_errors()) {
      // Fixtures that are invalid on purpose are not the formatter's business.
      MESSAGE("skipped (does not parse): " << path.string());
      continue;
    }
    std::string once = format_file(*file);
    auto again = parse(once, path.string());
    REQUIRE_MESSAGE(again->ok(), again->errors());
    CHECK(dump(*again->file) == dump(*file));
    CHECK(format_file(*again->file) == once);
  }
}
