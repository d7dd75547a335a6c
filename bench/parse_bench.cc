/// Parse benchmark: generates configurations of 10k and 100k resource blocks (or the sizes
/// given as arguments) and reports parse time, throughput and peak memory.
/// Budget (issue 2): 100k blocks in under 3 s with peak RSS under 1.5 GB.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bench/gen_config.h"
#include "compiler/parse.h"

namespace {

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<size_t> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoul(argv[i], nullptr, 10));
  if (sizes.empty()) sizes = {10'000, 100'000};
  int status = 0;
  for (size_t blocks : sizes) {
    mesh::SourceManager sources;
    mesh::FileId id = sources.add("bench.mesh", mesh::bench::generate_config(blocks));
    double mb = static_cast<double>(sources.contents(id).size()) / (1024.0 * 1024.0);
    mesh::Diagnostics diagnostics;
    auto start = std::chrono::steady_clock::now();
    auto file = mesh::parse_file(sources, id, diagnostics);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (diagnostics.has_errors() || file->body.blocks.size() != blocks + 1) {
      std::fprintf(stderr, "%s", mesh::render(diagnostics, sources).c_str());
      status = 1;
    }
    std::printf("%7zu blocks  %7.1f MB  %6.3f s  %7.1f MB/s  peak RSS %6.1f MB\n", blocks, mb,
                seconds, mb / seconds, static_cast<double>(peak_rss_kb()) / 1024.0);
    std::fflush(stdout);
  }
  return status;
}
