#include "providers/registry.h"

#include <algorithm>

#include "core/diagnostics.h"
#include "providers/builtin.h"

namespace mesh {

void ProviderRegistry::add(ProviderFactory factory) {
  std::unique_ptr<Provider> sample = factory(ProviderEnvironment{});
  add(sample->schema(), std::move(factory));
}

void ProviderRegistry::add(ProviderSchema schema, ProviderFactory factory) {
  auto entry = std::make_unique<Entry>(Entry{std::move(schema), std::move(factory)});
  auto it = std::lower_bound(entries_.begin(), entries_.end(), entry->schema.name,
                             [](const std::unique_ptr<Entry>& e, const std::string& name) {
                               return e->schema.name < name;
                             });
  if (it != entries_.end() && (*it)->schema.name == entry->schema.name)
    *it = std::move(entry);
  else
    entries_.insert(it, std::move(entry));
  index_types();
}

void ProviderRegistry::index_types() {
  types_.clear();
  for (const auto& entry : entries_)
    for (const ResourceSchema& r : entry->schema.resources) types_.emplace(r.type, &r);
}

void ProviderRegistry::add_resolver(ProviderResolver resolver) {
  resolvers_.push_back(std::move(resolver));
}

bool ProviderRegistry::resolve(std::string_view name) {
  if (has(name)) return true;
  for (const ProviderResolver& resolver : resolvers_) {
    if (std::optional<ResolvedProvider> found = resolver(name)) {
      found->schema.name = std::string(name);
      add(std::move(found->schema), std::move(found->factory));
      return true;
    }
  }
  return false;
}

const ProviderRegistry::Entry* ProviderRegistry::find(std::string_view name) const {
  auto it = std::lower_bound(
      entries_.begin(), entries_.end(), name,
      [](const std::unique_ptr<Entry>& e, std::string_view n) { return e->schema.name < n; });
  return it != entries_.end() && (*it)->schema.name == name ? it->get() : nullptr;
}

std::unique_ptr<Provider> ProviderRegistry::create(std::string_view name,
                                                   const ProviderEnvironment& environment) const {
  const Entry* entry = find(name);
  return entry ? entry->factory(environment) : nullptr;
}

std::vector<std::string> ProviderRegistry::names() const {
  std::vector<std::string> names;
  for (const auto& entry : entries_) names.push_back(entry->schema.name);
  return names;
}

std::string ProviderRegistry::suggest(std::string_view name) const {
  return closest_match(name, names());
}

const ResourceSchema* ProviderRegistry::resource(std::string_view type) const {
  auto it = types_.find(type);
  return it == types_.end() ? nullptr : it->second;
}

const ProviderSchema* ProviderRegistry::provider(std::string_view name) const {
  const Entry* entry = find(name);
  return entry ? &entry->schema : nullptr;
}

std::vector<std::string> ProviderRegistry::resource_types() const {
  std::vector<std::string> types;
  for (const auto& entry : types_) types.emplace_back(entry.first);
  std::sort(types.begin(), types.end());
  return types;
}

ProviderRegistry make_builtin_registry() {
  ProviderRegistry registry;
  registry.add(make_exec_provider);
  registry.add(make_http_provider);
  registry.add(make_local_provider);
  registry.add(make_mesh_provider);
  registry.add(make_postgres_provider);
  return registry;
}

const ProviderRegistry& builtin_providers() {
  static const ProviderRegistry registry = make_builtin_registry();
  return registry;
}

const SchemaCatalog& builtin_catalog() {
  return builtin_providers();
}

std::unique_ptr<Provider> create_provider(std::string_view name,
                                          const ProviderEnvironment& environment) {
  return builtin_providers().create(name, environment);
}

ProviderKey parse_provider_key(std::string_view key) {
  size_t dot = key.find('.');
  if (dot == std::string_view::npos) return {std::string(key), ""};
  return {std::string(key.substr(0, dot)), std::string(key.substr(dot + 1))};
}

std::string check_provider_config(const ProviderSchema& schema, const Value& config) {
  if (!config.is_null() && !config.is_object())
    return "provider \"" + schema.name + "\": the configuration must be an object";
  for (const ValueEntry& entry : config.entries()) {
    if (entry.first == "alias") continue;
    bool known = std::any_of(schema.config.begin(), schema.config.end(),
                             [&](const AttributeSchema& a) { return a.name == entry.first; });
    if (!known) {
      std::vector<std::string> names;
      for (const AttributeSchema& a : schema.config) names.push_back(a.name);
      std::string message =
          "provider \"" + schema.name + "\" has no configuration attribute \"" + entry.first + "\"";
      std::string close = closest_match(entry.first, names);
      if (!close.empty()) message += " (did you mean \"" + close + "\"?)";
      return message;
    }
  }
  for (const AttributeSchema& a : schema.config) {
    const Value* v = config.is_object() ? config.find(a.name) : nullptr;
    if (a.mode == AttributeMode::Required && (!v || v->is_null()))
      return "provider \"" + schema.name + "\": attribute \"" + a.name + "\" is required";
  }
  return "";
}

ProviderSet::ProviderSet(const ProviderRegistry& registry, ProviderEnvironment environment)
    : registry_(registry), environment_(std::move(environment)) {}

Provider* ProviderSet::make(const ProviderKey& key, const Value& config, std::string* error) {
  const std::string name = key.to_string();
  const ProviderSchema* schema = registry_.provider(key.name);
  if (!schema) {
    *error = "unknown provider \"" + key.name + "\"";
    std::string close = registry_.suggest(key.name);
    if (!close.empty()) *error += " (did you mean \"" + close + "\"?)";
    return nullptr;
  }
  std::string message = check_provider_config(*schema, config);
  std::unique_ptr<Provider> instance;
  if (message.empty()) {
    instance = registry_.create(key.name, environment_);
    // `alias` selects the configuration; the provider never sees it.
    Value own = config;
    if (config.is_object() && config.find("alias")) {
      ValueEntries entries;
      for (const ValueEntry& e : config.entries())
        if (e.first != "alias") entries.push_back(e);
      own = Value::object(std::move(entries));
    }
    message = instance->configure(own.is_null() ? Value::object({}) : own);
  }
  if (!message.empty()) {
    failures_[name] = message;
    instances_.erase(name);
    *error = message;
    return nullptr;
  }
  failures_.erase(name);
  Provider* result = instance.get();
  instances_[name] = std::move(instance);
  return result;
}

std::string ProviderSet::configure(std::string_view key, const Value& config) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string error;
  make(parse_provider_key(key), config, &error);
  return error;
}

Provider* ProviderSet::get(std::string_view key, std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = instances_.find(key); it != instances_.end()) return it->second.get();
  if (auto it = failures_.find(key); it != failures_.end()) {
    *error = it->second;
    return nullptr;
  }
  ProviderKey parsed = parse_provider_key(key);
  if (!parsed.alias.empty()) {
    *error = "provider configuration \"" + parsed.to_string() +
             "\" is not declared (add provider \"" + parsed.name + "\" { alias = \"" +
             parsed.alias + "\" })";
    return nullptr;
  }
  return make(parsed, Value::object({}), error);
}

Provider* ProviderSet::for_resource(std::string_view type, std::string_view provider_key,
                                    std::string* error) {
  return get(provider_key.empty() ? provider_of_type(type) : provider_key, error);
}

}  // namespace mesh
