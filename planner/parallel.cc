#include "planner/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace mesh::plan {

void parallel_for(size_t count, size_t workers, const std::function<void(size_t)>& work) {
  workers = std::max<size_t>(1, std::min(workers, count));
  std::atomic<size_t> next{0};
  auto run = [&] {
    for (size_t i = next++; i < count; i = next++) work(i);
  };
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(run);
  run();
  for (std::thread& t : threads) t.join();
}

}  // namespace mesh::plan
