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
