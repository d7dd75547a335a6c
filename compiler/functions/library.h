#pragma once
/// Internal to the function library: each file of compiler/functions/ adds its functions to the
/// registry through one of these, plus small helpers to declare parameters tersely.

#include <string>
#include <string_view>
#include <vector>

#include "compiler/functions.h"

namespace mesh::functions {

void add_string_functions(std::vector<Function>& out);
void add_collection_functions(std::vector<Function>& out);
void add_encoding_functions(std::vector<Function>& out);
void add_hash_functions(std::vector<Function>& out);
void add_file_functions(std::vector<Function>& out);
void add_system_functions(std::vector<Function>& out);
void add_conversion_functions(std::vector<Function>& out);
void add_numeric_functions(std::vector<Function>& out);

inline FunctionParam param(std::string_view name, Type type) {
  FunctionParam p;
  p.name = name;
  p.type = std::move(type);
  return p;
}

inline FunctionParam nullable(FunctionParam p) {
  p.allow_null = true;
  return p;
}

inline FunctionParam sees_unknown(FunctionParam p) {
  p.allow_unknown = true;
  return p;
}

inline FunctionParam optional(FunctionParam p) {
  p.optional = true;
  return p;
}

inline Function function(std::string_view name, std::vector<FunctionParam> params, Type result,
                         FunctionImpl impl, std::string_view summary, bool variadic = false) {
  Function f;
  f.name = name;
  f.params = std::move(params);
  f.variadic = variadic;
  f.result = std::move(result);
  f.impl = impl;
  f.summary = summary;
  return f;
}

/// Byte offsets of each UTF-8 code point of `s`, plus s.size() at the end.
std::vector<size_t> code_point_offsets(std::string_view s);

/// Text of a primitive as `%s` and `join` print it: strings as is, numbers, bools and durations
/// canonical; an error message for null and collections.
bool primitive_text(const Value& v, std::string* out, std::string* error);

/// Standard base64 with padding.
std::string base64_encode(std::string_view data);

/// Whether `s` is well-formed UTF-8 (strings of the language are text).
bool is_valid_utf8(std::string_view s);

}  // namespace mesh::functions
