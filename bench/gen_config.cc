/// Writes a synthetic configuration of N resource blocks to stdout, shaped like real ones:
/// labels, strings with interpolation, numbers, durations, lists, objects, references,
/// a nested lifecycle block and comments. Usage: mesh_gen_config N > big.mesh

#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/gen_config.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s N\n", argv[0]);
    return 64;
  }
  long n = std::strtol(argv[1], nullptr, 10);
  if (n <= 0) {
    std::fprintf(stderr, "N must be a positive number\n");
    return 64;
  }
  std::string text = mesh::bench::generate_config(static_cast<size_t>(n));
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}
