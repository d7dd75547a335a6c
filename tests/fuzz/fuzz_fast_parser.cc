// libFuzzer target: differential check of the fast parser (compiler/fast_parser.h) against the
// ANTLR path. Whenever the fast parser accepts an input, the generated parser must accept it
// too and build the same tree, every node, field and source range (ast_dump's dump_located);
// anything else aborts. Declining is always allowed: the ANTLR path then parses the file.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/ast_dump.h"
#include "compiler/fast_parser.h"
#include "compiler/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // depth and speed, not size, are what this target explores
  std::string text(reinterpret_cast<const char*>(data), size);
  mesh::ParseLimits limits;
  limits.chunk_bytes = 0;
  auto fast = mesh::fast_parse_file(text, 1, 0, limits);
  if (!fast) return 0;

  mesh::SourceManager sources;
  mesh::FileId id = sources.add("fuzz.mesh", text);
  mesh::Diagnostics diagnostics;
  limits.fast_parser = false;
  auto reference = mesh::parse_file(sources, id, diagnostics, limits);
  if (diagnostics.has_errors()) {
    std::fprintf(stderr, "fast parser accepted input the ANTLR path rejects:\n%s",
                 mesh::render(diagnostics, sources).c_str());
    std::abort();
  }
  std::string expected = mesh::dump_located(*reference);
  std::string actual = mesh::dump_located(*fast);
  if (actual != expected) {
    std::fprintf(stderr, "trees differ\n--- ANTLR\n%s\n--- fast\n%s\n", expected.c_str(),
                 actual.c_str());
    std::abort();
  }
  return 0;
}
