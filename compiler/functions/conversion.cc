/// Type conversion functions: tostring, tonumber, tobool. Each follows core/convert.h; null
/// stays null.

#include "compiler/functions/library.h"
#include "core/convert.h"

namespace mesh::functions {
namespace {

using Args = std::vector<Value>;
using Ctx = FunctionContext;

FunctionResult to(const Value& v, const Type& type) {
  if (v.is_null()) return v;
  if (v.is_collection()) {
    return FunctionResult::failure(
        "cannot convert " + std::string(kind_name(v.kind())) + " to " + type.to_string(), 0);
  }
  ValueResult r = convert(v, type);
  if (!r.ok()) return FunctionResult::failure(r.error, 0);
  return r.value;
}

FunctionResult fn_tostring(const Args& args, const Ctx&) {
  return to(args[0], Type::string());
}
FunctionResult fn_tonumber(const Args& args, const Ctx&) {
  return to(args[0], Type::number());
}
FunctionResult fn_tobool(const Args& args, const Ctx&) {
  return to(args[0], Type::boolean());
}

}  // namespace

void add_conversion_functions(std::vector<Function>& out) {
  const Type A = Type::any();
  out.push_back(function("tostring", {nullable(param("value", A))}, Type::string(), fn_tostring,
                         "a number, bool, duration or string as a string"));
  out.push_back(function("tonumber", {nullable(param("value", A))}, Type::number(), fn_tonumber,
                         "a number, or a string holding one, as a number"));
  out.push_back(function("tobool", {nullable(param("value", A))}, Type::boolean(), fn_tobool,
                         "a bool, or \"true\"/\"false\", as a bool"));
}

}  // namespace mesh::functions
