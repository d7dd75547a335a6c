#pragma once
/// Helpers shared by the builtin function tests: terse value builders and a call that renders
/// the result (or the error with its argument index) as one line.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "compiler/functions.h"
#include "core/value_display.h"

namespace mesh::testing {

inline Value S(const char* s) {
  return Value::string(s);
}
inline Value N(const char* t) {
  return Value::number(*Number::parse(t));
}
inline Value B(bool b) {
  return Value::boolean(b);
}
inline Value L(ValueList items) {
  return Value::list(std::move(items));
}
inline Value O(ValueEntries entries) {
  return Value::object(std::move(entries));
}
inline Value U(const Type& t = Type::any()) {
  return Value::unknown(t);
}

inline FunctionResult call_raw(const char* name, std::vector<Value> args,
                               const FunctionContext& context = {}) {
  const Function* f = find_function(name);
  REQUIRE_MESSAGE(f != nullptr, name);
  return call_function(*f, std::move(args), context);
}

/// "value" or "error(ARG): message".
inline std::string call(const char* name, std::vector<Value> args,
                        const FunctionContext& context = {}) {
  FunctionResult r = call_raw(name, std::move(args), context);
  if (!r.ok()) return "error(" + std::to_string(r.arg) + "): " + r.error;
  return to_inline_string(r.value);
}

}  // namespace mesh::testing
