#pragma once
/// The provider interface: one object per configured provider (`provider "NAME" { … }`), called
/// by the planner (plan, read) and the executor (create, update, destroy) — possibly from several
/// threads at once for different resources, so implementations must be thread-safe.
/// Providers never see state, plans or the language: only values and schemas.

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/schema.h"
#include "core/value.h"

namespace mesh {

/// What every provider instance is created with (by the registry, before `configure`).
struct ProviderEnvironment {
  /// Directory that relative paths in resource attributes (`local_file.path`,
  /// `exec_command.working_dir`, …) resolve against: the root configuration directory. Empty
  /// means the process's current directory.
  std::string base_dir;
};

/// Per-operation context the executor passes in.
struct OperationContext {
  std::chrono::milliseconds timeout{std::chrono::minutes(20)};
  /// Set when the user asked to abort in-flight work (second SIGINT): long operations should
  /// stop as soon as they can and return an error.
  const std::atomic<bool>* cancel = nullptr;
  /// Progress or diagnostic lines for the log (never include sensitive values).
  std::function<void(const std::string&)> log;

  bool cancelled() const { return cancel && cancel->load(); }
};

/// The result of an operation: a value (the resource's new state), or an error.
struct ProviderResult {
  Value value;
  std::string error;  ///< empty on success; never contains sensitive values
  bool ok() const { return error.empty(); }
  static ProviderResult failure(std::string message) {
    ProviderResult r;
    r.error = std::move(message);
    return r;
  }
  static ProviderResult success(Value v) {
    ProviderResult r;
    r.value = std::move(v);
    return r;
  }
};

/// What `read` found: the current attributes, or that the object no longer exists.
struct ReadResult {
  std::optional<Value> value;  ///< nullopt: gone (deleted outside mesh)
  std::string error;
  bool ok() const { return error.empty(); }
};

/// What `plan` proposes for one instance.
struct PlannedState {
  Value value;  ///< object of every attribute; computed ones unknown when they will change
  std::vector<std::string> requires_replace;  ///< attribute names forcing replacement
  std::string error;
};

class Provider {
 public:
  virtual ~Provider() = default;

  virtual const ProviderSchema& schema() const = 0;

  /// Called once with the evaluated `provider` block (an object; empty object when absent)
  /// before any other operation. Returns an error message or "".
  virtual std::string configure(const Value& config) = 0;

  /// Checks a resource's configuration beyond its schema (e.g. `content` xor `source`).
  /// Returns error messages, each optionally prefixed by the attribute name and ": ".
  virtual std::vector<std::string> validate(const std::string& type, const Value& config) const;

  /// Proposes the new state of an instance: `prior` is its state (null for a create), `config`
  /// the evaluated configuration (may contain unknowns). The default keeps configured
  /// attributes, sets computed attributes unknown on create and keeps their prior value on
  /// update, and lists changed force-new attributes in `requires_replace`.
  virtual PlannedState plan(const std::string& type, const Value& prior, const Value& config) const;

  virtual ProviderResult create(const std::string& type, const Value& planned,
                                const OperationContext& context) = 0;
  virtual ReadResult read(const std::string& type, const Value& state,
                          const OperationContext& context) = 0;
  virtual ProviderResult update(const std::string& type, const Value& prior, const Value& planned,
                                const OperationContext& context) = 0;
  /// Returns an error message or "".
  virtual std::string destroy(const std::string& type, const Value& state,
                              const OperationContext& context) = 0;
  /// Reads an existing object by its provider-specific id (`mesh import ADDR ID`).
  virtual ProviderResult import(const std::string& type, const std::string& id,
                                const OperationContext& context);
  /// Whether `read` does anything useful for `type` (drift detection is skipped otherwise).
  virtual bool can_read(const std::string& type) const;
};

/// The default `Provider::plan` over one resource schema, for providers that adjust its result
/// (e.g. to compute an attribute at plan time) rather than replace it.
PlannedState plan_from_schema(const ResourceSchema& resource, const Value& prior,
                              const Value& config);

}  // namespace mesh
