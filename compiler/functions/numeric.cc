/// Numeric functions: abs, ceil, floor, signum, parseint. Exact decimal arithmetic throughout.

#include <fmt/format.h>

#include "compiler/functions/library.h"

namespace mesh::functions {
namespace {

using Args = std::vector<Value>;
using Ctx = FunctionContext;

FunctionResult fn_abs(const Args& args, const Ctx&) {
  Number n = args[0].as_number();
  return Value::number(n.is_negative() ? -n : n);
}

FunctionResult fn_floor(const Args& args, const Ctx&) {
  return Value::number(args[0].as_number().floor());
}

FunctionResult fn_ceil(const Args& args, const Ctx&) {
  Number n = args[0].as_number();
  return Value::number(-((-n).floor()));
}

FunctionResult fn_signum(const Args& args, const Ctx&) {
  Number n = args[0].as_number();
  return Value::integer(n.is_zero() ? 0 : (n.is_negative() ? -1 : 1));
}

FunctionResult fn_parseint(const Args& args, const Ctx&) {
  const std::string& s = args[0].as_string();
  auto base = args[1].as_number().to_int64();
  if (!base || *base < 2 || *base > 36) {
    return FunctionResult::failure("the base must be a whole number from 2 to 36", 1);
  }
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  if (i == s.size()) {
    return FunctionResult::failure(fmt::format("\"{}\" is not a number in base {}", s, *base), 0);
  }
  __int128 value = 0;
  for (; i < s.size(); ++i) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    int digit = c >= '0' && c <= '9' ? c - '0' : (c >= 'a' && c <= 'z' ? c - 'a' + 10 : 99);
    if (digit >= *base) {
      return FunctionResult::failure(fmt::format("\"{}\" is not a number in base {}", s, *base), 0);
    }
    value = value * *base + digit;
    if (value > static_cast<__int128>(INT64_MAX) + 1) {
      return FunctionResult::failure(fmt::format("\"{}\" is too large", s), 0);
    }
  }
  if (negative) value = -value;
  if (value > INT64_MAX) return FunctionResult::failure(fmt::format("\"{}\" is too large", s), 0);
  return Value::integer(static_cast<int64_t>(value));
}

}  // namespace

void add_numeric_functions(std::vector<Function>& out) {
  const Type N = Type::number();
  out.push_back(function("abs", {param("number", N)}, N, fn_abs, "the absolute value"));
  out.push_back(
      function("ceil", {param("number", N)}, N, fn_ceil, "the smallest whole number not below"));
  out.push_back(
      function("floor", {param("number", N)}, N, fn_floor, "the largest whole number not above"));
  out.push_back(function("signum", {param("number", N)}, N, fn_signum, "-1, 0 or 1"));
  out.push_back(function("parseint", {param("string", Type::string()), param("base", N)}, N,
                         fn_parseint, "a whole number from text in base 2 to 36"));
}

}  // namespace mesh::functions
