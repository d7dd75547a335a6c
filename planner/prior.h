#pragma once
/// The prior state of a workspace as values: one entry per state record, looked up by address
/// in O(1). Refresh replaces `current` with what the provider reads now.

#include <functional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostics.h"
#include "core/schema.h"
#include "core/value.h"
#include "state/records.h"

namespace mesh::plan {

struct PriorInstance {
  const state::ResourceRecord* record = nullptr;
  const ResourceSchema* schema = nullptr;  ///< null when no provider declares the type
  Value recorded;                          ///< as the state recorded it
  Value current;         ///< after refresh (== recorded without refresh); null when gone
  bool gone = false;     ///< refresh found it deleted outside mesh
  bool drifted = false;  ///< refresh found it changed outside mesh
  bool matched = false;  ///< set by the planner when a configured instance claims it
};

struct Prior {
  std::vector<PriorInstance> instances;  ///< parallel to the snapshot's resources
  std::unordered_map<std::string_view, size_t> by_address;

  PriorInstance* find(std::string_view address) {
    auto it = by_address.find(address);
    return it == by_address.end() ? nullptr : &instances[it->second];
  }
};

/// The schema of a recorded instance's type (null when unknown): asked once per distinct type
/// and provider.
using SchemaLookup = std::function<const ResourceSchema*(const state::ResourceRecord&)>;

/// Decodes every record of `snapshot` (which must outlive the result) on up to `workers`
/// threads. A malformed record is an error naming its address.
Prior load_prior(const state::Snapshot& snapshot, const SchemaLookup& schema_of, size_t workers,
                 Diagnostics& diagnostics);

}  // namespace mesh::plan
