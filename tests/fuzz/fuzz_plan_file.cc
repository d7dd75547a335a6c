// libFuzzer target: loading a saved plan (`mesh apply FILE`, `mesh show FILE`,
// planner/plan_file.h); whatever parses must render back to a plan file that parses again
// with the same number of changes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "core/value.h"
#include "planner/plan_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  std::optional<mesh::plan::SavedPlan> saved = mesh::plan::parse_plan_file(text, &error);
  if (!saved) return 0;
  const std::string again =
      mesh::plan::plan_file_text(saved->plan, mesh::Value(), saved->mesh_version);
  std::optional<mesh::plan::SavedPlan> back = mesh::plan::parse_plan_file(again, &error);
  // A rendered plan must load again, with every change.
  if (!back || back->plan.changes.size() != saved->plan.changes.size()) std::abort();
  return 0;
}
