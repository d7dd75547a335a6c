/// Hash functions over the UTF-8 bytes of a string: sha256 (hex), base64sha256, md5 (hex).

#include "compiler/functions/library.h"
#include "core/md5.h"
#include "core/sha256.h"

namespace mesh::functions {
namespace {

using Args = std::vector<Value>;
using Ctx = FunctionContext;

FunctionResult fn_sha256(const Args& args, const Ctx&) {
  return Value::string(sha256_hex(args[0].as_string()));
}

FunctionResult fn_base64sha256(const Args& args, const Ctx&) {
  auto digest = sha256_bytes(args[0].as_string());
  return Value::string(
      base64_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())));
}

FunctionResult fn_md5(const Args& args, const Ctx&) {
  return Value::string(md5_hex(args[0].as_string()));
}

}  // namespace

void add_hash_functions(std::vector<Function>& out) {
  const Type S = Type::string();
  out.push_back(function("sha256", {param("string", S)}, S, fn_sha256,
                         "SHA-256 digest of a string, lowercase hex"));
  out.push_back(function("base64sha256", {param("string", S)}, S, fn_base64sha256,
                         "SHA-256 digest of a string, base64"));
  out.push_back(function("md5", {param("string", S)}, S, fn_md5,
                         "MD5 digest of a string, lowercase hex (fingerprints, not security)"));
}

}  // namespace mesh::functions
