#include "providers/builtin.h"

namespace mesh {

BuiltinProvider::BuiltinProvider(std::string name, std::vector<std::unique_ptr<ResourceType>> types)
    : types_(std::move(types)) {
  schema_.name = std::move(name);
  for (const auto& type : types_) schema_.resources.push_back(type->schema());
}

std::string BuiltinProvider::configure(const Value& config) {
  if (config.is_null() || (config.is_object() && config.size() == 0)) return "";
  if (!config.is_object())
    return "provider \"" + schema_.name + "\": configuration must be an object";
  return "provider \"" + schema_.name + "\" takes no configuration attributes, got \"" +
         config.entries().front().first + "\"";
}

ResourceType* BuiltinProvider::find(const std::string& type) const {
  for (const auto& t : types_)
    if (t->schema().type == type) return t.get();
  return nullptr;
}

std::string BuiltinProvider::unknown_type(const std::string& type) const {
  return "provider \"" + schema_.name + "\" has no resource type \"" + type + "\"";
}

std::vector<std::string> BuiltinProvider::validate(const std::string& type,
                                                   const Value& config) const {
  ResourceType* t = find(type);
  return t ? t->validate(config) : std::vector<std::string>{unknown_type(type)};
}

PlannedState BuiltinProvider::plan(const std::string& type, const Value& prior,
                                   const Value& config) const {
  if (ResourceType* t = find(type)) return t->plan(prior, config);
  PlannedState planned;
  planned.error = unknown_type(type);
  return planned;
}

ProviderResult BuiltinProvider::create(const std::string& type, const Value& planned,
                                       const OperationContext& context) {
  ResourceType* t = find(type);
  return t ? t->create(planned, context) : ProviderResult::failure(unknown_type(type));
}

ReadResult BuiltinProvider::read(const std::string& type, const Value& state,
                                 const OperationContext& context) {
  if (ResourceType* t = find(type)) return t->read(state, context);
  ReadResult result;
  result.error = unknown_type(type);
  return result;
}

ProviderResult BuiltinProvider::update(const std::string& type, const Value& prior,
                                       const Value& planned, const OperationContext& context) {
  ResourceType* t = find(type);
  return t ? t->update(prior, planned, context) : ProviderResult::failure(unknown_type(type));
}

std::string BuiltinProvider::destroy(const std::string& type, const Value& state,
                                     const OperationContext& context) {
  ResourceType* t = find(type);
  return t ? t->destroy(state, context) : unknown_type(type);
}

ProviderResult BuiltinProvider::import(const std::string& type, const std::string& id,
                                       const OperationContext& context) {
  ResourceType* t = find(type);
  return t ? t->import(id, context) : ProviderResult::failure(unknown_type(type));
}

bool BuiltinProvider::can_read(const std::string& type) const {
  ResourceType* t = find(type);
  return t && t->can_read();
}

std::unique_ptr<Provider> make_mesh_provider(const ProviderEnvironment&) {
  std::vector<std::unique_ptr<ResourceType>> types;
  types.push_back(make_mesh_data());
  return std::make_unique<BuiltinProvider>("mesh", std::move(types));
}

std::unique_ptr<Provider> make_local_provider(const ProviderEnvironment& environment) {
  std::vector<std::unique_ptr<ResourceType>> types;
  types.push_back(make_local_file(environment));
  types.push_back(make_local_directory(environment));
  return std::make_unique<BuiltinProvider>("local", std::move(types));
}

std::unique_ptr<Provider> make_exec_provider(const ProviderEnvironment& environment) {
  std::vector<std::unique_ptr<ResourceType>> types;
  types.push_back(make_exec_command(environment));
  return std::make_unique<BuiltinProvider>("exec", std::move(types));
}

}  // namespace mesh
