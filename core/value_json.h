#pragma once
/// Values ↔ JSON, for state, plans, provider protocols and `jsonencode`/`jsondecode`.
///
/// Mapping: null, bool, string as is; numbers as JSON integers when integral and in int64
/// range, else as JSON doubles (exact decimals round-trip through the shortest double text);
/// durations as canonical strings ("1h30m"), lists and sets as arrays, objects as objects.
/// JSON has no duration type: a decoded "8h" is a string until a conversion to `duration`.
///
/// Paths name a place inside a value, in the language's own syntax: "" (the value itself),
/// "password", "tags.env", "tags[\"my key\"]", "items[0].name".

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"

namespace mesh {

/// Raw export (for state): sensitive values are written in clear and their paths appended to
/// `sensitive_paths`; unknown values are written as null and their paths appended to
/// `unknown_paths` (each may be null when the caller does not care).
nlohmann::json to_json(const Value& value, std::vector<std::string>* sensitive_paths = nullptr,
                       std::vector<std::string>* unknown_paths = nullptr);

/// Redacted export (for plan JSON and logs): sensitive values are written as null, unknown
/// values as null, and their paths are appended to the lists (like Terraform's
/// `after_sensitive` / `after_unknown`). Nothing secret ever reaches the JSON.
nlohmann::json to_json_redacted(const Value& value, std::vector<std::string>* sensitive_paths,
                                std::vector<std::string>* unknown_paths);

/// Import: JSON → value, then marks the values at `sensitive_paths` as sensitive and replaces
/// the values at `unknown_paths` by unknowns. Paths that do not exist are ignored.
Value from_json(const nlohmann::json& json, const std::vector<std::string>& sensitive_paths = {},
                const std::vector<std::string>& unknown_paths = {});

/// Compact, deterministic JSON text (object keys sorted) — what `jsonencode` returns.
/// Errors on unknown values (the caller decides what an unknown encodes to).
ValueResult to_json_text(const Value& value);
/// Parses JSON text; error message with the position on malformed input.
ValueResult from_json_text(std::string_view text);

/// Path helpers: `path_attr("tags", "env")` → "tags.env", `path_attr("", "a b")` →
/// "[\"a b\"]", `path_index("items", 0)` → "items[0]".
std::string path_attr(std::string_view base, std::string_view key);
std::string path_index(std::string_view base, size_t index);

}  // namespace mesh
