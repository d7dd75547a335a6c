#pragma once
/// The JSON view of a plan (`mesh plan --json`, `mesh show --json`), documented in
/// docs/plan-format.md. Versioned (`format_version`), keys in a stable order, sensitive values
/// redacted (written as null, their paths listed), unknown values listed by path.

#include <nlohmann/json.hpp>
#include <string>

#include "planner/plan.h"

namespace mesh::plan {

inline constexpr const char* kPlanFormatVersion = "1.1";

/// The whole plan document.
nlohmann::ordered_json plan_json(const Plan& plan);
/// One resource change, as it appears in `changes`.
nlohmann::ordered_json change_json(const ResourceChange& change);
nlohmann::ordered_json output_change_json(const OutputChange& change);
nlohmann::ordered_json drift_json(const Drift& drift);

/// `plan_json(plan)` as indented text with a trailing newline.
std::string render_json(const Plan& plan);

}  // namespace mesh::plan
