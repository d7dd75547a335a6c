#include "planner/refresh.h"

#include <algorithm>
#include <mutex>

#include "planner/equality.h"
#include "planner/parallel.h"
#include "planner/state_values.h"

namespace mesh::plan {
namespace {

Provider* provider_of(const PriorInstance& p, ProviderSet& providers, std::string* error) {
  return providers.for_resource(p.record->type, p.record->provider, error);
}

}  // namespace

bool any_readable(const Prior& prior, const std::vector<size_t>& indices, ProviderSet& providers) {
  for (size_t i : indices) {
    const PriorInstance& p = prior.instances[i];
    std::string error;
    Provider* provider = provider_of(p, providers, &error);
    if (provider && provider->can_read(p.record->type)) return true;
  }
  return false;
}

std::vector<Drift> refresh(Prior& prior, const std::vector<size_t>& indices, ProviderSet& providers,
                           size_t parallelism, Diagnostics& diagnostics) {
  std::mutex mutex;
  std::vector<Drift> drift;
  parallel_for(indices.size(), parallelism, [&](size_t k) {
    PriorInstance& p = prior.instances[indices[k]];
    if (!p.record) return;
    std::string error;
    Provider* provider = provider_of(p, providers, &error);
    auto fail = [&](const std::string& message) {
      std::lock_guard<std::mutex> guard(mutex);
      Diagnostic d;
      d.message = "refresh failed: " + message;
      d.subject = p.record->address;
      diagnostics.add(std::move(d));
    };
    if (!provider) return fail(error);
    if (!provider->can_read(p.record->type)) return;
    OperationContext context;
    ReadResult read = provider->read(p.record->type, p.recorded, context);
    if (!read.ok()) return fail(read.error);
    Drift d;
    d.address = p.record->address;
    d.before = p.recorded;
    if (!read.value) {
      p.gone = true;
      p.current = Value();
      d.gone = true;
    } else {
      Value now = with_marks_of(typed_by_schema(*read.value, p.schema), p.recorded);
      if (same_value(now, p.recorded)) return;
      p.drifted = true;
      p.current = now;
      d.after = std::move(now);
    }
    std::lock_guard<std::mutex> guard(mutex);
    drift.push_back(std::move(d));
  });
  std::sort(drift.begin(), drift.end(),
            [](const Drift& a, const Drift& b) { return a.address < b.address; });
  return drift;
}

}  // namespace mesh::plan
