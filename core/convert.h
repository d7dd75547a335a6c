#pragma once
/// Type inference and conversion between values and types.

#include "core/types.h"
#include "core/value.h"

namespace mesh {

/// The most specific type of a value: a string is `string`; `[1, 2]` is `list(number)`;
/// `[1, "a"]` is `tuple([number, string])`; `{a = 1}` is `object({a = number})`; a set of
/// strings is `set(string)`; null is `any`; an unknown is its announced type.
Type type_of(const Value& value);

/// Converts `value` to `type` where the conversion is unambiguous, else returns an error
/// such as "a number is required, got a list" or "tags.port: a number is required, got
/// \"abc\"". Conversions:
/// - number ↔ string ("12.5"), bool ↔ string ("true"/"false"), duration ↔ string ("8h"),
///   string → number/bool/duration when the text parses;
/// - list ↔ set ↔ tuple (element-wise), object → map(T) when every value converts,
///   map → object when the keys fit the attributes; missing optional attributes become null,
///   missing required ones and extra ones are errors;
/// - null converts to any type (stays null); unknown converts to unknown of the target type
///   (an error when its announced type cannot convert); `any` accepts everything unchanged.
/// The sensitive mark is preserved, deep.
ValueResult convert(const Value& value, const Type& type);

/// The text a value contributes to a string template `"${v}"`: strings as is, numbers,
/// bools and durations in canonical form; null, lists, sets and objects are errors
/// ("cannot interpolate a list; use jsonencode or join"). Unknown → unknown(string);
/// sensitive → sensitive.
ValueResult to_template_string(const Value& value);

}  // namespace mesh
