#pragma once
/// A compact, range-free text form of the AST, e.g. `(+ (. var x) 1)`. Two parses of
/// equivalent source dump the same, which is what the formatter's round-trip tests compare.

#include <string>

#include "compiler/ast.h"

namespace mesh {

std::string dump(const ast::Expr& expr);
std::string dump(const ast::Body& body);
std::string dump(const ast::File& file);

}  // namespace mesh

namespace mesh {

/// Every node, field and source range of a file, one node per line: two parsers that build
/// the same tree, ranges included, dump the same text (the fast parser's tests compare it with
/// the ANTLR path's).
std::string dump_located(const ast::File& file);

}  // namespace mesh
