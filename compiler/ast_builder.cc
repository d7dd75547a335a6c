#include "compiler/ast_builder.h"

#include <fmt/format.h>

#include <limits>

namespace mesh {

namespace {

/// The context if it is exactly a `T` (labeled alternatives are final classes). Comparing
/// type_info addresses avoids dynamic_cast, whose name comparisons dominated conversion time.
template <typename T>
T* as(antlr4::tree::ParseTree* c) {
  return c && &typeid(*c) == &typeid(T) ? static_cast<T*>(c) : nullptr;
}

/// The token of a terminal child (including error nodes), or null for a rule context.
antlr4::Token* terminal(antlr4::tree::ParseTree* child) {
  if (&typeid(*child) == &typeid(antlr4::tree::TerminalNodeImpl) ||
      &typeid(*child) == &typeid(antlr4::tree::ErrorNodeImpl))
    return static_cast<antlr4::tree::TerminalNode*>(child)->getSymbol();
  return nullptr;
}

template <typename T>
std::unique_ptr<T> node(SourceRange range) {
  auto n = std::make_unique<T>();
  n->range = range;
  return n;
}

ast::BinaryOp binary_op(size_t type) {
  using G = meshgrammar::Mesh;
  switch (type) {
    case G::OR:
      return ast::BinaryOp::Or;
    case G::AND:
      return ast::BinaryOp::And;
    case G::EQEQ:
      return ast::BinaryOp::Eq;
    case G::NEQ:
      return ast::BinaryOp::Ne;
    case G::LT:
      return ast::BinaryOp::Lt;
    case G::LE:
      return ast::BinaryOp::Le;
    case G::GT:
      return ast::BinaryOp::Gt;
    case G::GE:
      return ast::BinaryOp::Ge;
    case G::PLUS:
      return ast::BinaryOp::Add;
    case G::MINUS:
      return ast::BinaryOp::Sub;
    case G::STAR:
      return ast::BinaryOp::Mul;
    case G::SLASH:
      return ast::BinaryOp::Div;
    default:
      return ast::BinaryOp::Mod;
  }
}

}  // namespace

AstBuilder::AstBuilder(SyntaxReporter& reporter)
    : r_(reporter), max_depth_(reporter.limits().max_nesting * 4) {}

ast::ExprPtr AstBuilder::placeholder(SourceRange range) {
  return node<ast::NullExpr>(range);
}

void AstBuilder::check_separation(Separation& s, antlr4::ParserRuleContext* item, bool comma,
                                  const char* what) {
  const antlr4::Token* start = item->getStart();
  if (s.has_previous && !s.previous_comma && start && start->getLine() == s.previous_end_line)
    r_.error(
        r_.range(start),
        fmt::format("{} on one line must be separated by `,` (or put each on its own line)", what));
  s.has_previous = true;
  s.previous_comma = comma;
  const antlr4::Token* stop = item->getStop();
  s.previous_end_line = stop ? r_.end(stop).line : start->getLine();
}

void AstBuilder::add_top_item(G::TopItemContext* c, ast::File& file) {
  if (auto* imp = c->importDecl()) {
    check_separation(top_, imp, imp->COMMA() != nullptr, "items");
    ast::Import i;
    i.range = r_.range(imp);
    if (imp->quoted()) {
      plain_string(imp->quoted(), i.path, "an import path");
      i.path_range = r_.range(imp->quoted());
    }
    if (imp->name()) {
      i.alias = name(imp->name());
      i.alias_range = r_.range(imp->name());
    }
    file.imports.push_back(std::move(i));
    return;
  }
  if (auto* item = c->bodyItem()) add_body_item(item, file.body, top_);
}

void AstBuilder::add_body_item(G::BodyItemContext* c, ast::Body& body, Separation& separation) {
  check_separation(separation, c, c->COMMA() != nullptr, "attributes and blocks");
  if (auto* a = c->attribute()) {
    body.order.push_back({false, static_cast<uint32_t>(body.attributes.size())});
    body.attributes.push_back(attribute(a));
  } else if (auto* b = c->block()) {
    body.order.push_back({true, static_cast<uint32_t>(body.blocks.size())});
    body.blocks.push_back(block(b));
  }
}

std::string AstBuilder::name(G::NameContext* c) {
  if (!c || !c->getStart()) return {};
  return std::string(r_.text(c->getStart()));
}

ast::Attribute AstBuilder::attribute(G::AttributeContext* c) {
  ast::Attribute a;
  a.range = r_.range(c);
  if (c->key) {
    a.name = std::string(r_.text(c->key));
    a.name_range = r_.range(c->key);
  }
  a.value = c->expr() ? expr(c->expr()) : placeholder(r_.range(c->getStop()));
  return a;
}

ast::Block AstBuilder::block(G::BlockContext* c) {
  ast::Block b;
  b.range = r_.range(c);
  if (c->key) {
    b.type = std::string(r_.text(c->key));
    b.type_range = r_.range(c->key);
  }
  for (auto* l : c->label()) {
    ast::Label label;
    label.range = r_.range(l);
    if (l->quoted()) {
      plain_string(l->quoted(), label.value, "a block label");
    } else {
      label.value = name(l->name());
      label.quoted = false;
    }
    b.labels.push_back(std::move(label));
  }
  antlr4::Token* open = c->LBRACE() ? c->LBRACE()->getSymbol() : nullptr;
  antlr4::Token* close = c->RBRACE() ? c->RBRACE()->getSymbol() : nullptr;
  if (c->body()) b.body = body(c->body(), open, close);
  return b;
}

ast::Body AstBuilder::body(G::BodyContext* c, antlr4::Token* open, antlr4::Token* close) {
  ast::Body b;
  if (open)
    b.range = r_.range(open, close && close->getTokenIndex() != INVALID_INDEX ? close : open);
  Separation separation;
  for (auto* item : c->bodyItem()) add_body_item(item, b, separation);
  return b;
}

bool AstBuilder::plain_string(G::QuotedContext* c, std::string& out, const char* what) {
  ast::ExprPtr e = quoted(c);
  if (e->kind == ast::ExprKind::String) {
    out = static_cast<ast::StringExpr&>(*e).value;
    return true;
  }
  r_.error(e->range, fmt::format("{} cannot contain interpolation", what));
  return false;
}

ast::ExprPtr AstBuilder::expression(G::ExprContext* c) {
  return expr(c);
}

ast::ExprPtr AstBuilder::expr(G::ExprContext* c) {
  if (!c) return placeholder(SourceRange{r_.file(), {}, {}});
  SourceRange range = r_.range(c);
  if (++depth_ > max_depth_) {
    --depth_;
    if (!depth_reported_) {
      depth_reported_ = true;
      r_.error(range,
               fmt::format("expression nested too deeply (more than {} levels)", max_depth_));
    }
    return placeholder(range);
  }
  struct Leave {
    uint32_t& d;
    ~Leave() { --d; }
  } leave{depth_};

  if (auto* x = as<G::GetAttrExprContext>(c)) {
    ast::ExprPtr object = expr(x->expr());
    std::string attr = x->key ? std::string(r_.text(x->key)) : std::string();
    SourceRange name_range = x->key ? r_.range(x->key) : range;
    if (object->kind == ast::ExprKind::Splat) {
      auto& splat = static_cast<ast::SplatExpr&>(*object);
      splat.each.push_back(ast::Traversal{attr, nullptr, name_range});
      splat.range = range;
      return object;
    }
    auto n = node<ast::GetAttrExpr>(range);
    n->object = std::move(object);
    n->name = std::move(attr);
    n->name_range = name_range;
    return n;
  }
  if (auto* x = as<G::IndexExprContext>(c)) {
    ast::ExprPtr collection = expr(x->expr(0));
    ast::ExprPtr key = expr(x->expr(1));
    if (collection->kind == ast::ExprKind::Splat) {
      auto& splat = static_cast<ast::SplatExpr&>(*collection);
      SourceRange step =
          r_.range(x->LBRACK() ? x->LBRACK()->getSymbol() : c->getStart(), c->getStop());
      splat.each.push_back(ast::Traversal{"", std::move(key), step});
      splat.range = range;
      return collection;
    }
    auto n = node<ast::IndexExpr>(range);
    n->collection = std::move(collection);
    n->key = std::move(key);
    return n;
  }
  if (auto* x = as<G::SplatExprContext>(c)) {
    auto n = node<ast::SplatExpr>(range);
    n->source = expr(x->expr());
    return n;
  }
  if (auto* x = as<G::LegacySplatExprContext>(c)) {
    auto n = node<ast::SplatExpr>(range);
    n->source = expr(x->expr());
    return n;
  }
  if (auto* x = as<G::UnaryExprContext>(c)) {
    auto n = node<ast::UnaryExpr>(range);
    n->op = x->op && x->op->getType() == G::BANG ? ast::UnaryOp::Not : ast::UnaryOp::Negate;
    n->operand = expr(x->expr());
    return n;
  }
  if (auto* x = as<G::BinaryExprContext>(c)) {
    auto n = node<ast::BinaryExpr>(range);
    n->lhs = expr(x->expr(0));
    n->rhs = expr(x->expr(1));
    if (x->op) {
      n->op = binary_op(x->op->getType());
      n->op_range = r_.range(x->op);
    }
    return n;
  }
  if (auto* x = as<G::ConditionalExprContext>(c)) {
    auto n = node<ast::ConditionalExpr>(range);
    n->condition = expr(x->expr(0));
    n->then_value = expr(x->expr(1));
    n->else_value = expr(x->expr(2));
    return n;
  }
  return primary(c);
}

ast::ExprPtr AstBuilder::primary(G::ExprContext* c) {
  SourceRange range = r_.range(c);
  if (as<G::NumberLitContext>(c)) {
    auto n = node<ast::NumberExpr>(range);
    n->text = std::string(r_.text(c->getStart()));
    return n;
  }
  if (as<G::DurationLitContext>(c)) {
    auto n = node<ast::DurationExpr>(range);
    n->text = std::string(r_.text(c->getStart()));
    if (!duration_milliseconds(n->text, n->milliseconds))
      r_.error(range, fmt::format("duration `{}` is too large", n->text));
    return n;
  }
  if (as<G::TrueLitContext>(c) || as<G::FalseLitContext>(c)) {
    auto n = node<ast::BoolExpr>(range);
    n->value = as<G::TrueLitContext>(c) != nullptr;
    return n;
  }
  if (as<G::NullLitContext>(c)) return node<ast::NullExpr>(range);
  if (auto* x = as<G::StringLitContext>(c)) return quoted(x->quoted());
  if (auto* x = as<G::HeredocLitContext>(c)) return heredoc(x->heredoc());
  if (auto* x = as<G::VariableContext>(c)) {
    auto n = node<ast::VariableExpr>(range);
    n->name = x->ID() ? x->ID()->getText() : std::string();
    return n;
  }
  if (auto* x = as<G::CallContext>(c)) {
    auto n = node<ast::CallExpr>(range);
    if (x->ID()) {
      n->name = x->ID()->getText();
      n->name_range = r_.range(x->ID()->getSymbol());
    }
    for (auto* arg : x->expr()) n->args.push_back(expr(arg));
    n->expand_last = x->ELLIPSIS() != nullptr;
    return n;
  }
  if (auto* x = as<G::TupleContext>(c)) {
    auto n = node<ast::TupleExpr>(range);
    for (auto* item : x->expr()) n->items.push_back(expr(item));
    return n;
  }
  if (auto* x = as<G::ForTupleContext>(c)) {
    ast::ExprPtr f = for_expr(x->forIntro(), false, c);
    auto& fe = static_cast<ast::ForExpr&>(*f);
    fe.value = expr(x->expr(0));
    if (x->KW_IF()) fe.condition = expr(x->expr(1));
    return f;
  }
  if (auto* x = as<G::ForObjectContext>(c)) {
    ast::ExprPtr f = for_expr(x->forIntro(), true, c);
    auto& fe = static_cast<ast::ForExpr&>(*f);
    fe.key = expr(x->expr(0));
    fe.value = expr(x->expr(1));
    fe.grouping = x->ELLIPSIS() != nullptr;
    if (x->KW_IF()) fe.condition = expr(x->expr(2));
    return f;
  }
  if (auto* x = as<G::ObjectContext>(c)) return object(x);
  if (auto* x = as<G::ParenContext>(c)) {
    auto n = node<ast::ParenExpr>(range);
    n->inner = expr(x->expr());
    return n;
  }
  return placeholder(range);
}

ast::ExprPtr AstBuilder::for_expr(G::ForIntroContext* intro, bool object_result,
                                  antlr4::ParserRuleContext* c) {
  auto n = node<ast::ForExpr>(r_.range(c));
  n->object_result = object_result;
  if (intro) {
    auto names = intro->name();
    if (names.size() == 2) {
      n->key_var = name(names[0]);
      n->value_var = name(names[1]);
    } else if (names.size() == 1) {
      n->value_var = name(names[0]);
    }
    n->collection = expr(intro->expr());
  } else {
    n->collection = placeholder(n->range);
  }
  return n;
}

ast::ExprPtr AstBuilder::object(G::ObjectContext* c) {
  auto n = node<ast::ObjectExpr>(r_.range(c));
  Separation separation;
  for (auto* item : c->objectItem()) {
    check_separation(separation, item, item->COMMA() != nullptr, "object items");
    ast::ObjectItem i;
    i.range = r_.range(item);
    auto* key = item->objectKey();
    if (key && key->name()) {
      auto s = node<ast::StringExpr>(r_.range(key));
      s->value = name(key->name());
      i.key = std::move(s);
      i.bare_key = true;
    } else if (key && key->quoted()) {
      i.key = quoted(key->quoted());
    } else if (key && key->expr()) {
      auto p = node<ast::ParenExpr>(r_.range(key));
      p->inner = expr(key->expr());
      i.key = std::move(p);
    } else {
      i.key = placeholder(i.range);
    }
    i.value = item->expr() ? expr(item->expr()) : placeholder(i.range);
    n->items.push_back(std::move(i));
  }
  return n;
}

ast::ExprPtr AstBuilder::quoted(G::QuotedContext* c) {
  SourceRange range = r_.range(c);
  Parts parts;
  for (antlr4::tree::ParseTree* child : c->children) {
    if (auto* i = as<G::InterpolationContext>(child)) {
      interpolation(i, parts);
      continue;
    }
    antlr4::Token* t = terminal(child);
    if (!t) continue;
    std::string_view s = r_.text(t);
    switch (t->getType()) {
      case G::STR_TEXT:
      case G::STR_DOLLAR:
        parts.text(s);
        break;
      case G::STR_LITERAL:
        parts.text(s.substr(1));
        break;
      case G::STR_ESCAPE:
        escape(t, parts);
        break;
      default:
        break;
    }
  }
  return parts.finish(range, false, "", false);
}

void AstBuilder::escape(antlr4::Token* t, Parts& parts) {
  std::string_view s = r_.text(t);
  if (!decode_escape(s, parts))
    r_.error(r_.range(t), fmt::format("invalid unicode escape `{}`: not a character", s));
}

void AstBuilder::interpolation(G::InterpolationContext* i, Parts& parts) {
  antlr4::tree::TerminalNode* open = i->STR_INTERP() ? i->STR_INTERP() : i->HD_INTERP();
  bool strip_left = open && r_.text(open->getSymbol()).size() == 3;
  parts.interpolation(expr(i->expr()), strip_left, i->INTERP_CLOSE_STRIP() != nullptr);
}

/// Heredoc and template text: literal runs, newlines, `$$`/`%%` escapes and interpolations.
void AstBuilder::template_parts(antlr4::ParserRuleContext* c, Parts& parts) {
  for (antlr4::tree::ParseTree* child : c->children) {
    if (auto* i = as<G::InterpolationContext>(child)) {
      interpolation(i, parts);
      continue;
    }
    antlr4::Token* t = terminal(child);
    if (!t) continue;
    switch (t->getType()) {
      case G::HD_TEXT:
      case G::HD_NEWLINE:
      case G::HD_DOLLAR:
        parts.text(r_.text(t));
        break;
      case G::HD_LITERAL:
        parts.text(r_.text(t).substr(1));
        break;
      default:
        break;
    }
  }
}

ast::ExprPtr AstBuilder::heredoc(G::HeredocContext* c) {
  SourceRange range = r_.range(c);
  std::string_view start = c->HEREDOC_START() ? r_.text(c->HEREDOC_START()->getSymbol()) : "";
  bool indented = false;
  std::string marker = heredoc_marker(start, &indented);
  Parts parts;
  template_parts(c, parts);
  if (indented) parts.strip_indentation();
  return parts.finish(range, true, std::move(marker), indented);
}

ast::ExprPtr AstBuilder::template_file(G::TemplateFileContext* c) {
  SourceRange range = r_.range(c);
  Parts parts;
  template_parts(c, parts);
  return parts.finish(range, false, "", false);
}

}  // namespace mesh
