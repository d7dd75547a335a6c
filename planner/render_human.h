#pragma once
/// The human view of a plan (`mesh plan`): Terraform-familiar symbols (`+ ~ - -/+ +/-`), one
/// block per changed instance with only its changed attributes, nested values diffed inside,
/// `(known after apply)`, `(sensitive)`, the reason, the drift and output sections, and the
/// summary line. Sensitive values never appear.

#include <string>

#include "planner/plan.h"

namespace mesh::plan {

struct HumanOptions {
  bool color = false;  ///< ANSI colors (a TTY without NO_COLOR / --no-color)
};

std::string render_human(const Plan& plan, const HumanOptions& options = {});

/// The last line alone: `Plan: 3 to add, 1 to change, 0 to replace, 2 to destroy.` or
/// `No changes. Your infrastructure matches the configuration.`
std::string summary_line(const Plan& plan);

}  // namespace mesh::plan
