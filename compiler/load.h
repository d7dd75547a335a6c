#pragma once
/// Finding and parsing the `.mesh` files of a configuration directory.

#include <memory>
#include <string>
#include <vector>

#include "compiler/ast.h"
#include "core/diagnostics.h"
#include "core/source.h"

namespace mesh {

/// The `*.mesh` files directly in `directory`, sorted by name, as paths joined to it ("." is
/// left out so diagnostics say `main.mesh`, not `./main.mesh`). Reports an unreadable
/// directory.
std::vector<std::string> list_mesh_files(const std::string& directory, Diagnostics& diagnostics);

/// Loads and parses one file. Null (with a diagnostic) when it cannot be read.
std::unique_ptr<ast::File> load_and_parse(const std::string& path, SourceManager& sources,
                                          Diagnostics& diagnostics);

/// Loads and parses every `.mesh` file of `directory` (see list_mesh_files); reports a
/// directory without any. Files that fail to parse are still returned (partial ASTs).
std::vector<std::unique_ptr<ast::File>> parse_directory(const std::string& directory,
                                                        SourceManager& sources,
                                                        Diagnostics& diagnostics);

}  // namespace mesh
