#pragma once
/// Internal to the parser: a hand-written recursive-descent parser for valid files.
///
/// grammar/Mesh.g4 is the specification and the generated ANTLR parser is the reference: it
/// parses every file the fast parser declines, and produces every diagnostic. The ANTLR 4.9
/// runtime spends most of its time allocating tokens and parse-tree nodes (about 5 MB/s of CPU
/// on configurations with rich expressions), too slow for 100k-block configurations. This parser
/// goes from FastLexer lexemes straight to the AST and gives up — returns null, having reported
/// nothing — on anything the ANTLR path would report (a syntax error, invalid UTF-8, nesting past
/// the limits, items sharing a line, interpolation in a label, a bad escape or duration) and on
/// anything it is not sure of. When it returns a tree, that tree is the one the ANTLR path
/// builds, ranges included: tests compare both over every `.mesh` file in the repository,
/// generated configurations, and mutated inputs.

#include <memory>
#include <string_view>

#include "compiler/ast.h"
#include "compiler/parse.h"

namespace mesh {

/// Parses `text`: a whole file, or a chunk of one that starts at the beginning of line
/// `first_line`. Null when the input needs the ANTLR parser.
std::unique_ptr<ast::File> fast_parse_file(std::string_view text, uint32_t first_line, FileId file,
                                           const ParseLimits& limits);

}  // namespace mesh
