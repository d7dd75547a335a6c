#include "compiler/ast_dump.h"

#include <nlohmann/json.hpp>

namespace mesh {

namespace {

const char* op_name(ast::BinaryOp op) {
  static const char* const kNames[] = {"||", "&&", "==", "!=", "<", "<=", ">",
                                       ">=", "+",  "-",  "*",  "/", "%"};
  return kNames[static_cast<int>(op)];
}

/// Strings are dumped JSON-quoted so escapes are unambiguous.
std::string quoted(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void dump_parts(std::string& out, const std::vector<ast::TemplatePart>& parts) {
  for (const auto& p : parts) {
    out += " ";
    if (p.expr) {
      out += "${";
      if (p.strip_left) out += "~";
      out += dump(*p.expr);
      if (p.strip_right) out += "~";
      out += "}";
    } else {
      out += quoted(p.literal);
    }
  }
}

}  // namespace

std::string dump(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::Null:
      return "null";
    case ast::ExprKind::Bool:
      return static_cast<const ast::BoolExpr&>(e).value ? "true" : "false";
    case ast::ExprKind::Number:
      return static_cast<const ast::NumberExpr&>(e).text;
    case ast::ExprKind::Duration: {
      const auto& d = static_cast<const ast::DurationExpr&>(e);
      return "(duration " + d.text + " " + std::to_string(d.milliseconds) + "ms)";
    }
    case ast::ExprKind::String: {
      const auto& s = static_cast<const ast::StringExpr&>(e);
      if (s.heredoc) return "(heredoc " + quoted(s.value) + ")";
      return quoted(s.value);
    }
    case ast::ExprKind::Template: {
      const auto& t = static_cast<const ast::TemplateExpr&>(e);
      std::string out = t.heredoc ? "(heredoc-template" : "(template";
      dump_parts(out, t.parts);
      return out + ")";
    }
    case ast::ExprKind::Variable:
      return static_cast<const ast::VariableExpr&>(e).name;
    case ast::ExprKind::GetAttr: {
      const auto& g = static_cast<const ast::GetAttrExpr&>(e);
      return "(. " + dump(*g.object) + " " + g.name + ")";
    }
    case ast::ExprKind::Index: {
      const auto& x = static_cast<const ast::IndexExpr&>(e);
      return "([] " + dump(*x.collection) + " " + dump(*x.key) + ")";
    }
    case ast::ExprKind::Splat: {
      const auto& s = static_cast<const ast::SplatExpr&>(e);
      std::string out = "(splat " + dump(*s.source);
      for (const auto& step : s.each)
        out += step.key ? " [" + dump(*step.key) + "]" : " ." + step.name;
      return out + ")";
    }
    case ast::ExprKind::Call: {
      const auto& c = static_cast<const ast::CallExpr&>(e);
      std::string out = "(call " + c.name;
      for (const auto& a : c.args) out += " " + dump(*a);
      if (c.expand_last) out += " ...";
      return out + ")";
    }
    case ast::ExprKind::Unary: {
      const auto& u = static_cast<const ast::UnaryExpr&>(e);
      return std::string("(") + (u.op == ast::UnaryOp::Not ? "!" : "neg") + " " + dump(*u.operand) +
             ")";
    }
    case ast::ExprKind::Binary: {
      const auto& b = static_cast<const ast::BinaryExpr&>(e);
      return std::string("(") + op_name(b.op) + " " + dump(*b.lhs) + " " + dump(*b.rhs) + ")";
    }
    case ast::ExprKind::Conditional: {
      const auto& c = static_cast<const ast::ConditionalExpr&>(e);
      return "(? " + dump(*c.condition) + " " + dump(*c.then_value) + " " + dump(*c.else_value) +
             ")";
    }
    case ast::ExprKind::Tuple: {
      const auto& t = static_cast<const ast::TupleExpr&>(e);
      std::string out = "[";
      for (size_t i = 0; i < t.items.size(); ++i) out += (i ? " " : "") + dump(*t.items[i]);
      return out + "]";
    }
    case ast::ExprKind::Object: {
      const auto& o = static_cast<const ast::ObjectExpr&>(e);
      std::string out = "{";
      for (size_t i = 0; i < o.items.size(); ++i) {
        const auto& item = o.items[i];
        out += i ? " " : "";
        out +=
            item.bare_key ? static_cast<const ast::StringExpr&>(*item.key).value : dump(*item.key);
        out += "=" + dump(*item.value);
      }
      return out + "}";
    }
    case ast::ExprKind::For: {
      const auto& f = static_cast<const ast::ForExpr&>(e);
      std::string out = f.object_result ? "(for-object " : "(for-list ";
      if (!f.key_var.empty()) out += f.key_var + ",";
      out += f.value_var + " " + dump(*f.collection);
      if (f.key) out += " " + dump(*f.key) + " =>";
      out += " " + dump(*f.value);
      if (f.grouping) out += " ...";
      if (f.condition) out += " if " + dump(*f.condition);
      return out + ")";
    }
    case ast::ExprKind::Paren:
      return "(paren " + dump(*static_cast<const ast::ParenExpr&>(e).inner) + ")";
  }
  return "?";
}

std::string dump(const ast::Body& body) {
  std::string out;
  for (const auto& entry : body.order) {
    if (!out.empty()) out += "\n";
    if (!entry.is_block) {
      const auto& a = body.attributes[entry.index];
      out += a.name + " = " + dump(*a.value);
      continue;
    }
    const auto& b = body.blocks[entry.index];
    out += b.type;
    for (const auto& l : b.labels) out += " " + (l.quoted ? quoted(l.value) : l.value);
    std::string inner = dump(b.body);
    if (inner.empty()) {
      out += " {}";
      continue;
    }
    out += " {\n";
    size_t start = 0;
    while (start < inner.size()) {
      size_t nl = inner.find('\n', start);
      if (nl == std::string::npos) nl = inner.size();
      out += "  " + inner.substr(start, nl - start) + "\n";
      start = nl + 1;
    }
    out += "}";
  }
  return out;
}

std::string dump(const ast::File& file) {
  std::string out;
  for (const auto& i : file.imports)
    out += "import " + quoted(i.path) + (i.alias.empty() ? "" : " as " + i.alias) + "\n";
  out += dump(file.body);
  return out;
}

}  // namespace mesh

