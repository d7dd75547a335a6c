#pragma once
/// The policy engine: `policy` blocks evaluated over the planned values of template instances
/// (`instances("data_product")`) and resources (`resources("postgres_grant")`).
///
/// `each.key` is the subject's address; `each.value` its planned attributes (resources) or its
/// params, nested blocks and outputs (template instances), plus `address`, `type`, `name`,
/// `ttl` (a duration or null) and `lifecycle`. A condition that is unknown at plan time is
/// "unknown" (checked at apply); `evaluate_policies_applied` evaluates it again then.

#include <string>
#include <vector>

#include "compiler/config.h"
#include "compiler/evaluate.h"
#include "compiler/graph.h"
#include "core/diagnostics.h"
#include "planner/plan.h"

namespace mesh::plan {

/// One policy to run and where it came from.
struct PolicyRef {
  const PolicyDecl* decl = nullptr;
  std::string origin;  ///< "configuration", an imported file, or "central"
};

/// Every policy of the configuration (root files and imports) followed by `central` ones
/// (from `--policy-dir` / MESH_POLICY_PATH); a central policy wins over a same-named local one.
std::vector<PolicyRef> collect_policies(const Config& config,
                                        const std::vector<const Config*>& central);

/// Evaluates `policies` against the plan's planned values; the results (sorted by policy, then
/// address) replace `plan.policies`. Errors in a condition or message are diagnostics.
void evaluate_policies(const ResourceGraph& graph, const std::vector<PolicyRef>& policies,
                       Plan& plan, Diagnostics& diagnostics);

/// The results of `policies` over values from `source` (applied values after an apply), for
/// subjects that were "unknown" in `planned` only.
std::vector<PolicyResult> evaluate_policies_applied(const ResourceGraph& graph,
                                                    const std::vector<PolicyRef>& policies,
                                                    const std::vector<PolicyResult>& planned,
                                                    const InstanceValueSource& source,
                                                    Diagnostics& diagnostics);

/// Whether any result is a failing `deny`.
bool denied(const std::vector<PolicyResult>& results);

}  // namespace mesh::plan
