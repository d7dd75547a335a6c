#pragma once
/// Small helpers the built-in providers share to read and build resource objects.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/schema.h"
#include "core/value.h"

namespace mesh {

/// Flags of `schema_attribute`.
enum AttributeFlags : unsigned { kNoFlags = 0, kForceNew = 1, kSensitive = 2 };

/// One schema attribute, for the tables the built-in types declare their schemas with.
AttributeSchema schema_attribute(std::string name, Type type, AttributeMode mode, unsigned flags,
                                 std::string description, Value default_value = Value());

/// Attribute `name` of `object`, or a null value when absent (or when `object` is not one).
const Value& attribute(const Value& object, std::string_view name);

/// The string attribute `name`, or `fallback` when it is null, unknown or not a string.
std::string string_attribute(const Value& object, std::string_view name,
                             std::string_view fallback = "");

/// A copy of `object` with the given attributes set (added or replaced).
Value with_attributes(const Value& object, std::vector<std::pair<std::string, Value>> changes);

/// Same value ignoring sensitive marks; an unknown never equals anything (it may change).
bool same_value(const Value& a, const Value& b);

/// `path` made absolute against `base_dir` (itself made absolute against the current
/// directory when relative or empty). Lexical only: no symlink resolution, `.`/`..` folded.
std::string absolute_path(std::string_view base_dir, std::string_view path);

/// A random identifier: 32 lowercase hex digits in UUID v4 layout (8-4-4-4-12). Seeded once per
/// thread from getrandom(2), then a fast generator: cheap enough for 100k resources.
std::string random_id();

}  // namespace mesh
