#include "state/redact.h"

namespace mesh::state {

nlohmann::ordered_json redact(const nlohmann::ordered_json& attributes,
                              const std::vector<std::string>& sensitive_paths) {
  nlohmann::ordered_json out = attributes;
  for (const std::string& path : sensitive_paths) {
    if (path.empty()) return nlohmann::ordered_json(kSensitiveMark);
    try {
      nlohmann::ordered_json::json_pointer pointer(path);
      if (out.contains(pointer)) out[pointer] = kSensitiveMark;
    } catch (const nlohmann::ordered_json::exception&) {
      // A malformed pointer cannot be honoured precisely: hide everything rather than leak.
      return nlohmann::ordered_json(kSensitiveMark);
    }
  }
  return out;
}

}  // namespace mesh::state
