#pragma once
/// The Markdown view of a plan, for a pull-request comment (`mesh plan --markdown`): the
/// summary line, a table of counts by template instance and action, then each change in a
/// folded `<details>` block with a ```diff fence — destroys and replaces first, marked ⚠️ —
/// then drift and outputs. Kept under `max_chars` (GitHub's comment limit is 65,536): past it,
/// the remaining changes are left out with a note saying how many. Sensitive values never
/// appear.

#include <cstddef>
#include <string>

#include "planner/plan.h"

namespace mesh::plan {

struct MarkdownOptions {
  size_t max_chars = 65000;
  std::string title = "mesh plan";
};

std::string render_markdown(const Plan& plan, const MarkdownOptions& options = {});

/// `data_product.orders` for `data_product.orders.postgres_schema.port["v1"]`; "" at the root.
std::string module_path_of(const std::string& address);

}  // namespace mesh::plan
