#pragma once
/// Hiding sensitive attribute values for display: each sensitive path (a JSON Pointer) is
/// replaced by the string `(sensitive)`.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mesh::state {

inline constexpr const char* kSensitiveMark = "(sensitive)";

/// A copy of `attributes` with every value under `sensitive_paths` replaced; the empty
/// pointer hides the whole value. Paths that do not exist are ignored.
nlohmann::ordered_json redact(const nlohmann::ordered_json& attributes,
                              const std::vector<std::string>& sensitive_paths);

}  // namespace mesh::state
