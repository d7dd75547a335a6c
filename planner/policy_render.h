#pragma once
/// Policy results as text: the section the human and Markdown plan renderers append.

#include <string>
#include <vector>

#include "planner/plan.h"

namespace mesh::plan {

/// `Policies: 4 passed, 1 denied, 1 warning, 1 checked at apply` and one entry per result
/// that did not pass (name, address, message, both locations); "" without results.
std::string policy_text(const std::vector<PolicyResult>& results);

/// The same as a Markdown section.
std::string policy_markdown(const std::vector<PolicyResult>& results);

/// One line for a failing or unknown result:
/// `deny: policy "P" on ADDR: MESSAGE (policy at FILE:L:C, ADDR at FILE:L:C)`.
std::string policy_violation_line(const PolicyResult& result);

}  // namespace mesh::plan
