#pragma once
/// The builtin function library: a registry of functions called with already-evaluated
/// arguments. `call_function` checks arity, converts each argument to its parameter type,
/// propagates unknown and sensitive marks, then runs the function. Reference: docs/functions.md.

#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "core/value.h"

namespace mesh {

/// What a function may need from the place it is called from; the evaluator fills it.
struct FunctionContext {
  std::string base_dir;  ///< directory of the .mesh file containing the call ("" = cwd)
};

struct FunctionParam {
  std::string_view name;
  Type type;                   ///< arguments are converted to this type before the call
  bool allow_null = false;     ///< null is passed through instead of being an error
  bool allow_unknown = false;  ///< an unknown (deep) reaches the function instead of making the
                               ///< result unknown
  bool optional = false;       ///< may be omitted (trailing params only): the function then
                               ///< receives fewer arguments
};

/// A value, or an error message and the index of the argument it is about (-1: the call).
struct FunctionResult {
  Value value;
  std::string error;
  int arg = -1;

  FunctionResult() = default;
  FunctionResult(Value v) : value(std::move(v)) {}  // NOLINT: implicit on purpose
  static FunctionResult failure(std::string message, int arg = -1) {
    FunctionResult r;
    r.error = std::move(message);
    r.arg = arg;
    return r;
  }
  bool ok() const { return error.empty(); }
};

using FunctionImpl = FunctionResult (*)(const std::vector<Value>& args,
                                        const FunctionContext& context);

struct Function {
  std::string_view name;
  std::vector<FunctionParam> params;
  bool variadic = false;  ///< the last param repeats 0..n times
  Type result;            ///< type of an unknown result (`any` when it depends on args)
  FunctionImpl impl = nullptr;
  std::string_view summary;  ///< one line, for `mesh console` help and did-you-mean notes
};

/// The function named `name`, or nullptr.
const Function* find_function(std::string_view name);
/// Every function name, sorted: candidates for did-you-mean.
const std::vector<std::string>& function_names();

/// Names reserved for functions the evaluator implements itself because they need the parser
/// or the scope (`templatefile`); `find_function` returns nullptr for them.
bool is_evaluator_function(std::string_view name);

/// Calls `function` with evaluated arguments:
/// - arity: "function \"join\" takes 2 arguments, got 1" (arg = -1);
/// - each argument converted to its parameter type; a failed conversion is an error about that
///   argument ("invalid argument 2 (list): a list is required, got a string");
/// - null arguments are errors unless the parameter allows null;
/// - if any argument contains an unknown and its parameter does not allow unknowns, the result
///   is unknown of `function.result` without calling the function;
/// - if any argument contains a sensitive value, the result is marked sensitive (the function
///   itself sees the values without marks).
FunctionResult call_function(const Function& function, std::vector<Value> args,
                             const FunctionContext& context);

}  // namespace mesh
