#pragma once
/// Provider schemas: what a resource type's attributes are. The compiler checks configurations
/// against them, the planner diffs with them, and providers declare them. They live in core/
/// so that the compiler can check types without depending on providers/.

#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "core/value.h"

namespace mesh {

enum class AttributeMode : uint8_t {
  Required,          ///< must be set in configuration
  Optional,          ///< may be set; null when absent (or `default_value`)
  Computed,          ///< set by the provider only; an error to set in configuration
  OptionalComputed,  ///< may be set; the provider computes it when absent
};

struct AttributeSchema {
  std::string name;
  Type type;
  AttributeMode mode = AttributeMode::Optional;
  bool force_new = false;  ///< a change forces replacement
  bool sensitive = false;  ///< redacted in every output, whatever the configuration says
  Value default_value;     ///< used for Optional attributes left unset (null: no default)
  std::string description;

  bool settable() const { return mode != AttributeMode::Computed; }
  bool computed() const {
    return mode == AttributeMode::Computed || mode == AttributeMode::OptionalComputed;
  }
};

struct ResourceSchema {
  std::string type;  ///< e.g. `local_file`
  std::string description;
  std::vector<AttributeSchema> attributes;  ///< kept sorted by name

  const AttributeSchema* find(std::string_view name) const;
  std::vector<std::string> attribute_names() const;
  /// `attributes` sorted by name; call once after filling them.
  void sort();
};

struct ProviderSchema {
  std::string name;                     ///< e.g. `local`, `postgres`
  std::vector<AttributeSchema> config;  ///< attributes of `provider "NAME" { … }`
  std::vector<ResourceSchema> resources;

  const ResourceSchema* find(std::string_view type) const;
};

/// Where the compiler looks up resource types: implemented by the provider registry.
class SchemaCatalog {
 public:
  virtual ~SchemaCatalog() = default;
  /// The schema of resource `type`, or nullptr when no provider declares it.
  virtual const ResourceSchema* resource(std::string_view type) const = 0;
  /// The schema of provider `name`, or nullptr.
  virtual const ProviderSchema* provider(std::string_view name) const = 0;
  /// Every known resource type (for did-you-mean).
  virtual std::vector<std::string> resource_types() const = 0;
};

/// The provider that owns a resource type by the naming rule: the text before the first `_`
/// (`postgres_schema` → `postgres`, `local_file` → `local`, `mesh_data` → `mesh`).
std::string_view provider_of_type(std::string_view type);

}  // namespace mesh
