#pragma once
/// `templatefile(path, vars)`: renders a file with the `${…}` syntax of string templates. It
/// lives in the evaluator (not the function library) because it needs the parser.

#include <string>
#include <vector>

#include "compiler/eval.h"
#include "compiler/functions.h"

namespace mesh {

/// `path` is relative to `base_dir` (the directory of the calling file); `vars` must be an
/// object whose keys are the only names the template sees. Parsed files are cached per path.
FunctionResult call_templatefile(const std::vector<Value>& args, const std::string& base_dir,
                                 EvalContext& context);

}  // namespace mesh
