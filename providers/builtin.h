#pragma once
/// The built-in providers (`mesh`, `local`, `exec`) are each a BuiltinProvider: a name and a
/// list of ResourceTypes, one per resource type and one source file each
/// (providers/mesh_data.cc, local_file.cc, local_directory.cc, exec_command.cc).

#include <memory>
#include <string>
#include <vector>

#include "providers/provider.h"

namespace mesh {

/// The per-type half of the Provider interface; the provider dispatches on the type name.
/// Implementations are thread-safe (no mutable state, or their own locking).
class ResourceType {
 public:
  virtual ~ResourceType() = default;
  virtual const ResourceSchema& schema() const = 0;
  virtual std::vector<std::string> validate(const Value&) const { return {}; }
  /// Defaults to `plan_from_schema`.
  virtual PlannedState plan(const Value& prior, const Value& config) const {
    return plan_from_schema(schema(), prior, config);
  }
  virtual ProviderResult create(const Value& planned, const OperationContext& context) = 0;
  virtual ReadResult read(const Value& state, const OperationContext& context) = 0;
  virtual ProviderResult update(const Value& prior, const Value& planned,
                                const OperationContext& context) = 0;
  virtual std::string destroy(const Value& state, const OperationContext& context) = 0;
  virtual ProviderResult import(const std::string& /*id*/, const OperationContext&) {
    return ProviderResult::failure("resource type \"" + schema().type +
                                   "\" does not support import");
  }
  virtual bool can_read() const { return true; }
};

/// A provider made of resource types and no configuration attributes: `configure` accepts only
/// null or an empty object.
class BuiltinProvider : public Provider {
 public:
  BuiltinProvider(std::string name, std::vector<std::unique_ptr<ResourceType>> types);

  const ProviderSchema& schema() const override { return schema_; }
  std::string configure(const Value& config) override;
  std::vector<std::string> validate(const std::string& type, const Value& config) const override;
  PlannedState plan(const std::string& type, const Value& prior,
                    const Value& config) const override;
  ProviderResult create(const std::string& type, const Value& planned,
                        const OperationContext& context) override;
  ReadResult read(const std::string& type, const Value& state,
                  const OperationContext& context) override;
  ProviderResult update(const std::string& type, const Value& prior, const Value& planned,
                        const OperationContext& context) override;
  std::string destroy(const std::string& type, const Value& state,
                      const OperationContext& context) override;
  ProviderResult import(const std::string& type, const std::string& id,
                        const OperationContext& context) override;
  bool can_read(const std::string& type) const override;

 private:
  ResourceType* find(const std::string& type) const;
  std::string unknown_type(const std::string& type) const;

  ProviderSchema schema_;
  std::vector<std::unique_ptr<ResourceType>> types_;
};

std::unique_ptr<ResourceType> make_mesh_data();
std::unique_ptr<ResourceType> make_local_file(const ProviderEnvironment& environment);
std::unique_ptr<ResourceType> make_local_directory(const ProviderEnvironment& environment);
std::unique_ptr<ResourceType> make_exec_command(const ProviderEnvironment& environment);

/// `mesh`: mesh_data.
std::unique_ptr<Provider> make_mesh_provider(const ProviderEnvironment& environment);
/// `local`: local_file, local_directory.
std::unique_ptr<Provider> make_local_provider(const ProviderEnvironment& environment);
/// `exec`: exec_command.
std::unique_ptr<Provider> make_exec_provider(const ProviderEnvironment& environment);
/// `postgres`: postgres_database, _schema, _role, _grant, _table, _extension (postgres.h).
std::unique_ptr<Provider> make_postgres_provider(const ProviderEnvironment& environment);
/// `http`: http_resource (libcurl).
std::unique_ptr<Provider> make_http_provider(const ProviderEnvironment& environment);

}  // namespace mesh
