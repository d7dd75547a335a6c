#pragma once
/// Helpers for the parser and formatter tests: parse text held in memory.

#include <memory>
#include <string>

#include "compiler/ast.h"
#include "compiler/ast_dump.h"
#include "compiler/format.h"
#include "compiler/parse.h"
#include "core/diagnostics.h"

namespace mesh::test {

struct Parsed {
  SourceManager sources;
  Diagnostics diagnostics;
  std::unique_ptr<ast::File> file;
  ast::ExprPtr expr;
  bool ok() const { return !diagnostics.has_errors(); }
  /// Every diagnostic rendered without color.
  std::string errors() const { return render(diagnostics, sources); }
  const ast::Body& body() const { return file->body; }
  const ast::Expr& attr(size_t i) const { return *file->body.attributes.at(i).value; }
};

inline std::unique_ptr<Parsed> parse(std::string text, std::string name = "test.mesh") {
  auto p = std::make_unique<Parsed>();
  FileId id = p->sources.add(std::move(name), std::move(text));
  p->file = parse_file(p->sources, id, p->diagnostics);
  return p;
}

inline std::unique_ptr<Parsed> parse_expr(std::string text) {
  auto p = std::make_unique<Parsed>();
  FileId id = p->sources.add("expr", std::move(text));
  p->expr = parse_expression(p->sources, id, p->diagnostics);
  return p;
}

/// The dump of an expression, or "error: ..." with the rendered diagnostics.
inline std::string expr_dump(std::string text) {
  auto p = parse_expr(std::move(text));
  if (!p->ok() || !p->expr) return "error: " + p->errors();
  return dump(*p->expr);
}

/// The dump of the value of `x = <text>` parsed as a file (to check file-level lexing).
inline std::string attr_dump(const std::string& text) {
  auto p = parse("x = " + text + "\n");
  if (!p->ok()) return "error: " + p->errors();
  return dump(p->attr(0));
}

/// The first diagnostic's message, or "" when there is none.
inline std::string first_error(std::string text) {
  auto p = parse(std::move(text));
  if (p->diagnostics.empty()) return "";
  return p->diagnostics.items().front().message;
}

}  // namespace mesh::test
