#include "planner/state_values.h"

#include <nlohmann/json.hpp>

#include "core/convert.h"
#include "core/value_json.h"
#include "core/value_ops.h"
#include "planner/paths.h"

namespace mesh::plan {

std::optional<Value> record_value(const state::ResourceRecord& record, const ResourceSchema* schema,
                                  std::string* error) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(record.attributes_json);
  } catch (const nlohmann::json::exception&) {
    *error = record.address + ": state holds malformed attribute JSON";
    return std::nullopt;
  }
  std::vector<std::string> sensitive;
  sensitive.reserve(record.sensitive_paths.size());
  bool hide_all = false;
  for (const std::string& pointer : record.sensitive_paths) {
    std::optional<std::string> path = pointer_to_path(pointer, document);
    if (!path) {
      hide_all = true;  // cannot honour it precisely: hide everything rather than leak
      continue;
    }
    sensitive.push_back(std::move(*path));
  }
  Value value = from_json(document, sensitive);
  if (hide_all) value = value.mark_sensitive();
  return typed_by_schema(value, schema);
}

Value typed_by_schema(const Value& value, const ResourceSchema* schema) {
  if (!schema || !value.is_object()) return value;
  ValueEntries entries = value.entries();
  bool changed = false;
  for (ValueEntry& e : entries) {
    const AttributeSchema* a = schema->find(e.first);
    if (!a) continue;
    if (!a->type.is_any() && !e.second.is_null() && e.second.is_wholly_known()) {
      ValueResult converted = convert(e.second, a->type);
      if (converted.ok() && !identical(converted.value, e.second)) {
        e.second = std::move(converted.value);
        changed = true;
      }
    }
    if (a->sensitive && !e.second.is_null() && !e.second.is_sensitive()) {
      e.second = e.second.mark_sensitive();
      changed = true;
    }
  }
  if (!changed) return value;
  Value out = Value::object(std::move(entries));
  return value.is_sensitive() ? out.mark_sensitive() : out;
}

Value with_marks_of(const Value& value, const Value& marked) {
  if (!marked.contains_sensitive()) return value;
  Value out = value;
  if (value.is_object() && marked.is_object()) {
    ValueEntries entries = value.entries();
    for (ValueEntry& e : entries) {
      if (const Value* m = marked.find(e.first)) e.second = with_marks_of(e.second, *m);
    }
    out = Value::object(std::move(entries));
  } else if (value.is_sequence() && marked.is_sequence()) {
    ValueList items = value.items();
    for (size_t i = 0; i < items.size() && i < marked.size(); ++i)
      items[i] = with_marks_of(items[i], marked.items()[i]);
    out = value.is_list() ? Value::list(std::move(items)) : Value::set(std::move(items));
  }
  if (marked.is_sensitive() || value.is_sensitive()) out = out.mark_sensitive();
  return out;
}

void store_value(const Value& value, state::ResourceRecord* record) {
  std::vector<std::string> sensitive;
  nlohmann::json document = to_json(value, &sensitive);
  record->attributes_json = document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  record->sensitive_paths.clear();
  for (const std::string& path : sensitive) {
    std::optional<std::string> pointer = path_to_pointer(path);
    record->sensitive_paths.push_back(pointer ? *pointer : std::string());
  }
}

std::optional<Value> output_value(const state::OutputRecord& output, std::string* error) {
  ValueResult parsed = from_json_text(output.value_json);
  if (!parsed.ok()) {
    *error = "output." + output.name + ": state holds malformed JSON";
    return std::nullopt;
  }
  return output.sensitive ? parsed.value.mark_sensitive() : parsed.value;
}

}  // namespace mesh::plan
