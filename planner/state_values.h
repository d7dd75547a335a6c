#pragma once
/// State records ↔ values. Records hold JSON text and JSON Pointers (state knows nothing of
/// the language); the planner and the executor hold values with sensitive marks. Both
/// directions go through here so the two conventions never mix: the executor writes records
/// with `store_value`, the planner reads them with `record_value`.

#include <optional>
#include <string>

#include "core/schema.h"
#include "core/value.h"
#include "state/records.h"

namespace mesh::plan {

/// The attributes of `record` as a value: JSON parsed, values under `sensitive_paths` marked
/// sensitive (JSON Pointers; language paths are accepted too), and, when `schema` is known,
/// each attribute converted to its schema type (JSON has no durations or sets) and marked
/// sensitive where the schema says so. nullopt with `error` set on malformed JSON.
std::optional<Value> record_value(const state::ResourceRecord& record, const ResourceSchema* schema,
                                  std::string* error);

/// `value` (an object of attributes) with each attribute converted to its schema type where
/// it converts, and marked sensitive where the schema says so. Unchanged without a schema.
Value typed_by_schema(const Value& value, const ResourceSchema* schema);

/// `value` with the sensitive marks of `marked` carried over, place by place: what a provider
/// reads back loses the marks the state recorded.
Value with_marks_of(const Value& value, const Value& marked);

/// Writes `value` into `record->attributes_json` (compact, keys sorted) and
/// `record->sensitive_paths` (JSON Pointers). Unknown values are written as null; applied
/// values hold none.
void store_value(const Value& value, state::ResourceRecord* record);

/// An output record's value, sensitive as a whole when the record says so.
std::optional<Value> output_value(const state::OutputRecord& output, std::string* error);

}  // namespace mesh::plan
