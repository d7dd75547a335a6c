/// A Provider backed by a plugin process: schema from the plugin's `schema` response, every
/// operation one request (docs/provider-protocol.md). Values go as value_json with the paths
/// of sensitive and unknown parts alongside; every sensitive string sent is redacted from the
/// plugin's stderr and errors.

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "core/duration.h"
#include "core/value_json.h"
#include "providers/attributes.h"
#include "providers/plugin_host.h"

namespace mesh {
namespace {

struct PluginSpec {
  std::string name, path, config_dir;
  PluginOptions options;
  ProviderSchema schema;
  bool plans = false;                ///< the plugin answers `plan`
  std::vector<std::string> no_read;  ///< types whose `can_read` is false
};

void collect_secrets(const Value& v, bool inherited, std::vector<std::string>& out) {
  const bool secret = inherited || v.is_sensitive();
  if (!secret && !v.contains_sensitive()) return;
  if (v.is_string() && secret) {
    if (!v.as_string().empty()) out.push_back(v.as_string());
  } else if (v.is_sequence()) {
    for (const Value& item : v.items()) collect_secrets(item, secret, out);
  } else if (v.is_object()) {
    for (const auto& [key, item] : v.entries()) collect_secrets(item, secret, out);
  }
}

/// `params[key]` = the value; `params[key + "_sensitive"]` / `_unknown` = paths, when any.
void put_value(nlohmann::json& params, const std::string& key, const Value& v,
               std::vector<std::string>& secrets) {
  std::vector<std::string> sensitive, unknown;
  params[key] = to_json(v, &sensitive, &unknown);
  if (!sensitive.empty()) params[key + "_sensitive"] = sensitive;
  if (!unknown.empty()) params[key + "_unknown"] = unknown;
  collect_secrets(v, false, secrets);
}

std::vector<std::string> string_list(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& item : j)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

class PluginProvider final : public Provider {
 public:
  PluginProvider(std::shared_ptr<const PluginSpec> spec, ProviderEnvironment environment)
      : spec_(std::move(spec)), environment_(std::move(environment)) {}

  const ProviderSchema& schema() const override { return spec_->schema; }

  std::string configure(const Value& config) override {
    std::string error;
    const std::string dir =
        environment_.base_dir.empty() ? spec_->config_dir : environment_.base_dir;
    host_ = PluginHost::start(spec_->name, spec_->path, dir, spec_->options, &error);
    if (!host_) return error;
    nlohmann::json params = nlohmann::json::object(), result;
    std::vector<std::string> secrets;
    put_value(params, "config", config.is_null() ? Value::object({}) : config, secrets);
    host_->add_secrets(secrets);
    if (!host_->call("configure", std::move(params), nullptr, &result, &error,
                     spec_->options.start_timeout))
      return error;
    return "";
  }

  std::vector<std::string> validate(const std::string& type, const Value& config) const override {
    if (!host_) return {};
    nlohmann::json params = {{"type", type}}, result;
    std::vector<std::string> secrets;
    put_value(params, "config", config, secrets);
    host_->add_secrets(secrets);
    std::string error;
    if (!host_->call("validate", std::move(params), nullptr, &result, &error,
                     spec_->options.start_timeout))
      return {error};
    return string_list(result.is_object() ? result.value("errors", nlohmann::json()) : result);
  }

  PlannedState plan(const std::string& type, const Value& prior,
                    const Value& config) const override {
    PlannedState planned = Provider::plan(type, prior, config);
    if (!spec_->plans || !planned.error.empty()) return planned;
    if (!host_) {
      planned.error = plugin_label() + " is not configured";
      return planned;
    }
    nlohmann::json params = {{"type", type}}, result;
    std::vector<std::string> secrets;
    put_value(params, "prior", prior, secrets);
    put_value(params, "config", config, secrets);
    put_value(params, "proposed", planned.value, secrets);
    host_->add_secrets(secrets);
    std::string error;
    if (!host_->call("plan", std::move(params), nullptr, &result, &error,
                     spec_->options.start_timeout)) {
      planned.error = error;
      return planned;
    }
    planned.value = decode_plugin_value(result, schema().find(type));
    if (result.is_object())
      planned.requires_replace = string_list(result.value("requires_replace", nlohmann::json()));
    return planned;
  }

