/// File functions: file, fileexists, filebase64. Paths are relative to the directory of the
/// .mesh file containing the call (FunctionContext::base_dir); reading happens at compile time.

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/functions/library.h"

namespace mesh::functions {
namespace {

using Args = std::vector<Value>;
using Ctx = FunctionContext;
namespace fs = std::filesystem;

fs::path resolve(const std::string& path, const Ctx& context) {
  fs::path p(path);
  if (p.is_absolute() || context.base_dir.empty()) return p;
  return fs::path(context.base_dir) / p;
}

/// Reads a whole regular file, or returns false with `*error`.
bool read_file(const std::string& path, const Ctx& context, std::string* out, std::string* error) {
  fs::path resolved = resolve(path, context);
  std::error_code ec;
  if (!fs::exists(resolved, ec)) {
    *error = fmt::format("no file \"{}\" (looked for {})", path, resolved.string());
    return false;
  }
  if (fs::is_directory(resolved, ec)) {
    *error = fmt::format("\"{}\" is a directory, not a file", path);
    return false;
  }
  std::ifstream in(resolved, std::ios::binary);
  if (!in) {
    *error = fmt::format("cannot read \"{}\"", resolved.string());
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return true;
}

FunctionResult fn_file(const Args& args, const Ctx& context) {
  std::string content, error;
  if (!read_file(args[0].as_string(), context, &content, &error)) {
    return FunctionResult::failure(error, 0);
  }
  if (!is_valid_utf8(content)) {
    return FunctionResult::failure(
        fmt::format("\"{}\" is not UTF-8 text; use filebase64() for binary files",
                    args[0].as_string()),
        0);
  }
  return Value::string(std::move(content));
}

FunctionResult fn_filebase64(const Args& args, const Ctx& context) {
  std::string content, error;
  if (!read_file(args[0].as_string(), context, &content, &error)) {
    return FunctionResult::failure(error, 0);
  }
  return Value::string(base64_encode(content));
}

FunctionResult fn_fileexists(const Args& args, const Ctx& context) {
  std::error_code ec;
  fs::path resolved = resolve(args[0].as_string(), context);
  if (fs::is_directory(resolved, ec)) {
    return FunctionResult::failure(
        fmt::format("\"{}\" is a directory, not a file", args[0].as_string()), 0);
  }
  return Value::boolean(fs::is_regular_file(resolved, ec));
}

}  // namespace

void add_file_functions(std::vector<Function>& out) {
  const Type S = Type::string();
  out.push_back(
      function("file", {param("path", S)}, S, fn_file, "the content of a UTF-8 text file"));
  out.push_back(function("filebase64", {param("path", S)}, S, fn_filebase64,
                         "the content of any file, base64-encoded"));
  out.push_back(function("fileexists", {param("path", S)}, Type::boolean(), fn_fileexists,
                         "whether a file exists"));
}

}  // namespace mesh::functions
