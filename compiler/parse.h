#pragma once
/// The parser: `.mesh` text → AST. Syntax errors go to `diagnostics` with precise ranges; the
/// result is as much of the AST as could be recovered (check `diagnostics.has_errors()`).

#include <memory>

#include "compiler/ast.h"
#include "core/diagnostics.h"
#include "core/source.h"

namespace mesh {

/// Limits that keep hostile input from exhausting the stack or flooding the terminal.
struct ParseLimits {
  uint32_t max_nesting = 256;         ///< brackets, interpolations and operator chains
  uint32_t max_errors_per_file = 20;  ///< then "too many errors" and stop
  /// Files larger than this are parsed in chunks on several threads (0: never).
  size_t chunk_bytes = 512 * 1024;
  /// Try the hand-written parser first (compiler/fast_parser.h); the generated parser then only
  /// sees files it declines. Off: always the generated parser (tests compare the two).
  bool fast_parser = true;
};

/// Parses a whole `.mesh` file. Never returns null.
std::unique_ptr<ast::File> parse_file(SourceManager& sources, FileId file, Diagnostics& diagnostics,
                                      const ParseLimits& limits = {});

/// Parses one expression (`--var` values, the console). Null on error.
ast::ExprPtr parse_expression(SourceManager& sources, FileId file, Diagnostics& diagnostics,
                              const ParseLimits& limits = {});

/// Parses a template: text with `${...}` interpolations and no surrounding quotes, as read by
/// `templatefile`. Returns a String or Template expression; null on error.
ast::ExprPtr parse_template(SourceManager& sources, FileId file, Diagnostics& diagnostics,
                            const ParseLimits& limits = {});

}  // namespace mesh
