#include "compiler/type_expr.h"

#include <string>
#include <vector>

namespace mesh {
namespace {

const char* kTypeHelp =
    "a type is string, number, bool, duration, any, list(T), set(T), map(T), "
    "object({ name = T, … }) or tuple([T, …])";

std::optional<Type> fail(const ast::Expr& expr, Diagnostics& diagnostics, std::string message) {
  Diagnostic& d = diagnostics.error(expr.range, std::move(message));
  d.notes.push_back({kTypeHelp, {}});
  return std::nullopt;
}

std::optional<Type> convert_type(const ast::Expr& expr, Diagnostics& diagnostics,
                                 bool* optional_out) {
  if (expr.kind == ast::ExprKind::Paren)
    return convert_type(*static_cast<const ast::ParenExpr&>(expr).inner, diagnostics, optional_out);
  if (expr.kind == ast::ExprKind::Variable) {
    const auto& name = static_cast<const ast::VariableExpr&>(expr).name;
    Type t;
    if (primitive_type_named(name, &t)) return t;
    Diagnostic& d = diagnostics.error(expr.range, "unknown type `" + name + "`");
    d.suggestion = closest_match(name, {"string", "number", "bool", "duration", "any"});
    d.notes.push_back({kTypeHelp, {}});
    return std::nullopt;
  }
  if (expr.kind != ast::ExprKind::Call) return fail(expr, diagnostics, "not a type expression");
  const auto& call = static_cast<const ast::CallExpr&>(expr);
  const std::string& f = call.name;
  if (call.args.size() != 1)
    return fail(expr, diagnostics, "type constructor `" + f + "` takes exactly one argument");
  const ast::Expr& arg = *call.args[0];
  if (f == "optional") {
    if (!optional_out)
      return fail(expr, diagnostics, "`optional(…)` is only allowed for object attributes");
    *optional_out = true;
    return convert_type(arg, diagnostics, nullptr);
  }
  if (f == "list" || f == "set" || f == "map") {
    auto element = convert_type(arg, diagnostics, nullptr);
    if (!element) return std::nullopt;
    if (f == "list") return Type::list(*element);
    if (f == "set") return Type::set(*element);
    return Type::map(*element);
  }
  if (f == "object") {
    if (arg.kind != ast::ExprKind::Object)
      return fail(arg, diagnostics, "`object(…)` takes an object of attribute types");
    std::vector<TypeAttribute> attributes;
    for (const ast::ObjectItem& item : static_cast<const ast::ObjectExpr&>(arg).items) {
      if (item.key->kind != ast::ExprKind::String)
        return fail(*item.key, diagnostics, "an attribute name is required here");
      bool optional = false;
      auto t = convert_type(*item.value, diagnostics, &optional);
      if (!t) return std::nullopt;
      attributes.push_back({static_cast<const ast::StringExpr&>(*item.key).value, *t, optional});
    }
    return Type::object(std::move(attributes));
  }
  if (f == "tuple") {
    if (arg.kind != ast::ExprKind::Tuple)
      return fail(arg, diagnostics, "`tuple(…)` takes a list of element types");
    std::vector<Type> elements;
    for (const ast::ExprPtr& item : static_cast<const ast::TupleExpr&>(arg).items) {
      auto t = convert_type(*item, diagnostics, nullptr);
      if (!t) return std::nullopt;
      elements.push_back(*t);
    }
    return Type::tuple(std::move(elements));
  }
  return fail(expr, diagnostics, "unknown type constructor `" + f + "`");
}

}  // namespace

std::optional<Type> type_from_expr(const ast::Expr& expr, Diagnostics& diagnostics) {
  return convert_type(expr, diagnostics, nullptr);
}

}  // namespace mesh
