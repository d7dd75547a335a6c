#pragma once
/// The provider registry: provider names → factories and schemas. It is the compiler's
/// SchemaCatalog (resource types are checked against every registered provider) and creates
/// the configured instances of one run (ProviderSet).
///
/// Built-in providers (`mesh`, `local`, `exec`) are registered by `builtin_providers()`; later
/// ones (postgres, http) add a factory there. External plugins (`mesh-provider-NAME`) come in
/// through a resolver: a function consulted by `resolve(name)` for names no factory is
/// registered for, which returns the plugin's factory and schema.
///
/// Thread safety: a registry is filled (add, add_resolver, resolve) before a run, then only
/// read; reads and `create` are safe from several threads. ProviderSet is thread-safe.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/schema.h"
#include "providers/provider.h"

namespace mesh {

using ProviderFactory = std::function<std::unique_ptr<Provider>(const ProviderEnvironment&)>;

/// What a resolver found for a name: how to make instances and what they declare.
struct ResolvedProvider {
  ProviderFactory factory;
  ProviderSchema schema;
};
/// Returns nullopt when it does not know `name` (the next resolver is asked).
using ProviderResolver = std::function<std::optional<ResolvedProvider>(std::string_view name)>;

class ProviderRegistry final : public SchemaCatalog {
 public:
  ProviderRegistry() = default;
  ProviderRegistry(ProviderRegistry&&) = default;
  ProviderRegistry& operator=(ProviderRegistry&&) = default;

  /// Registers a provider under its schema's name; the schema is taken from one instance made
  /// now with a default environment. Replaces an earlier registration of the same name.
  void add(ProviderFactory factory);
  /// Registers a provider whose schema is known without making an instance (plugins).
  void add(ProviderSchema schema, ProviderFactory factory);
  void add_resolver(ProviderResolver resolver);

  /// Makes `name` known: true when registered, or when a resolver found it (then it is
  /// registered). Call for every provider a configuration names before compiling it.
  bool resolve(std::string_view name);
  bool has(std::string_view name) const { return find(name) != nullptr; }

  /// A new, unconfigured instance of provider `name`, or nullptr when unknown.
  std::unique_ptr<Provider> create(std::string_view name,
                                   const ProviderEnvironment& environment = {}) const;

  /// Registered provider names, sorted.
  std::vector<std::string> names() const;
  /// The registered name closest to `name` (did-you-mean), or "".
  std::string suggest(std::string_view name) const;

  // SchemaCatalog
  const ResourceSchema* resource(std::string_view type) const override;
  const ProviderSchema* provider(std::string_view name) const override;
  std::vector<std::string> resource_types() const override;

 private:
  struct Entry {
    ProviderSchema schema;
    ProviderFactory factory;
  };
  const Entry* find(std::string_view name) const;
  void index_types();

  std::vector<std::unique_ptr<Entry>> entries_;  ///< sorted by name; stable addresses
  std::unordered_map<std::string_view, const ResourceSchema*> types_;
  std::vector<ProviderResolver> resolvers_;
};

/// A registry with every built-in provider (`exec`, `local`, `mesh`); add resolvers or more
/// providers to it.
ProviderRegistry make_builtin_registry();
/// The process-wide, immutable registry of the built-in providers.
const ProviderRegistry& builtin_providers();
/// `builtin_providers()` as the compiler's catalog.
const SchemaCatalog& builtin_catalog();
/// A new, unconfigured built-in provider, or nullptr when `name` is not one (see
/// `builtin_providers().suggest(name)` for a did-you-mean).
std::unique_ptr<Provider> create_provider(std::string_view name,
                                          const ProviderEnvironment& environment = {});

/// Splits a provider key "NAME" or "NAME.ALIAS".
struct ProviderKey {
  std::string name;
  std::string alias;  ///< "" for the default configuration
  std::string to_string() const { return alias.empty() ? name : name + "." + alias; }
};
ProviderKey parse_provider_key(std::string_view key);

/// Checks a `provider` block's value against the provider's configuration schema: an object
/// (or null) with no unknown attributes and every required one set. Error message or "".
std::string check_provider_config(const ProviderSchema& schema, const Value& config);

/// The configured providers of one run: one instance per `provider "NAME" { alias = … }`
/// block, keyed "NAME" or "NAME.ALIAS". A resource without an explicit `provider` uses the
/// default configuration of the provider its type names (`postgres_schema` → "postgres"), which
/// is made with an empty configuration on first use when no block configured it. Aliased
/// configurations must be declared.
class ProviderSet {
 public:
  ProviderSet(const ProviderRegistry& registry, ProviderEnvironment environment);
  ProviderSet(const ProviderSet&) = delete;
  ProviderSet& operator=(const ProviderSet&) = delete;

  /// Creates and configures instance `key` from its block's value. Error message or "" (an
  /// unknown provider's message carries a did-you-mean).
  std::string configure(std::string_view key, const Value& config);

  /// The instance for `key`, or nullptr with `*error` set (unknown provider, undeclared alias,
  /// failed configuration).
  Provider* get(std::string_view key, std::string* error);
  /// The instance serving resource `type`: `provider_key` when not empty, else the default
  /// configuration of `provider_of_type(type)`.
  Provider* for_resource(std::string_view type, std::string_view provider_key, std::string* error);

 private:
  Provider* make(const ProviderKey& key, const Value& config, std::string* error);

  const ProviderRegistry& registry_;
  ProviderEnvironment environment_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Provider>, std::less<>> instances_;
  std::map<std::string, std::string, std::less<>> failures_;  ///< key → configure error
};

}  // namespace mesh
