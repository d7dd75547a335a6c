/// Encoding functions: jsonencode, jsondecode, yamlencode, yamldecode, base64encode,
/// base64decode, urlencode.

#include <fmt/format.h>

#include "compiler/functions/library.h"
#include "core/value_json.h"
#include "core/value_yaml.h"

namespace mesh::functions {
namespace {

using Args = std::vector<Value>;
using Ctx = FunctionContext;

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

FunctionResult from(ValueResult r, int arg) {
  if (!r.ok()) return FunctionResult::failure(r.error, arg);
  return r.value;
}

FunctionResult fn_jsonencode(const Args& args, const Ctx&) {
  return from(to_json_text(args[0]), 0);
}

FunctionResult fn_jsondecode(const Args& args, const Ctx&) {
  return from(from_json_text(args[0].as_string()), 0);
}

FunctionResult fn_yamlencode(const Args& args, const Ctx&) {
  return from(to_yaml_text(args[0]), 0);
}

FunctionResult fn_yamldecode(const Args& args, const Ctx&) {
  return from(from_yaml_text(args[0].as_string()), 0);
}

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    if (c < 0x80) {
      n = 0;
    } else if ((c >> 5) == 0x6) {
      n = 1;
    } else if ((c >> 4) == 0xE) {
      n = 2;
    } else if ((c >> 3) == 0x1E) {
      n = 3;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n + 1;
  }
  return true;
}

}  // namespace

std::string base64_encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    uint32_t v = (uint32_t(uint8_t(data[i])) << 16) | (uint32_t(uint8_t(data[i + 1])) << 8) |
                 uint8_t(data[i + 2]);
    out += kBase64[v >> 18];
    out += kBase64[(v >> 12) & 63];
    out += kBase64[(v >> 6) & 63];
    out += kBase64[v & 63];
  }
  if (i + 1 == data.size()) {
    uint32_t v = uint32_t(uint8_t(data[i])) << 16;
    out += kBase64[v >> 18];
    out += kBase64[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == data.size()) {
    uint32_t v = (uint32_t(uint8_t(data[i])) << 16) | (uint32_t(uint8_t(data[i + 1])) << 8);
    out += kBase64[v >> 18];
    out += kBase64[(v >> 12) & 63];
    out += kBase64[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

namespace {

int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

FunctionResult fn_base64encode(const Args& args, const Ctx&) {
  return Value::string(base64_encode(args[0].as_string()));
}

FunctionResult fn_base64decode(const Args& args, const Ctx&) {
  const std::string& s = args[0].as_string();
  if (s.size() % 4 != 0) {
    return FunctionResult::failure(
        fmt::format("invalid base64: length {} is not a multiple of 4", s.size()), 0);
  }
  std::string out;
  for (size_t i = 0; i < s.size(); i += 4) {
    int d[4];
    int padding = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s[i + k];
      if (c == '=' && i + 4 == s.size() && k >= 2) {
        d[k] = 0;
        ++padding;
        continue;
      }
      d[k] = base64_digit(c);
      if (d[k] < 0 || padding > 0) {
        return FunctionResult::failure(
            fmt::format("invalid base64: unexpected character at offset {}", i + k), 0);
      }
    }
    uint32_t v =
        (uint32_t(d[0]) << 18) | (uint32_t(d[1]) << 12) | (uint32_t(d[2]) << 6) | uint32_t(d[3]);
    out += static_cast<char>(v >> 16);
    if (padding < 2) out += static_cast<char>((v >> 8) & 255);
    if (padding < 1) out += static_cast<char>(v & 255);
  }
  if (!valid_utf8(out)) {
    return FunctionResult::failure("the decoded bytes are not valid UTF-8 text", 0);
  }
  return Value::string(std::move(out));
}

FunctionResult fn_urlencode(const Args& args, const Ctx&) {
  std::string out;
  for (unsigned char c : args[0].as_string()) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return Value::string(std::move(out));
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  return valid_utf8(s);
}

void add_encoding_functions(std::vector<Function>& out) {
  const Type S = Type::string();
  const Type A = Type::any();
  out.push_back(function("jsonencode", {nullable(param("value", A))}, S, fn_jsonencode,
                         "compact JSON text, object keys sorted"));
  out.push_back(
      function("jsondecode", {param("json", S)}, A, fn_jsondecode, "the value of a JSON text"));
  out.push_back(function("yamlencode", {nullable(param("value", A))}, S, fn_yamlencode,
                         "block-style YAML text, keys sorted"));
  out.push_back(
      function("yamldecode", {param("yaml", S)}, A, fn_yamldecode, "the value of a YAML document"));
  out.push_back(function("base64encode", {param("string", S)}, S, fn_base64encode,
                         "standard base64 with padding"));
  out.push_back(function("base64decode", {param("base64", S)}, S, fn_base64decode,
                         "decodes standard base64; errors on invalid input"));
  out.push_back(function("urlencode", {param("string", S)}, S, fn_urlencode,
                         "percent-encodes for a URL query"));
}

}  // namespace mesh::functions
