#include "planner/prior.h"

#include <mutex>

#include "planner/parallel.h"
#include "planner/state_values.h"

namespace mesh::plan {

Prior load_prior(const state::Snapshot& snapshot, const SchemaLookup& schema_of, size_t workers,
                 Diagnostics& diagnostics) {
  Prior prior;
  const size_t n = snapshot.resources.size();
  prior.instances.resize(n);
  prior.by_address.reserve(n);
  std::unordered_map<std::string, const ResourceSchema*> schemas;  // by "provider type"
  for (size_t i = 0; i < n; ++i) {
    const state::ResourceRecord& r = snapshot.resources[i];
    prior.instances[i].record = &r;
    auto [it, fresh] = schemas.try_emplace(r.provider + " " + r.type, nullptr);
    if (fresh) it->second = schema_of(r);
    prior.instances[i].schema = it->second;
    prior.by_address.emplace(r.address, i);
  }
  std::mutex mutex;
  // Decoding is JSON parsing: worth spreading only for large states.
  parallel_for(n, n >= 4096 ? workers : 1, [&](size_t i) {
    PriorInstance& p = prior.instances[i];
    std::string error;
    std::optional<Value> value = record_value(*p.record, p.schema, &error);
    if (!value) {
      std::lock_guard<std::mutex> guard(mutex);
      Diagnostic d;
      d.message = error;  // names the address
      diagnostics.add(std::move(d));
      return;
    }
    p.recorded = std::move(*value);
    p.current = p.recorded;
  });
  return prior;
}

}  // namespace mesh::plan
