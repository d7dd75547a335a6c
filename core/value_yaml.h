#pragma once
/// Values ↔ YAML (yaml-cpp), for `yamlencode`/`yamldecode` and YAML variable files.

#include <string>
#include <string_view>

#include "core/value.h"

namespace mesh {

/// Block-style YAML, object keys sorted, strings quoted when they would otherwise read back as
/// another type ("true", "1.5", "null", ""). Errors on unknown values.
ValueResult to_yaml_text(const Value& value);

/// Parses one YAML document. Scalars: plain `true/false` → bool, `null`/`~`/empty → null,
/// numbers → number, anything else (and every quoted scalar) → string. Sequences → lists,
/// mappings → objects (keys must be scalars). Error with line:column on malformed input.
ValueResult from_yaml_text(std::string_view text);

}  // namespace mesh
