#include <fmt/format.h>

#include <algorithm>

#include "compiler/functions.h"
#include "compiler/functions/library.h"
#include "core/convert.h"
#include "core/value_ops.h"

namespace mesh {
namespace {

const std::vector<Function>& registry() {
  static const std::vector<Function> all = [] {
    std::vector<Function> out;
    functions::add_string_functions(out);
    functions::add_collection_functions(out);
    functions::add_encoding_functions(out);
    functions::add_hash_functions(out);
    functions::add_file_functions(out);
    functions::add_system_functions(out);
    functions::add_conversion_functions(out);
    functions::add_numeric_functions(out);
    std::sort(out.begin(), out.end(),
              [](const Function& a, const Function& b) { return a.name < b.name; });
    return out;
  }();
  return all;
}

std::string arity_text(const Function& f) {
  size_t required = 0;
  for (const FunctionParam& p : f.params) required += p.optional ? 0 : 1;
  if (f.variadic) {
    size_t at_least = f.params.empty() ? 0 : f.params.size() - 1;
    return fmt::format("at least {} argument{}", at_least, at_least == 1 ? "" : "s");
  }
  if (required == f.params.size()) {
    return fmt::format("{} argument{}", required, required == 1 ? "" : "s");
  }
  return fmt::format("{} to {} arguments", required, f.params.size());
}

}  // namespace

namespace functions {

std::vector<size_t> code_point_offsets(std::string_view s) {
  std::vector<size_t> offsets;
  offsets.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) offsets.push_back(i);
  }
  offsets.push_back(s.size());
  return offsets;
}

bool primitive_text(const Value& v, std::string* out, std::string* error) {
  if (v.is_string()) {
    *out = v.as_string();
    return true;
  }
  if (v.is_bool() || v.is_number() || v.is_duration()) {
    *out = convert(v, Type::string()).value.as_string();
    return true;
  }
  if (v.is_null()) {
    *error = "null cannot be used as text";
  } else {
    *error = fmt::format("{} cannot be used as text; use jsonencode()", describe(v));
  }
  return false;
}

}  // namespace functions

const Function* find_function(std::string_view name) {
  const auto& all = registry();
  auto it = std::lower_bound(all.begin(), all.end(), name,
                             [](const Function& f, std::string_view n) { return f.name < n; });
  if (it != all.end() && it->name == name) return &*it;
  return nullptr;
}

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Function& f : registry()) out.emplace_back(f.name);
    out.emplace_back("templatefile");
    std::sort(out.begin(), out.end());
    return out;
  }();
  return names;
}

bool is_evaluator_function(std::string_view name) {
  return name == "templatefile";
}

FunctionResult call_function(const Function& function, std::vector<Value> args,
                             const FunctionContext& context) {
  size_t required = 0;
  for (const FunctionParam& p : function.params) required += p.optional ? 0 : 1;
  bool arity_ok = function.variadic
                      ? args.size() + 1 >= function.params.size()
                      : args.size() >= required && args.size() <= function.params.size();
  if (!arity_ok) {
    return FunctionResult::failure(fmt::format("function \"{}\" takes {}, got {}", function.name,
                                               arity_text(function), args.size()));
  }
  bool sensitive = false;
  bool unknown = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const FunctionParam& p =
        i < function.params.size() ? function.params[i] : function.params.back();
    if (args[i].contains_sensitive()) {
      sensitive = true;
      args[i] = args[i].without_sensitive();
    }
    if (args[i].is_null()) {
      if (!p.allow_null) {
        return FunctionResult::failure(
            fmt::format("invalid value for \"{}\": null is not allowed", p.name),
            static_cast<int>(i));
      }
      continue;
    }
    ValueResult converted = convert(args[i], p.type);
    if (!converted) {
      return FunctionResult::failure(
          fmt::format("invalid value for \"{}\": {}", p.name, converted.error),
          static_cast<int>(i));
    }
    args[i] = std::move(converted.value);
    if (args[i].contains_unknown() && !p.allow_unknown) unknown = true;
  }
  if (unknown) {
    Value v = Value::unknown(function.result);
    return sensitive ? v.mark_sensitive() : v;
  }
  FunctionResult result = function.impl(args, context);
  if (result.ok() && sensitive) result.value = result.value.mark_sensitive();
  return result;
}

}  // namespace mesh
