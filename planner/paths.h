#pragma once
/// Attribute paths inside values, in the language's syntax (what core/value_json.h writes and
/// `ignore_changes` holds): "" (the value), `name`, `tags.env`, `tags["my key"]`,
/// `items[0].name`. And their JSON Pointer form (RFC 6901), which state records store.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"

namespace mesh::plan {

struct PathStep {
  bool is_index = false;
  size_t index = 0;
  std::string key;
};

/// Parses a language path; false when malformed.
bool parse_path(std::string_view path, std::vector<PathStep>* steps);
std::string format_path(const std::vector<PathStep>& steps);

/// The value at `steps`, or nullptr when absent.
const Value* value_at(const Value& root, const std::vector<PathStep>& steps);

/// `root` with the value at `steps` replaced by `replacement`; nullopt removes an object key
/// (a top-level attribute becomes null instead, so schemas keep their shape). Missing object
/// keys along the way are created when a value is set; a missing list index leaves `root`
/// unchanged. Marks on the containers are kept.
Value set_at(const Value& root, const std::vector<PathStep>& steps,
             const std::optional<Value>& replacement);

/// `tags.env` → `/tags/env`, `items[0]` → `/items/0`; "" → "". Empty optional when malformed.
std::optional<std::string> path_to_pointer(std::string_view path);
/// A JSON Pointer into `document` as a language path: segments are indices where the document
/// holds an array there. A string that does not start with "/" (and is not empty) is taken to
/// be a language path already and returned unchanged. Empty optional when malformed.
std::optional<std::string> pointer_to_path(std::string_view pointer,
                                           const nlohmann::json& document);

}  // namespace mesh::plan
