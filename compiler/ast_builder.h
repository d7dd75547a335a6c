#pragma once
/// Internal to the parser: converts ANTLR parse trees into the AST. Tolerates the partial trees
/// that error recovery leaves (missing children become `null` placeholders), guards its own
/// recursion depth, and reports what the grammar leaves to it: items sharing a line without a
/// comma, bad escapes, interpolation where only plain strings are allowed.

#include "Mesh.h"
#include "compiler/ast.h"
#include "compiler/literals.h"
#include "compiler/syntax_reporter.h"

namespace mesh {

class AstBuilder {
 public:
  explicit AstBuilder(SyntaxReporter& reporter);

  /// Appends one top-level import or body item to `file`.
  void add_top_item(meshgrammar::Mesh::TopItemContext* context, ast::File& file);
  ast::ExprPtr expression(meshgrammar::Mesh::ExprContext* context);
  ast::ExprPtr template_file(meshgrammar::Mesh::TemplateFileContext* context);

 private:
  using G = meshgrammar::Mesh;

  /// Tracks where the previous item of a body or object ended, for the one-per-line rule.
  struct Separation {
    bool has_previous = false;
    bool previous_comma = false;
    uint32_t previous_end_line = 0;
  };
  void check_separation(Separation& s, antlr4::ParserRuleContext* item, bool comma,
                        const char* what);

  void add_body_item(G::BodyItemContext* context, ast::Body& body, Separation& separation);
  ast::Attribute attribute(G::AttributeContext* context);
  ast::Block block(G::BlockContext* context);
  ast::Body body(G::BodyContext* context, antlr4::Token* open, antlr4::Token* close);
  std::string name(G::NameContext* context);

  ast::ExprPtr expr(G::ExprContext* context);
  ast::ExprPtr primary(G::ExprContext* context);
  ast::ExprPtr quoted(G::QuotedContext* context);
  void escape(antlr4::Token* token, Parts& parts);
  void interpolation(G::InterpolationContext* context, Parts& parts);
  void template_parts(antlr4::ParserRuleContext* context, Parts& parts);
  ast::ExprPtr heredoc(G::HeredocContext* context);
  ast::ExprPtr object(G::ObjectContext* context);
  ast::ExprPtr for_expr(G::ForIntroContext* intro, bool object_result,
                        antlr4::ParserRuleContext* context);
  /// A missing operand (after a reported error): `null` at `range`.
  ast::ExprPtr placeholder(SourceRange range);
  /// A quoted string that must not interpolate (labels, import paths).
  bool plain_string(G::QuotedContext* context, std::string& out, const char* what);

  SyntaxReporter& r_;
  Separation top_;
  uint32_t depth_ = 0;
  uint32_t max_depth_;
  bool depth_reported_ = false;
};

}  // namespace mesh
