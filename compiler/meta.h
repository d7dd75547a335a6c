#pragma once
/// Meta-arguments: attributes of resource and template instance blocks that configure the
/// engine, not the resource.

#include <string_view>

namespace mesh {

/// `for_each`, `count`, `depends_on`, `provider`, `ttl` (and the `lifecycle` block).
inline bool is_meta_argument(std::string_view name) {
  return name == "for_each" || name == "count" || name == "depends_on" || name == "provider" ||
         name == "ttl";
}

}  // namespace mesh
