/// State export documents damaged in ways fuzz_state_import found: refused with a message naming
/// the field, never an uncaught exception (inputs in tests/fuzz/regressions/state_import).

#include <doctest/doctest.h>

#include <string>

#include "state/export.h"

using namespace mesh::state;

TEST_CASE("records/export_resource_address_not_a_string") {
  std::string error;
  // j.value("address", "?") threw nlohmann's type_error 302 here.
  CHECK_FALSE(parse_export(
      R"({"format_version":1,"lineage":"l","serial":1,"resources":[{"address":1795872171,"type":"a","provider":"p"}]})",
      &error));
  CHECK(error == "resource ?: field \"address\" has the wrong type");
}
