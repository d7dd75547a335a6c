#pragma once
/// When two attribute values are "the same" for a plan. State round-trips values through JSON,
/// which has no durations and no sets, so a duration recorded as "8h" must equal the
/// configured 8h, and a set recorded as a list must equal the same set; otherwise every plan
/// after an apply would show phantom updates.

#include "core/value.h"

namespace mesh::plan {

/// Equal as JSON: sensitive marks ignored; list ≡ set with the same elements in order;
/// duration ≡ its canonical string; numbers by value; a missing object key ≡ null. An unknown
/// equals nothing (it may change), not even another unknown.
bool same_value(const Value& a, const Value& b);

}  // namespace mesh::plan
