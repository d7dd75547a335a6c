// libFuzzer target: loading a saved plan (`mesh apply FILE`, `mesh show FILE`); whatever
// parses must also render back to a plan file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/value.h"
#include "planner/plan_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  std::optional<mesh::plan::SavedPlan> saved = mesh::plan::parse_plan_file(text, &error);
  if (!saved) return 0;
  std::string again = mesh::plan::plan_file_text(saved->plan, mesh::Value(), saved->mesh_version);
  (void)again;
  return 0;
}