  ProviderResult create(const std::string& type, const Value& planned,
                        const OperationContext& context) override {
    nlohmann::json params = {{"type", type}};
    std::vector<std::string> secrets;
    put_value(params, "planned", planned, secrets);
    return object_call("create", type, std::move(params), secrets, context);
  }

  ReadResult read(const std::string& type, const Value& state,
                  const OperationContext& context) override {
    ReadResult out;
    nlohmann::json params = {{"type", type}}, result;
    std::vector<std::string> secrets;
    put_value(params, "state", state, secrets);
    if (!send("read", std::move(params), secrets, context, &result, &out.error)) return out;
    Value v = decode_plugin_value(result, schema().find(type));
    if (!v.is_null()) out.value = std::move(v);
    return out;
  }

  ProviderResult update(const std::string& type, const Value& prior, const Value& planned,
                        const OperationContext& context) override {
    nlohmann::json params = {{"type", type}};
    std::vector<std::string> secrets;
    put_value(params, "prior", prior, secrets);
    put_value(params, "planned", planned, secrets);
    return object_call("update", type, std::move(params), secrets, context);
  }

  std::string destroy(const std::string& type, const Value& state,
                      const OperationContext& context) override {
    nlohmann::json params = {{"type", type}}, result;
    std::vector<std::string> secrets;
    put_value(params, "state", state, secrets);
    std::string error;
    send("delete", std::move(params), secrets, context, &result, &error);
    return error;
  }

  ProviderResult import(const std::string& type, const std::string& id,
                        const OperationContext& context) override {
    nlohmann::json params = {{"type", type}, {"id", id}};
    return object_call("import", type, std::move(params), {}, context);
  }

  bool can_read(const std::string& type) const override {
    return std::find(spec_->no_read.begin(), spec_->no_read.end(), type) == spec_->no_read.end();
  }

 private:
  std::string plugin_label() const { return "plugin mesh-provider-" + spec_->name; }

  bool send(const std::string& method, nlohmann::json params,
            const std::vector<std::string>& secrets, const OperationContext& context,
            nlohmann::json* result, std::string* error) const {
    if (!host_) {
      *error = plugin_label() + " is not configured";
      return false;
    }
    host_->add_secrets(secrets);
    return host_->call(method, std::move(params), &context, result, error);
  }

  /// A request whose result must be an object value (create, update, import).
  ProviderResult object_call(const std::string& method, const std::string& type,
                             nlohmann::json params, const std::vector<std::string>& secrets,
                             const OperationContext& context) {
    nlohmann::json result;
    std::string error;
    if (!send(method, std::move(params), secrets, context, &result, &error))
      return ProviderResult::failure(error);
    Value v = decode_plugin_value(result, schema().find(type));
    if (!v.is_object())
      return ProviderResult::failure(plugin_label() + ": " + method +
                                     " returned no object in `value`");
    return ProviderResult::success(std::move(v));
  }

