#pragma once
/// Static checks of a configuration, once per declaration (not per instance): resource
/// attributes against provider schemas (unknown, computed, missing required, misplaced blocks),
/// template instances against their params and nested blocks, `depends_on` entries, and every
/// reference's name (`var.nmae` → did you mean `name`?). Type errors need values: they come from
/// evaluating the graph (compiler/compile.h).

#include <cstdint>

#include "compiler/config.h"
#include "core/diagnostics.h"
#include "core/schema.h"

namespace mesh {

/// `builtins_used`, when given, receives the BuiltinUse bits (compiler/graph.h) of the
/// `path.*` / `mesh.*` references the configuration holds.
void check_config(const Config& config, const SchemaCatalog& catalog, Diagnostics& diagnostics,
                  uint32_t* builtins_used = nullptr);

}  // namespace mesh
