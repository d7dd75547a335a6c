#pragma once
/// The canonical formatter (`mesh fmt`): prints a parsed file back from its AST and comments.
/// Two-space indentation, `=` aligned in runs of single-line attributes, one blank line kept
/// where the source had any, every comment kept at its place, heredocs kept as heredocs,
/// single-line blocks, objects and lists kept on one line. Idempotent, and the output parses to
/// the same AST.

#include <string>

#include "compiler/ast.h"

namespace mesh {

std::string format_file(const ast::File& file);

/// One expression on one line where possible (`indent` is the nesting level it is printed at).
std::string format_expression(const ast::Expr& expr, int indent = 0);

}  // namespace mesh
