// libFuzzer target: one `.mesh` file through the whole compiler (parse, declarations, checks,
// variables, graph expansion, compile-time evaluation of every node), as `mesh validate`.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "compiler/compile.h"
#include "core/diagnostics.h"
#include "core/source.h"
#include "providers/registry.h"

namespace {

// One private directory per process, holding the input as main.mesh.
const std::string& work_dir() {
  static const std::string dir = [] {
    char pattern[] = "/tmp/mesh-fuzz-compile-XXXXXX";
    const char* made = mkdtemp(pattern);
    return std::string(made ? made : "/tmp");
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return -1;  // large inputs only slow the search down
  const std::string dir = work_dir();
  {
    std::ofstream out(dir + "/main.mesh", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  mesh::SourceManager sources;
  mesh::Diagnostics diagnostics;
  mesh::CompileOptions options;
  options.directory = dir;
  mesh::Compilation compiled =
      mesh::compile(options, sources, mesh::builtin_catalog(), diagnostics);
  // Rendering walks every diagnostic's source range: it must stay inside the file.
  std::string text = mesh::render(diagnostics, sources);
  (void)text;
  return 0;
}
