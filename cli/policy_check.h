#pragma once
/// Policies for a command: the configuration's own (and its imports') plus the central ones of
/// `--policy-dir` / MESH_POLICY_PATH, evaluated over a plan with violations printed to stderr.

#include <memory>
#include <string>
#include <vector>

#include "compiler/config.h"
#include "core/source.h"
#include "planner/plan.h"
#include "planner/policy.h"

namespace mesh::cli {

struct GlobalOptions;

struct Policies {
  std::vector<std::unique_ptr<Config>> central;  ///< one per central folder
  std::vector<plan::PolicyRef> refs;
};

/// Loads the central policy folders into `sources` and collects every policy; prints
/// diagnostics and returns false on errors (a missing folder, a file that does not parse).
bool load_policies(const GlobalOptions& globals, const Config& config, SourceManager& sources,
                   Policies& out);

/// Evaluates the policies over `planned` (filling `planned.policies`); prints each violation
/// and each check deferred to apply on stderr. False when a `deny` failed or on errors.
bool check_policies(const GlobalOptions& globals, const ResourceGraph& graph,
                    const Policies& policies, plan::Plan& planned, SourceManager& sources);

}  // namespace mesh::cli
