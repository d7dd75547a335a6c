/// The default implementations of the optional Provider operations.

#include "providers/provider.h"

#include "providers/attributes.h"

namespace mesh {

std::vector<std::string> Provider::validate(const std::string&, const Value&) const {
  return {};
}

PlannedState Provider::plan(const std::string& type, const Value& prior,
                            const Value& config) const {
  const ResourceSchema* resource = schema().find(type);
  if (!resource) {
    PlannedState planned;
    planned.error = "provider \"" + schema().name + "\" has no resource type \"" + type + "\"";
    return planned;
  }
  return plan_from_schema(*resource, prior, config);
}

PlannedState plan_from_schema(const ResourceSchema& resource, const Value& prior,
                              const Value& config) {
  PlannedState planned;
  const bool creating = prior.is_null();
  ValueEntries entries;
  entries.reserve(resource.attributes.size());
  // First pass: configured attributes, and which force-new ones changed.
  for (const AttributeSchema& a : resource.attributes) {
    if (a.mode == AttributeMode::Computed) continue;
    Value v = attribute(config, a.name);
    if (v.is_null() && a.mode == AttributeMode::Optional) v = a.default_value;
    if (v.is_null() && a.mode == AttributeMode::OptionalComputed) continue;
    if (a.sensitive && !v.is_null() && !v.is_sensitive()) v = v.mark_sensitive();
    if (!creating && a.force_new && !same_value(attribute(prior, a.name), v))
      planned.requires_replace.push_back(a.name);
    entries.emplace_back(a.name, std::move(v));
  }
  // Second pass: computed attributes are unknown for a new object (create or replace) and
  // keep their prior value on an update in place.
  const bool fresh = creating || !planned.requires_replace.empty();
  for (const AttributeSchema& a : resource.attributes) {
    if (!a.computed()) continue;
    if (a.mode == AttributeMode::OptionalComputed && !attribute(config, a.name).is_null()) continue;
    Value v = fresh ? Value::unknown(a.type) : attribute(prior, a.name);
    if (a.sensitive && v.is_known() && !v.is_null()) v = v.mark_sensitive();
    entries.emplace_back(a.name, std::move(v));
  }
  planned.value = Value::object(std::move(entries));
  return planned;
}

ProviderResult Provider::import(const std::string& type, const std::string&,
                                const OperationContext&) {
  return ProviderResult::failure("resource type \"" + type + "\" does not support import");
}

bool Provider::can_read(const std::string&) const {
  return true;
}

}  // namespace mesh