namespace mesh {

namespace {

class LocatedDump {
 public:
  std::string out;

  void range(const SourceRange& r) {
    out += " @" + std::to_string(r.file) + ":" + std::to_string(r.begin.line) + "." +
           std::to_string(r.begin.column) + "-" + std::to_string(r.end.line) + "." +
           std::to_string(r.end.column);
  }
  void line(int depth, const std::string& text) {
    out.append(static_cast<size_t>(depth) * 2, ' ');
    out += text;
  }

  void expr(int d, const ast::Expr* e) {
    if (!e) {
      line(d, "(none)\n");
      return;
    }
    line(d, "expr " + std::to_string(static_cast<int>(e->kind)));
    range(e->range);
    switch (e->kind) {
      case ast::ExprKind::Null:
        out += "\n";
        return;
      case ast::ExprKind::Bool:
        out += static_cast<const ast::BoolExpr*>(e)->value ? " true\n" : " false\n";
        return;
      case ast::ExprKind::Number:
        out += " " + static_cast<const ast::NumberExpr*>(e)->text + "\n";
        return;
      case ast::ExprKind::Duration: {
        const auto* x = static_cast<const ast::DurationExpr*>(e);
        out += " " + x->text + " " + std::to_string(x->milliseconds) + "\n";
        return;
      }
      case ast::ExprKind::String: {
        const auto* x = static_cast<const ast::StringExpr*>(e);
        out += " " + quoted(x->value) + " heredoc=" + std::to_string(x->heredoc) + " " +
               x->heredoc_marker + " " + std::to_string(x->heredoc_indented) + "\n";
        return;
      }
      case ast::ExprKind::Template: {
        const auto* x = static_cast<const ast::TemplateExpr*>(e);
        out += " heredoc=" + std::to_string(x->heredoc) + " " + x->heredoc_marker + " " +
               std::to_string(x->heredoc_indented) + "\n";
        for (const auto& p : x->parts) {
          line(d + 1, "part " + quoted(p.literal) + " " + std::to_string(p.strip_left) +
                          std::to_string(p.strip_right) + "\n");
          if (p.expr) expr(d + 2, p.expr.get());
        }
        return;
      }
      case ast::ExprKind::Variable:
        out += " " + static_cast<const ast::VariableExpr*>(e)->name + "\n";
        return;
      case ast::ExprKind::GetAttr: {
        const auto* x = static_cast<const ast::GetAttrExpr*>(e);
        out += " ." + x->name;
        range(x->name_range);
        out += "\n";
        expr(d + 1, x->object.get());
        return;
      }
      case ast::ExprKind::Index: {
        const auto* x = static_cast<const ast::IndexExpr*>(e);
        out += "\n";
        expr(d + 1, x->collection.get());
        expr(d + 1, x->key.get());
        return;
      }
      case ast::ExprKind::Splat: {
        const auto* x = static_cast<const ast::SplatExpr*>(e);
        out += "\n";
        expr(d + 1, x->source.get());
        for (const auto& step : x->each) {
          line(d + 1, "step ." + step.name);
          range(step.range);
          out += "\n";
          if (step.key) expr(d + 2, step.key.get());
        }
        return;
      }
      case ast::ExprKind::Call: {
        const auto* x = static_cast<const ast::CallExpr*>(e);
        out += " " + x->name + (x->expand_last ? " ..." : "");
        range(x->name_range);
        out += "\n";
        for (const auto& a : x->args) expr(d + 1, a.get());
        return;
      }
      case ast::ExprKind::Unary: {
        const auto* x = static_cast<const ast::UnaryExpr*>(e);
        out += " op=" + std::to_string(static_cast<int>(x->op)) + "\n";
        expr(d + 1, x->operand.get());
        return;
      }
      case ast::ExprKind::Binary: {
        const auto* x = static_cast<const ast::BinaryExpr*>(e);
        out += std::string(" ") + op_name(x->op);
        range(x->op_range);
        out += "\n";
        expr(d + 1, x->lhs.get());
        expr(d + 1, x->rhs.get());
        return;
      }
      case ast::ExprKind::Conditional: {
        const auto* x = static_cast<const ast::ConditionalExpr*>(e);
        out += "\n";
        expr(d + 1, x->condition.get());
        expr(d + 1, x->then_value.get());
        expr(d + 1, x->else_value.get());
        return;
      }
      case ast::ExprKind::Tuple: {
        out += "\n";
        for (const auto& item : static_cast<const ast::TupleExpr*>(e)->items)
          expr(d + 1, item.get());
        return;
      }
      case ast::ExprKind::Object: {
        out += "\n";
        for (const auto& item : static_cast<const ast::ObjectExpr*>(e)->items) {
          line(d + 1, std::string("item bare=") + (item.bare_key ? "1" : "0"));
          range(item.range);
          out += "\n";
          expr(d + 2, item.key.get());
          expr(d + 2, item.value.get());
        }
        return;
      }
      case ast::ExprKind::For: {
        const auto* x = static_cast<const ast::ForExpr*>(e);
        out += std::string(" object=") + (x->object_result ? "1" : "0") + " " + x->key_var + "," +
               x->value_var + (x->grouping ? " ..." : "") + "\n";
        expr(d + 1, x->collection.get());
        expr(d + 1, x->key.get());
        expr(d + 1, x->value.get());
        expr(d + 1, x->condition.get());
        return;
      }
      case ast::ExprKind::Paren:
        out += "\n";
        expr(d + 1, static_cast<const ast::ParenExpr*>(e)->inner.get());
        return;
    }
  }

