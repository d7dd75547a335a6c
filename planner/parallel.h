#pragma once
/// A bounded pool for the planner's independent work (refresh reads, record decoding).

#include <cstddef>
#include <functional>

namespace mesh::plan {

/// Calls `work(i)` for every i in [0, count) on at most `workers` threads (the caller's
/// thread among them); returns when all are done. `work` must be thread-safe.
void parallel_for(size_t count, size_t workers, const std::function<void(size_t)>& work);

}  // namespace mesh::plan
