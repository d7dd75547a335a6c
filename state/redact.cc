#include "state/redact.h"

namespace mesh::state {

nlohmann::json redact(const nlohmann::json& attributes,
                      const std::vector<std::string>& sensitive_paths) {
  nlohmann::json out = attributes;
  for (const std::string& path : sensitive_paths) {
    if (path.empty()) return nlohmann::json(kSensitiveMark);
    try {
      nlohmann::json::json_pointer pointer(path);
      if (out.contains(pointer)) out[pointer] = kSensitiveMark;
    } catch (const nlohmann::json::exception&) {
      // A malformed pointer cannot be honoured precisely: hide everything rather than leak.
      return nlohmann::json(kSensitiveMark);
    }
  }
  return out;
}

}  // namespace mesh::state