  void body(int d, const ast::Body& b) {
    line(d, "body");
    range(b.range);
    out += "\n";
    for (const auto& entry : b.order) {
      if (!entry.is_block) {
        const ast::Attribute& a = b.attributes[entry.index];
        line(d + 1, "attribute " + a.name);
        range(a.name_range);
        range(a.range);
        out += "\n";
        expr(d + 2, a.value.get());
        continue;
      }
      const ast::Block& k = b.blocks[entry.index];
      line(d + 1, "block " + k.type);
      range(k.type_range);
      range(k.range);
      out += "\n";
      for (const auto& l : k.labels) {
        line(d + 2, "label " + quoted(l.value) + (l.quoted ? " quoted" : " bare"));
        range(l.range);
        out += "\n";
      }
      body(d + 2, k.body);
    }
  }
};

}  // namespace

std::string dump_located(const ast::File& file) {
  LocatedDump d;
  d.out = "file " + std::to_string(file.file) + "\n";
  for (const auto& i : file.imports) {
    d.out += "import " + quoted(i.path) + " as " + i.alias;
    d.range(i.range);
    d.range(i.path_range);
    d.range(i.alias_range);
    d.out += "\n";
  }
  for (const auto& c : file.comments) {
    d.out += "comment " + quoted(c.text);
    d.range(c.range);
    d.out += "\n";
  }
  d.body(0, file.body);
  return d.out;
}

}  // namespace mesh