  std::shared_ptr<const PluginSpec> spec_;
  ProviderEnvironment environment_;
  std::unique_ptr<PluginHost> host_;
};

std::optional<AttributeMode> mode_named(const std::string& mode) {
  if (mode == "required") return AttributeMode::Required;
  if (mode == "optional") return AttributeMode::Optional;
  if (mode == "computed") return AttributeMode::Computed;
  if (mode == "optional_computed") return AttributeMode::OptionalComputed;
  return std::nullopt;
}

bool parse_attributes(const nlohmann::json& list, std::vector<AttributeSchema>* out,
                      const std::string& where, std::string* error) {
  if (list.is_null()) return true;
  if (!list.is_array()) {
    *error = where + ": attributes must be an array";
    return false;
  }
  for (const nlohmann::json& a : list) {
    if (!a.is_object() || !a.contains("name") || !a["name"].is_string() || !a.contains("type") ||
        !a["type"].is_string()) {
      *error = where + ": every attribute needs a string `name` and `type`";
      return false;
    }
    AttributeSchema attr;
    attr.name = a["name"].get<std::string>();
    std::string type_error;
    std::optional<Type> type = parse_type(a["type"].get<std::string>(), &type_error);
    if (!type) {
      *error = where + ": attribute " + attr.name + ": " + type_error;
      return false;
    }
    attr.type = *type;
    std::optional<AttributeMode> mode = mode_named(a.value("mode", std::string("optional")));
    if (!mode) {
      *error = where + ": attribute " + attr.name +
               ": mode must be required, optional, computed or optional_computed";
      return false;
    }
    attr.mode = *mode;
    attr.force_new = a.value("force_new", false);
    attr.sensitive = a.value("sensitive", false);
    attr.description = a.value("description", std::string());
    if (a.contains("default")) attr.default_value = from_json(a["default"]);
    out->push_back(std::move(attr));
  }
  return true;
}

std::optional<int64_t> timeout_from(const char* text) {
  if (!text || !*text) return std::nullopt;
  std::string s(text);
  if (s.find_first_not_of("0123456789") == std::string::npos) return std::stoll(s) * 1000;
  return parse_duration(s);
}

}  // namespace

PluginOptions plugin_options_from_environment() {
  PluginOptions options;
  if (std::optional<int64_t> ms = timeout_from(std::getenv("MESH_PLUGIN_TIMEOUT")); ms && *ms > 0)
    options.timeout = std::chrono::milliseconds(*ms);
  return options;
}

std::vector<std::string> plugin_search_path(const std::string& config_dir) {
  std::vector<std::string> dirs;
  if (const char* path = std::getenv("MESH_PLUGIN_PATH")) {
    std::string p(path);
    for (size_t start = 0; start <= p.size();) {
      size_t colon = p.find(':', start);
      if (colon == std::string::npos) colon = p.size();
      if (colon > start) dirs.push_back(absolute_path(config_dir, p.substr(start, colon - start)));
      start = colon + 1;
    }
  }
  dirs.push_back(absolute_path(config_dir, ".mesh/plugins"));
  return dirs;
}

std::string find_plugin(std::string_view name, const std::vector<std::string>& search_path) {
  if (name.empty()) return "";
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return "";
  for (const std::string& dir : search_path) {
    std::string candidate = dir + "/mesh-provider-" + std::string(name);
    struct stat info;
    if (stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        access(candidate.c_str(), X_OK) == 0)
      return candidate;
  }
  return "";
}

std::optional<PluginSchema> parse_plugin_schema(const std::string& name,
                                                const nlohmann::json& result,
                                                const std::string& where, std::string* error) {
  // A field of the wrong type (`"can_read": "yes"`) makes nlohmann::json throw: an error
  // naming the plugin, like every other malformed schema.
  try {
    PluginSchema out;
    out.schema.name = name;
    if (!result.is_object()) {
      *error = where + ": expected an object";
      return std::nullopt;
    }
    if (!parse_attributes(result.value("config", nlohmann::json()), &out.schema.config, where,
                          error))
      return std::nullopt;
    const nlohmann::json resources = result.value("resources", nlohmann::json::array());
    if (!resources.is_array()) {
      *error = where + ": `resources` must be an array";
      return std::nullopt;
    }
    for (const nlohmann::json& r : resources) {
      ResourceSchema resource;
      if (!r.is_object() || !r.contains("type") || !r["type"].is_string()) {
        *error = where + ": every resource needs a string `type`";
        return std::nullopt;
      }
      resource.type = r["type"].get<std::string>();
      if (provider_of_type(resource.type) != name || resource.type.size() <= name.size() + 1) {
        *error =
            where + ": resource type \"" + resource.type + "\" must start with \"" + name + "_\"";
        return std::nullopt;
      }
      resource.description = r.value("description", std::string());
      if (!parse_attributes(r.value("attributes", nlohmann::json()), &resource.attributes,
                            where + ": " + resource.type, error))
        return std::nullopt;
      resource.sort();
      if (!r.value("can_read", true)) out.no_read.push_back(resource.type);
      out.schema.resources.push_back(std::move(resource));
    }
    const nlohmann::json capabilities = result.value("capabilities", nlohmann::json::object());
    out.plans = capabilities.is_object() && capabilities.value("plan", false);
    return out;
  } catch (const nlohmann::json::exception& e) {
    *error = where + ": " + e.what();
    return std::nullopt;
  }
}

/// `result.value` decoded with its marks; schema-sensitive attributes are marked too.
Value decode_plugin_value(const nlohmann::json& result, const ResourceSchema* resource) {
  if (!result.is_object() || !result.contains("value")) return Value();
  Value v = from_json(result["value"], string_list(result.value("sensitive", nlohmann::json())),
                      string_list(result.value("unknown", nlohmann::json())));
  if (!resource || !v.is_object()) return v;
  std::vector<std::pair<std::string, Value>> marked;
  for (const AttributeSchema& a : resource->attributes) {
    const Value& current = attribute(v, a.name);
    if (a.sensitive && !current.is_null() && current.is_known() && !current.is_sensitive())
      marked.emplace_back(a.name, current.mark_sensitive());
  }
  return marked.empty() ? v : with_attributes(v, std::move(marked));
}

std::optional<ResolvedProvider> load_plugin(const std::string& name, const std::string& path,
                                            const std::string& config_dir,
                                            const PluginOptions& options, std::string* error) {
  std::unique_ptr<PluginHost> host =
      PluginHost::start(name, path, absolute_path(config_dir, "."), options, error);
  if (!host) return std::nullopt;
  nlohmann::json result;
  if (!host->call("schema", nlohmann::json::object(), nullptr, &result, error,
                  options.start_timeout))
    return std::nullopt;
  auto spec = std::make_shared<PluginSpec>();
  spec->name = name;
  spec->path = path;
  spec->config_dir = absolute_path(config_dir, ".");
  spec->options = options;
  std::optional<PluginSchema> parsed =
      parse_plugin_schema(name, result, host->label() + " schema", error);
  if (!parsed) return std::nullopt;
  spec->schema = std::move(parsed->schema);
  spec->plans = parsed->plans;
  spec->no_read = std::move(parsed->no_read);
  ResolvedProvider resolved;
  resolved.schema = spec->schema;
  resolved.factory = [spec](const ProviderEnvironment& environment) {
    return std::make_unique<PluginProvider>(spec, environment);
  };
  return resolved;
}

ProviderResolver plugin_resolver(std::string config_dir, PluginOptions options,
                                 std::function<void(const std::string&)> on_error) {
  return
      [config_dir = std::move(config_dir), options = std::move(options),
       on_error = std::move(on_error)](std::string_view name) -> std::optional<ResolvedProvider> {
        std::string path = find_plugin(name, plugin_search_path(config_dir));
        if (path.empty()) return std::nullopt;
        std::string error;
        std::optional<ResolvedProvider> found =
            load_plugin(std::string(name), path, config_dir, options, &error);
        if (!found && on_error) on_error(error);
        return found;
      };
}

const ResourceSchema* ResolvingCatalog::resource(std::string_view type) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (const ResourceSchema* found = registry_.resource(type)) return found;
  std::string name(provider_of_type(type));
  if (std::find(tried_.begin(), tried_.end(), name) != tried_.end()) return nullptr;
  tried_.push_back(name);
  return registry_.resolve(name) ? registry_.resource(type) : nullptr;
}

const ProviderSchema* ResolvingCatalog::provider(std::string_view name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (const ProviderSchema* found = registry_.provider(name)) return found;
  if (std::find(tried_.begin(), tried_.end(), name) != tried_.end()) return nullptr;
  tried_.emplace_back(name);
  return registry_.resolve(name) ? registry_.provider(name) : nullptr;
}

std::vector<std::string> ResolvingCatalog::resource_types() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return registry_.resource_types();
}

}  // namespace mesh
