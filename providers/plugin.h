#pragma once
/// External provider plugins: any executable `mesh-provider-NAME` speaking JSON lines over
/// stdin/stdout (docs/provider-protocol.md). A resolver finds the executable, starts it once
/// to read its schema, and registers a factory; each configured instance then runs its own
/// plugin process for the run (started at `configure`, stopped when the provider is destroyed).

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/value.h"
#include "providers/registry.h"

namespace mesh {

/// The protocol version this mesh speaks (the handshake must agree).
constexpr int kPluginProtocolVersion = 1;

struct PluginOptions {
  /// Limit for one request; 0 = the operation's timeout. `MESH_PLUGIN_TIMEOUT` sets it
  /// (`30s`, `500ms`, `2m`, or seconds).
  std::chrono::milliseconds timeout{0};
  /// Limit for the handshake, schema, configure and stop requests.
  std::chrono::milliseconds start_timeout{std::chrono::seconds(30)};
  /// Variables added to the plugin's environment (on top of mesh's own).
  std::vector<std::pair<std::string, std::string>> environment;
};

/// Options from the environment (`MESH_PLUGIN_TIMEOUT`).
PluginOptions plugin_options_from_environment();

/// Directories searched for `mesh-provider-NAME`, in order: each entry of `MESH_PLUGIN_PATH`
/// (colon-separated), then `CONFIG_DIR/.mesh/plugins`.
std::vector<std::string> plugin_search_path(const std::string& config_dir);
/// The executable for provider `name`, or "" (names are `[a-z0-9_-]+`; others never match).
std::string find_plugin(std::string_view name, const std::vector<std::string>& search_path);

/// Starts the plugin at `path` once, checks the handshake and reads its schema. nullopt with
/// `*error` set ("plugin mesh-provider-kv: …") when it fails.
std::optional<ResolvedProvider> load_plugin(const std::string& name, const std::string& path,
                                            const std::string& config_dir,
                                            const PluginOptions& options, std::string* error);

/// The decoding half of the protocol, apart from the process (for tests and the fuzzer): a
/// `schema` response's `result` → the provider's schema, whether it answers `plan`, and the
/// types whose `can_read` is false; nullopt with `*error` ("WHERE: …") when it is malformed.
struct PluginSchema {
  ProviderSchema schema;
  bool plans = false;
  std::vector<std::string> no_read;
};
std::optional<PluginSchema> parse_plugin_schema(const std::string& name,
                                                const nlohmann::json& result,
                                                const std::string& where, std::string* error);
/// A response's `result` → its `value` with the sensitive and unknown paths it lists marked,
/// and `resource`'s sensitive attributes marked too (null when there is no `value`).
Value decode_plugin_value(const nlohmann::json& result, const ResourceSchema* resource);

/// A registry resolver for plugins in `plugin_search_path(config_dir)`. A plugin that is found
/// but fails to load is reported through `on_error` and not registered.
ProviderResolver plugin_resolver(std::string config_dir, PluginOptions options,
                                 std::function<void(const std::string&)> on_error = {});

/// The compiler's catalog over `registry` that resolves a provider on first lookup of one of
/// its names or types (`kv_entry` → `kv`), so plugins named only by their resources load
/// during compilation. Guards the registry with a mutex; use it only while nothing else reads
/// the registry (the compile phase), then use the registry itself.
class ResolvingCatalog final : public SchemaCatalog {
 public:
  explicit ResolvingCatalog(ProviderRegistry& registry) : registry_(registry) {}
  const ResourceSchema* resource(std::string_view type) const override;
  const ProviderSchema* provider(std::string_view name) const override;
  std::vector<std::string> resource_types() const override;

 private:
  ProviderRegistry& registry_;
  mutable std::mutex mutex_;
  mutable std::vector<std::string> tried_;  ///< provider names already resolved (or not)
};

}  // namespace mesh
