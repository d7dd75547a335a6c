#include "planner/outputs.h"

#include <algorithm>
#include <unordered_set>

#include "planner/equality.h"
#include "planner/state_values.h"

namespace mesh::plan {

std::vector<OutputChange> plan_outputs(const ResourceGraph& graph, const state::Snapshot& snapshot,
                                       const InstanceValueSource& source, bool destroy,
                                       Diagnostics& diagnostics) {
  std::vector<OutputChange> out;
  std::unordered_set<std::string> configured;
  if (!destroy) {
    for (uint32_t id = 0; id < graph.nodes.size(); ++id) {
      const GraphNode& n = graph.nodes[id];
      if (n.kind != NodeKind::Output) continue;
      OutputChange o;
      o.name = n.address.resource.name;
      configured.insert(o.name);
      o.after = evaluate_output(graph, id, source, diagnostics);
      o.sensitive = o.after.contains_sensitive();
      o.action = Action::Create;
      if (const state::OutputRecord* r = snapshot.find_output(o.name)) {
        std::string error;
        if (std::optional<Value> before = output_value(*r, &error)) o.before = *before;
        const bool same = same_value(o.before, o.after);
        o.sensitive = o.sensitive || r->sensitive;
        o.action = same ? Action::NoOp : Action::Update;
      }
      out.push_back(std::move(o));
    }
  }
  for (const state::OutputRecord& r : snapshot.outputs) {
    if (configured.count(r.name)) continue;
    OutputChange o;
    o.name = r.name;
    o.action = Action::Delete;
    o.sensitive = r.sensitive;
    std::string error;
    if (std::optional<Value> before = output_value(r, &error)) o.before = *before;
    out.push_back(std::move(o));
  }
  std::sort(out.begin(), out.end(),
            [](const OutputChange& a, const OutputChange& b) { return a.name < b.name; });
  return out;
}

}  // namespace mesh::plan
