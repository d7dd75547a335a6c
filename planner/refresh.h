#pragma once
/// Refresh: reads instances from their providers before diffing, so the plan starts from what
/// exists rather than from what was last recorded. Differences become the plan's drift section
/// ("changed outside mesh") and feed the diff.

#include <vector>

#include "core/diagnostics.h"
#include "planner/plan.h"
#include "planner/prior.h"
#include "providers/registry.h"

namespace mesh::plan {

/// Whether any of `indices`' providers can read its type (`--refresh` defaults to this).
bool any_readable(const Prior& prior, const std::vector<size_t>& indices, ProviderSet& providers);

/// Reads `indices` of `prior` in parallel (at most `parallelism` at once), for instances whose
/// provider can read them; updates `current`, `gone` and `drifted`, and returns the drift
/// sorted by address. A failed read is an error naming the address.
std::vector<Drift> refresh(Prior& prior, const std::vector<size_t>& indices, ProviderSet& providers,
                           size_t parallelism, Diagnostics& diagnostics);

}  // namespace mesh::plan
