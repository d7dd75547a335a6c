/// `mesh_data`: a value holder with no side effects (Terraform's `terraform_data`), for glue
/// between resources and for benchmarking the engine. Every operation is a few allocations.

#include "providers/attributes.h"
#include "providers/builtin.h"

namespace mesh {
namespace {

ResourceSchema mesh_data_schema() {
  ResourceSchema s;
  s.type = "mesh_data";
  s.description = "Holds a value: `output` mirrors `input`; no side effects.";
  s.attributes = {
      schema_attribute("input", Type::any(), AttributeMode::Optional, kNoFlags,
                       "Any value; a change updates the resource in place."),
      schema_attribute("triggers_replace", Type::any(), AttributeMode::Optional, kForceNew,
                       "Any value; a change replaces the resource (new `id`)."),
      schema_attribute("id", Type::string(), AttributeMode::Computed, kNoFlags,
                       "Random UUID (version 4), fixed at create."),
      schema_attribute("output", Type::any(), AttributeMode::Computed, kNoFlags,
                       "Equal to `input`, known at plan time wherever `input` is."),
  };
  s.sort();
  return s;
}

class MeshData final : public ResourceType {
 public:
  const ResourceSchema& schema() const override {
    static const ResourceSchema schema = mesh_data_schema();
    return schema;
  }

  /// Unlike the default (computed attributes unknown), `output` is `input` itself, unknown
  /// parts included, so dependents plan with the real value.
  PlannedState plan(const Value& prior, const Value& config) const override {
    PlannedState planned;
    const Value& input = attribute(config, "input");
    const Value& triggers = attribute(config, "triggers_replace");
    Value id;
    if (prior.is_null() || !same_value(attribute(prior, "triggers_replace"), triggers)) {
      if (!prior.is_null()) planned.requires_replace.push_back("triggers_replace");
      id = Value::unknown(Type::string());
    } else {
      id = attribute(prior, "id");
    }
    planned.value = Value::object({{"id", std::move(id)},
                                   {"input", input},
                                   {"output", input},
                                   {"triggers_replace", triggers}});
    return planned;
  }

  ProviderResult create(const Value& planned, const OperationContext&) override {
    const Value& input = attribute(planned, "input");
    return ProviderResult::success(
        Value::object({{"id", Value::string(random_id())},
                       {"input", input},
                       {"output", input},
                       {"triggers_replace", attribute(planned, "triggers_replace")}}));
  }

  /// Nothing exists outside the state, so nothing can drift.
  ReadResult read(const Value& state, const OperationContext&) override {
    ReadResult result;
    result.value = state;
    return result;
  }

  ProviderResult update(const Value& prior, const Value& planned,
                        const OperationContext&) override {
    const Value& input = attribute(planned, "input");
    return ProviderResult::success(
        Value::object({{"id", attribute(prior, "id")},
                       {"input", input},
                       {"output", input},
                       {"triggers_replace", attribute(planned, "triggers_replace")}}));
  }

  std::string destroy(const Value&, const OperationContext&) override { return ""; }

  /// Adopts any id: the object is the id alone (input and output null).
  ProviderResult import(const std::string& id, const OperationContext&) override {
    if (id.empty()) return ProviderResult::failure("mesh_data import needs a non-empty id");
    return ProviderResult::success(Value::object({{"id", Value::string(id)},
                                                  {"input", Value()},
                                                  {"output", Value()},
                                                  {"triggers_replace", Value()}}));
  }

  bool can_read() const override { return false; }
};

}  // namespace

std::unique_ptr<ResourceType> make_mesh_data() {
  return std::make_unique<MeshData>();
}

}  // namespace mesh
