/// Functions that read outside the configuration or deal with time: env, timestamp, and the
/// duration helpers duration, durationseconds, formatduration.

#include <fmt/format.h>

#include <cstdlib>

#include "compiler/functions/library.h"
#include "core/duration.h"

namespace mesh::functions {
namespace {

using Args = std::vector<Value>;
using Ctx = FunctionContext;

FunctionResult fn_env(const Args& args, const Ctx&) {
  const std::string& name = args[0].as_string();
  if (name.empty()) return FunctionResult::failure("the variable name must not be empty", 0);
  if (const char* value = std::getenv(name.c_str())) return Value::string(value);
  if (args.size() > 1) return args[1];
  return FunctionResult::failure(
      fmt::format("environment variable {} is not set and no default was given", name), 0);
}

FunctionResult fn_timestamp(const Args&, const Ctx&) {
  return Value::unknown(Type::string());
}

FunctionResult fn_duration(const Args& args, const Ctx&) {
  if (auto ms = parse_duration(args[0].as_string())) return Value::duration(*ms);
  return FunctionResult::failure(
      fmt::format("invalid duration \"{}\": write a number and a unit (d, h, m, s, ms), e.g. "
                  "\"1h30m\"",
                  args[0].as_string()),
      0);
}

FunctionResult fn_durationseconds(const Args& args, const Ctx&) {
  return Value::number(*Number::from_int(args[0].as_duration()).divide(Number::from_int(1000)));
}

FunctionResult fn_formatduration(const Args& args, const Ctx&) {
  return Value::string(format_duration(args[0].as_duration()));
}

}  // namespace

void add_system_functions(std::vector<Function>& out) {
  const Type S = Type::string();
  const Type D = Type::duration();
  out.push_back(function("env", {param("name", S), optional(nullable(param("default", S)))}, S,
                         fn_env, "an environment variable of the mesh process, or a default"));
  out.push_back(function("timestamp", {}, S, fn_timestamp,
                         "the time of apply: always (known after apply) at plan time"));
  out.push_back(function("duration", {param("text", S)}, D, fn_duration,
                         "a duration from text such as \"1h30m\""));
  out.push_back(function("durationseconds", {param("duration", D)}, Type::number(),
                         fn_durationseconds, "the length of a duration in seconds"));
  out.push_back(function("formatduration", {param("duration", D)}, S, fn_formatduration,
                         "canonical text of a duration: 90s → \"1m30s\""));
}

}  // namespace mesh::functions
