/// `local_directory`: a directory (and its missing parents) on the machine running mesh.
///
/// Decisions (docs/providers.md): a directory that already exists is adopted (mkdir -p
/// semantics); `permission` changes are applied in place with chmod; destroy removes the
/// directory only when empty, unless `force_destroy` is true (then everything below it goes).
/// Parents created along the way are left in place on destroy.

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "providers/attributes.h"
#include "providers/builtin.h"
#include "providers/files.h"

namespace mesh {
namespace {

ResourceSchema local_directory_schema() {
  ResourceSchema s;
  s.type = "local_directory";
  s.description =
      "A directory, created with its parents; removed only when empty unless "
      "force_destroy is set.";
  s.attributes = {
      schema_attribute("path", Type::string(), AttributeMode::Required, kForceNew,
                       "Where the directory is; relative paths start at the configuration "
                       "directory."),
      schema_attribute("permission", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Octal mode, applied exactly (umask ignored), also to created parents.",
                       Value::string("0755")),
      schema_attribute("force_destroy", Type::boolean(), AttributeMode::Optional, kNoFlags,
                       "Destroy removes the directory's contents too.", Value::boolean(false)),
      schema_attribute("id", Type::string(), AttributeMode::Computed, kNoFlags,
                       "Absolute path of the directory."),
  };
  s.sort();
  return s;
}

class LocalDirectory final : public ResourceType {
 public:
  explicit LocalDirectory(ProviderEnvironment environment) : environment_(std::move(environment)) {}

  const ResourceSchema& schema() const override {
    static const ResourceSchema schema = local_directory_schema();
    return schema;
  }

  std::vector<std::string> validate(const Value& config) const override {
    std::vector<std::string> errors;
    const Value& permission = attribute(config, "permission");
    if (permission.is_string() && !parse_permission(permission.as_string()))
      errors.push_back("permission: \"" + permission.as_string() +
                       "\" is not an octal mode such as \"0755\"");
    const Value& path = attribute(config, "path");
    if (path.is_string() && path.as_string().empty()) errors.push_back("path: must not be empty");
    return errors;
  }

  PlannedState plan(const Value& prior, const Value& config) const override {
    PlannedState planned = plan_from_schema(schema(), prior, config);
    const Value& path = attribute(planned.value, "path");
    if (planned.error.empty() && path.is_string())
      planned.value =
          with_attributes(planned.value, {{"id", Value::string(resolve(path.as_string()))}});
    return planned;
  }

  ProviderResult create(const Value& planned, const OperationContext&) override {
    return apply(planned);
  }

  ReadResult read(const Value& state, const OperationContext&) override {
    ReadResult result;
    std::string path = resolve(string_attribute(state, "path"));
    struct stat info;
    if (stat(path.c_str(), &info) != 0) {
      if (errno != ENOENT && errno != ENOTDIR) result.error = errno_message("stat", path);
      return result;
    }
    if (!S_ISDIR(info.st_mode)) return result;  // replaced by a file: gone as a directory
    mode_t actual = info.st_mode & 07777;
    result.value = state;
    if (permission(state) != actual)
      result.value =
          with_attributes(state, {{"permission", Value::string(format_permission(actual))}});
    return result;
  }

  ProviderResult update(const Value&, const Value& planned, const OperationContext&) override {
    return apply(planned);
  }

  std::string destroy(const Value& state, const OperationContext&) override {
    std::string path = resolve(string_attribute(state, "path"));
    const Value& force = attribute(state, "force_destroy");
    if (force.is_bool() && force.as_bool()) return remove_tree(path);
    if (rmdir(path.c_str()) == 0 || errno == ENOENT) return "";
    if (errno == ENOTEMPTY || errno == EEXIST)
      return "directory " + path +
             " is not empty (set force_destroy = true to remove its contents)";
    return errno_message("remove", path);
  }

  ProviderResult import(const std::string& id, const OperationContext&) override {
    std::string path = resolve(id);
    struct stat info;
    if (stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
      return ProviderResult::failure(path + ": no such directory");
    return ProviderResult::success(Value::object({
        {"force_destroy", Value::boolean(false)},
        {"id", Value::string(path)},
        {"path", Value::string(id)},
        {"permission", Value::string(format_permission(info.st_mode & 07777))},
    }));
  }

 private:
  std::string resolve(const std::string& path) const {
    return absolute_path(environment_.base_dir, path);
  }

  static mode_t permission(const Value& object) {
    const Value& v = attribute(object, "permission");
    return v.is_string() ? parse_permission(v.as_string()).value_or(0755) : 0755;
  }

  ProviderResult apply(const Value& planned) const {
    std::string path = resolve(string_attribute(planned, "path"));
    mode_t mode = permission(planned);
    std::string error = make_directories(path, mode);
    if (error.empty() && chmod(path.c_str(), mode) != 0) error = errno_message("chmod", path);
    if (!error.empty()) return ProviderResult::failure(error);
    return ProviderResult::success(with_attributes(planned, {{"id", Value::string(path)}}));
  }

  ProviderEnvironment environment_;
};

}  // namespace

std::unique_ptr<ResourceType> make_local_directory(const ProviderEnvironment& environment) {
  return std::make_unique<LocalDirectory>(environment);
}

}  // namespace mesh
