// libFuzzer target: the state export document (`mesh state import`); whatever parses must
// export again and parse back to the same number of records.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "state/export.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  std::optional<mesh::state::ExportDocument> doc = mesh::state::parse_export(text, &error);
  if (!doc) return 0;
  std::string again = mesh::state::export_document(*doc);
  std::optional<mesh::state::ExportDocument> back = mesh::state::parse_export(again, &error);
  if (!back || back->snapshot.resources.size() != doc->snapshot.resources.size() ||
      back->history.size() != doc->history.size())
    std::abort();  // an exported document must import again
  return 0;
}
