// libFuzzer target: one `.mesh` file through the parser and the whole compiler (declarations,
// checks, variables, graph expansion, compile-time evaluation of every node) with the builtin
// schema catalog, as `mesh validate` does, then the rendering of its diagnostics.
//
// The file is written as main.mesh into a private temporary directory. `file()`,
// `filebase64()`, `templatefile()` and imports read files at compile time, and a fuzzed path
// could name any host file (`/dev/zero` never ends, `/dev/stdin` blocks): a Landlock ruleset
// therefore limits what the process may open for reading to that directory, the stdlib, the
// corpus given on the command line and what the sanitizers' symbolizer needs (/usr, /lib,
// /proc/self). Without Landlock (kernel < 5.13 or disabled) inputs that could reach a file at
// all — any mention of `file` or `import` — are skipped instead.
#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/compile.h"
#include "core/diagnostics.h"
#include "core/source.h"
#include "providers/registry.h"

namespace {

std::string g_dir;         ///< the private directory holding main.mesh
bool g_sandboxed = false;  ///< reads are limited by Landlock

/// Limits file reads of this process (and its children) to `allowed` (directories: everything
/// beneath). Writes stay allowed: libFuzzer writes its corpus and crash files.
bool restrict_reads(const std::vector<std::string>& allowed) {
  landlock_ruleset_attr attr{};
  attr.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE;
  const long ruleset = syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
  if (ruleset < 0) return false;
  for (const std::string& path : allowed) {
    const int fd = open(path.c_str(), O_PATH | O_CLOEXEC);
    if (fd < 0) continue;
    landlock_path_beneath_attr rule{};
    rule.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE;
    rule.parent_fd = fd;
    syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
    close(fd);
  }
  const bool ok = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
                  syscall(SYS_landlock_restrict_self, ruleset, 0) == 0;
  close(static_cast<int>(ruleset));
  return ok;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  char pattern[] = "/tmp/mesh-fuzz-compile-XXXXXX";
  const char* made = mkdtemp(pattern);
  if (!made) {
    std::perror("mkdtemp");
    std::abort();
  }
  g_dir = made;
  std::atexit([] {
    std::error_code ec;
    std::filesystem::remove_all(g_dir, ec);
  });
  std::vector<std::string> allowed = {g_dir,    MESH_SOURCE_DIR "/stdlib", "/usr",      "/lib",
                                      "/lib64", "/etc/ld.so.cache",        "/proc/self"};
  std::error_code ec;
  allowed.push_back(std::filesystem::read_symlink("/proc/self/exe", ec).string());
  // Corpus directories and inputs to replay (flags start with '-').
  for (int i = 1; i < *argc; ++i)
    if ((*argv)[i][0] != '-') allowed.push_back((*argv)[i]);
  g_sandboxed = restrict_reads(allowed);
  if (!g_sandboxed)
    std::fprintf(stderr, "fuzz_parse_compile: no Landlock; inputs naming files are skipped\n");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return -1;  // large inputs only slow the search down
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!g_sandboxed && (text.find("file") != std::string_view::npos ||
                       text.find("import") != std::string_view::npos))
    return -1;
  {
    std::ofstream out(g_dir + "/main.mesh", std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  mesh::SourceManager sources;
  mesh::Diagnostics diagnostics;
  mesh::CompileOptions options;
  options.directory = g_dir;
  options.load.stdlib_paths = {MESH_SOURCE_DIR "/stdlib"};
  mesh::Compilation compiled =
      mesh::compile(options, sources, mesh::builtin_catalog(), diagnostics);
  // Rendering walks every diagnostic's source range: it must stay inside the file.
  const std::string rendered = mesh::render(diagnostics, sources);
  if (std::getenv("MESH_FUZZ_VERBOSE")) std::fputs(rendered.c_str(), stderr);  // debugging aid
  return 0;
}
