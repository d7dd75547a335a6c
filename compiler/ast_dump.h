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
