#pragma once
/// Operators on values, as free functions returning a value or an error message.
///
/// Rules shared by every operator:
/// - an unknown operand gives an unknown result of the result type (number for arithmetic on
///   numbers, bool for comparisons), except the short-circuits that do not need the value:
///   `false && x` is false and `true || x` is true even when x is unknown;
/// - a sensitive operand gives a sensitive result;
/// - no implicit conversions: `"1" + 1` is an error. Strings are joined with templates
///   ("${a}${b}"), not `+` (Terraform habit; keeps `+` purely numeric).
/// Arithmetic: number op number; duration ± duration; duration * number, number * duration,
/// duration / number (→ duration, rounded toward zero to whole milliseconds); duration /
/// duration (→ number); duration % duration. Comparisons: number with number, duration with
/// duration, string with string (byte order).

#include <cstdint>
#include <string>
#include <string_view>

#include "core/value.h"

namespace mesh {

ValueResult add(const Value& lhs, const Value& rhs);
ValueResult subtract(const Value& lhs, const Value& rhs);
ValueResult multiply(const Value& lhs, const Value& rhs);
ValueResult divide(const Value& lhs, const Value& rhs);
ValueResult modulo(const Value& lhs, const Value& rhs);

ValueResult less(const Value& lhs, const Value& rhs);
ValueResult less_equal(const Value& lhs, const Value& rhs);
ValueResult greater(const Value& lhs, const Value& rhs);
ValueResult greater_equal(const Value& lhs, const Value& rhs);

/// Deep structural equality as a language value: bool, or unknown(bool) when either side
/// contains an unknown that could decide it. Values of different kinds are unequal (1 != "1").
/// Never fails.
Value equal(const Value& lhs, const Value& rhs);
Value not_equal(const Value& lhs, const Value& rhs);

/// Strict: operands must be bool (or unknown); short-circuits as described above.
ValueResult logical_and(const Value& lhs, const Value& rhs);
ValueResult logical_or(const Value& lhs, const Value& rhs);
ValueResult logical_not(const Value& operand);
/// Numbers and durations.
ValueResult negate(const Value& operand);

/// A condition (`if`, `? :`, policy `condition`) must be a bool or unknown; anything else is an
/// error "condition must be a bool, got a string".
ValueResult check_condition(const Value& condition);
/// `condition ? then_value : else_value` once both branches are evaluated: an unknown condition
/// gives an unknown (typed when both branches have the same kind); a sensitive condition marks
/// the result sensitive.
ValueResult conditional(const Value& condition, const Value& then_value, const Value& else_value);

/// `collection[key]`: list/set[number] (whole, in range), object["key"]. Errors:
/// "index 5 out of range for list of 3 elements", "object has no attribute \"x\"",
/// "cannot index a string". An unknown collection or key gives unknown.
ValueResult index(const Value& collection, const Value& key);
/// `object.name`. Error "object has no attribute \"x\"" or "cannot access attribute \"x\" of a
/// string". An unknown object gives an unknown.
ValueResult get_attr(const Value& object, std::string_view name);

/// Structural identity, including marks and unknowns (an unknown is identical to an unknown of
/// the same type). For the planner's diff and for tests; not a language operator.
bool identical(const Value& lhs, const Value& rhs);
/// Total order used for sets and `sort`: by kind (null < bool < number < string < duration <
/// list < set < object < unknown), then by value. Marks are ignored. -1, 0, 1.
int compare_values(const Value& lhs, const Value& rhs);
/// Deterministic 64-bit hash of the value's structure (FNV-1a over a canonical encoding; marks
/// included), stable across runs and platforms.
uint64_t hash_value(const Value& value);

/// "a string", "a number", "a list of 3 elements", "an object with 2 attributes", "null",
/// "an unknown value": for error messages.
std::string describe(const Value& value);

}  // namespace mesh
