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

/// User plus system CPU seconds of the process (all threads): on a busy machine this is the
/// figure to compare, wall time includes waiting for a core.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
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
    double cpu_start = cpu_seconds();
    auto start = std::chrono::steady_clock::now();
    auto file = mesh::parse_file(sources, id, diagnostics);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu = cpu_seconds() - cpu_start;
    if (diagnostics.has_errors() || file->body.blocks.size() != blocks + 1) {
      std::fprintf(stderr, "%s", mesh::render(diagnostics, sources).c_str());
      status = 1;
    }
    std::printf(
        "%7zu blocks  %6.1f MB  wall %6.3f s (%5.1f MB/s)  cpu %6.3f s (%5.1f MB/s)  "
        "peak RSS %6.1f MB\n",
        blocks, mb, seconds, mb / seconds, cpu, mb / cpu,
        static_cast<double>(peak_rss_kb()) / 1024.0);
    std::fflush(stdout);
  }
  return status;
}
