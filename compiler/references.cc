#include "compiler/references.h"

#include <algorithm>

namespace mesh {

const std::string* Reference::attr(size_t i) const {
  if (i >= steps.size() || steps[i]->kind != ast::ExprKind::GetAttr) return nullptr;
  return &static_cast<const ast::GetAttrExpr*>(steps[i])->name;
}

const ast::Expr* Reference::index(size_t i) const {
  if (i >= steps.size() || steps[i]->kind != ast::ExprKind::Index) return nullptr;
  return static_cast<const ast::IndexExpr*>(steps[i])->key.get();
}

SourceRange Reference::range(size_t count) const {
  SourceRange r = root->range;
  if (count > 0 && count <= steps.size()) r.end = steps[count - 1]->range.end;
  return r;
}

namespace {

class Walker {
 public:
  explicit Walker(const ReferenceFn& fn) : fn_(fn) {}

  void walk(const ast::Expr* e) {
    if (!e) return;
    using K = ast::ExprKind;
    switch (e->kind) {
      case K::Null:
      case K::Bool:
      case K::Number:
      case K::Duration:
      case K::String:
        return;
      case K::Template:
        for (const auto& part : static_cast<const ast::TemplateExpr*>(e)->parts)
          walk(part.expr.get());
        return;
      case K::Variable:
      case K::GetAttr:
      case K::Index:
        chain(e);
        return;
      case K::Splat: {
        auto* s = static_cast<const ast::SplatExpr*>(e);
        walk(s->source.get());
        for (const auto& t : s->each) walk(t.key.get());
        return;
      }
      case K::Call:
        for (const auto& a : static_cast<const ast::CallExpr*>(e)->args) walk(a.get());
        return;
      case K::Unary:
        walk(static_cast<const ast::UnaryExpr*>(e)->operand.get());
        return;
      case K::Binary: {
        auto* b = static_cast<const ast::BinaryExpr*>(e);
        walk(b->lhs.get());
        walk(b->rhs.get());
        return;
      }
      case K::Conditional: {
        auto* c = static_cast<const ast::ConditionalExpr*>(e);
        walk(c->condition.get());
        walk(c->then_value.get());
        walk(c->else_value.get());
        return;
      }
      case K::Tuple:
        for (const auto& i : static_cast<const ast::TupleExpr*>(e)->items) walk(i.get());
        return;
      case K::Object:
        for (const auto& i : static_cast<const ast::ObjectExpr*>(e)->items) {
          walk(i.key.get());
          walk(i.value.get());
        }
        return;
      case K::For: {
        auto* f = static_cast<const ast::ForExpr*>(e);
        walk(f->collection.get());
        size_t mark = locals_.size();
        if (!f->key_var.empty()) locals_.push_back(&f->key_var);
        locals_.push_back(&f->value_var);
        walk(f->key.get());
        walk(f->value.get());
        walk(f->condition.get());
        locals_.resize(mark);
        return;
      }
      case K::Paren:
        walk(static_cast<const ast::ParenExpr*>(e)->inner.get());
        return;
    }
  }

 private:
  /// A traversal: collects the steps down to the root, then reports it (unless the root is a
  /// `for` variable) and walks index keys.
  void chain(const ast::Expr* e) {
    Reference ref;
    const ast::Expr* cur = e;
    while (true) {
      if (cur->kind == ast::ExprKind::GetAttr) {
        ref.steps.push_back(cur);
        cur = static_cast<const ast::GetAttrExpr*>(cur)->object.get();
      } else if (cur->kind == ast::ExprKind::Index) {
        ref.steps.push_back(cur);
        cur = static_cast<const ast::IndexExpr*>(cur)->collection.get();
      } else if (cur->kind == ast::ExprKind::Paren && !ref.steps.empty()) {
        break;
      } else {
        break;
      }
    }
    std::reverse(ref.steps.begin(), ref.steps.end());
    for (const ast::Expr* step : ref.steps)
      if (step->kind == ast::ExprKind::Index)
        walk(static_cast<const ast::IndexExpr*>(step)->key.get());
    if (cur->kind != ast::ExprKind::Variable) {
      walk(cur);
      return;
    }
    ref.root = static_cast<const ast::VariableExpr*>(cur);
    for (const std::string* local : locals_)
      if (*local == ref.root->name) return;
    fn_(ref);
  }

  const ReferenceFn& fn_;
  std::vector<const std::string*> locals_;
};

void walk_body(const ast::Body& body, const ReferenceFn& fn, const std::vector<std::string>* skip) {
  Walker w(fn);
  for (const ast::Attribute& a : body.attributes) {
    if (skip && std::find(skip->begin(), skip->end(), a.name) != skip->end()) continue;
    w.walk(a.value.get());
  }
  for (const ast::Block& b : body.blocks)
    if (b.type != "lifecycle") walk_body(b.body, fn, nullptr);
}

}  // namespace

void for_each_reference(const ast::Expr& expr, const ReferenceFn& fn) {
  Walker(fn).walk(&expr);
}

void for_each_reference(const ast::Body& body, const ReferenceFn& fn,
                        const std::vector<std::string>& skip) {
  walk_body(body, fn, &skip);
}

bool traversal_names(const ast::Expr& expr, std::vector<std::string>* names) {
  names->clear();
  const ast::Expr* cur = &expr;
  while (true) {
    if (cur->kind == ast::ExprKind::GetAttr) {
      names->push_back(static_cast<const ast::GetAttrExpr*>(cur)->name);
      cur = static_cast<const ast::GetAttrExpr*>(cur)->object.get();
    } else if (cur->kind == ast::ExprKind::Index) {
      cur = static_cast<const ast::IndexExpr*>(cur)->collection.get();
    } else {
      break;
    }
  }
  if (cur->kind != ast::ExprKind::Variable) return false;
  names->push_back(static_cast<const ast::VariableExpr*>(cur)->name);
  std::reverse(names->begin(), names->end());
  return true;
}

}  // namespace mesh
