#pragma once
/// Saved plans (`mesh plan --out FILE`, `mesh apply FILE`, `mesh show FILE`): the JSON plan
/// document (render_json.h) plus what an apply needs to prove it runs the same plan — the mesh
/// version, the non-sensitive variable values, the state lineage and serial, the configuration
/// digest. Sensitive values are redacted like in `--json`: no secret is ever in the file, so
/// `mesh show FILE` cannot reveal one; at apply the user supplies sensitive variables again and
/// the digest proves they are the same.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/value.h"
#include "planner/plan.h"
#include "state/records.h"

namespace mesh::plan {

inline constexpr int kPlanFileVersion = 1;

struct SavedPlan {
  int file_version = kPlanFileVersion;
  std::string mesh_version;
  /// Non-sensitive variable values: name → value. At apply they are passed back (below any
  /// `--var`) so that only sensitive ones need supplying again.
  std::vector<std::pair<std::string, Value>> variables;
  Plan plan;  ///< sensitive values come back as sensitive nulls, unknowns as unknowns
};

/// The file's text. `variables` is the graph's `var` object: sensitive entries are left out.
std::string plan_file_text(const Plan& plan, const Value& variables,
                           const std::string& mesh_version);

/// Writes the file (mode 0600, replaced atomically). Error message or "".
std::string write_plan_file(const std::string& path, const Plan& plan, const Value& variables,
                            const std::string& mesh_version);

/// Parses a plan file's text; nullopt with `error` set ("not a mesh plan file", "plan file
/// format 3 is newer than this mesh supports", a missing field…).
std::optional<SavedPlan> parse_plan_file(const std::string& text, std::string* error);
std::optional<SavedPlan> read_plan_file(const std::string& path, std::string* error);

/// Whether a saved plan may still be applied to `snapshot` with a configuration whose digest
/// is `config_digest`: "" when it may, else why not — "state lineage changed: …", "state
/// changed since the plan was made (serial 12 → 14); run mesh plan again", "configuration
/// changed since the plan was made (…)", or a workspace mismatch.
std::string check_saved_plan(const SavedPlan& saved, const state::Snapshot& snapshot,
                             const std::string& config_digest);

/// After the apply re-plans (no refresh) from the same state and configuration: "" when every
/// address has the same action in both plans, else the first differences.
std::string same_actions(const Plan& saved, const Plan& replanned);

}  // namespace mesh::plan
