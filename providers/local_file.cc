/// `local_file`: a file on the machine running mesh, written atomically.
///
/// Decisions (docs/providers.md): only `path` forces replacement; a change of content, source or
/// permissions rewrites the file in place (same path, atomic rename), because a replacement
/// under create_before_destroy would delete the file it just wrote. `id` is the absolute path.
/// `sha256` is known at plan time whenever the bytes are (content, or a source file that
/// already exists), so a hand edit of the file shows as an update.

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "core/sha256.h"
#include "providers/attributes.h"
#include "providers/builtin.h"
#include "providers/files.h"

namespace mesh {
namespace {

ResourceSchema local_file_schema() {
  ResourceSchema s;
  s.type = "local_file";
  s.description = "A file written atomically; drift (edited or removed by hand) is detected.";
  s.attributes = {
      schema_attribute("path", Type::string(), AttributeMode::Required, kForceNew,
                       "Where the file is; relative paths start at the configuration "
                       "directory."),
      schema_attribute("content", Type::string(), AttributeMode::Optional, kNoFlags,
                       "The file's text (exactly one of content, sensitive_content, source)."),
      schema_attribute("sensitive_content", Type::string(), AttributeMode::Optional, kSensitive,
                       "Like content, but redacted in every output."),
      schema_attribute("source", Type::string(), AttributeMode::Optional, kNoFlags,
                       "A file to copy (relative to the configuration directory)."),
      schema_attribute("file_permission", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Octal mode of the file, applied exactly (umask ignored).",
                       Value::string("0644")),
      schema_attribute("directory_permission", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Octal mode of parent directories mesh creates.", Value::string("0755")),
      schema_attribute("sha256", Type::string(), AttributeMode::Computed, kNoFlags,
                       "Lowercase hex SHA-256 of the file's bytes."),
      schema_attribute("id", Type::string(), AttributeMode::Computed, kNoFlags,
                       "Absolute path of the file."),
  };
  s.sort();
  return s;
}

mode_t permission_or(const Value& object, std::string_view name, mode_t fallback) {
  const Value& v = attribute(object, name);
  if (!v.is_string()) return fallback;
  return parse_permission(v.as_string()).value_or(fallback);
}

class LocalFile final : public ResourceType {
 public:
  explicit LocalFile(ProviderEnvironment environment) : environment_(std::move(environment)) {}

  const ResourceSchema& schema() const override {
    static const ResourceSchema schema = local_file_schema();
    return schema;
  }

  std::vector<std::string> validate(const Value& config) const override {
    std::vector<std::string> errors;
    int sources = 0;
    for (const char* name : {"content", "sensitive_content", "source"})
      if (!attribute(config, name).is_null()) ++sources;
    if (sources != 1)
      errors.push_back("exactly one of content, sensitive_content or source must be set");
    for (const char* name : {"file_permission", "directory_permission"}) {
      const Value& v = attribute(config, name);
      if (v.is_string() && !parse_permission(v.as_string()))
        errors.push_back(std::string(name) + ": \"" + v.as_string() +
                         "\" is not an octal mode such as \"0644\"");
    }
    const Value& path = attribute(config, "path");
    if (path.is_string() && path.as_string().empty()) errors.push_back("path: must not be empty");
    return errors;
  }

  PlannedState plan(const Value& prior, const Value& config) const override {
    PlannedState planned = plan_from_schema(schema(), prior, config);
    if (!planned.error.empty()) return planned;
    const Value& path = attribute(planned.value, "path");
    Value id = path.is_string() ? Value::string(resolve(path.as_string()))
                                : Value::unknown(Type::string());
    planned.value = with_attributes(
        planned.value, {{"id", std::move(id)}, {"sha256", planned_sha256(planned.value)}});
    return planned;
  }

  ProviderResult create(const Value& planned, const OperationContext&) override {
    return write(planned);
  }

  ReadResult read(const Value& state, const OperationContext&) override {
    ReadResult result;
    std::string path = resolve(string_attribute(state, "path"));
    std::string error;
    std::optional<std::string> bytes = read_file(path, &error);
    if (!bytes) {
      result.error = error;  // empty: the file is gone
      return result;
    }
    struct stat info;
    if (stat(path.c_str(), &info) != 0) {
      if (errno != ENOENT) result.error = errno_message("stat", path);
      return result;
    }
    std::vector<std::pair<std::string, Value>> changes;
    changes.emplace_back("sha256", Value::string(sha256_hex(*bytes)));
    // Put the bytes where the configuration had them, so the plan shows the drift as a change
    // of that attribute (binary bytes cannot live in JSON state: the sha256 alone shows it).
    if (is_valid_utf8(*bytes)) {
      if (attribute(state, "content").is_string())
        changes.emplace_back("content", Value::string(*bytes));
      else if (attribute(state, "sensitive_content").is_string())
        changes.emplace_back("sensitive_content", Value::string(*bytes).mark_sensitive());
    }
    mode_t actual = info.st_mode & 07777;
    if (permission_or(state, "file_permission", 0644) != actual)
      changes.emplace_back("file_permission", Value::string(format_permission(actual)));
    result.value = with_attributes(state, std::move(changes));
    return result;
  }

  ProviderResult update(const Value&, const Value& planned, const OperationContext&) override {
    return write(planned);
  }

  std::string destroy(const Value& state, const OperationContext&) override {
    std::string path = resolve(string_attribute(state, "path"));
    if (unlink(path.c_str()) != 0 && errno != ENOENT) return errno_message("remove", path);
    return "";
  }

  /// The id is the file's path (relative to the configuration directory, or absolute); the
  /// file's text becomes `content`.
  ProviderResult import(const std::string& id, const OperationContext&) override {
    std::string path = resolve(id);
    std::string error;
    std::optional<std::string> bytes = read_file(path, &error);
    if (!bytes) return ProviderResult::failure(error.empty() ? path + ": no such file" : error);
    if (!is_valid_utf8(*bytes))
      return ProviderResult::failure(path + ": not UTF-8 text; cannot import as content");
    struct stat info;
    if (stat(path.c_str(), &info) != 0) return ProviderResult::failure(errno_message("stat", path));
    return ProviderResult::success(Value::object({
        {"content", Value::string(*bytes)},
        {"directory_permission", Value::string("0755")},
        {"file_permission", Value::string(format_permission(info.st_mode & 07777))},
        {"id", Value::string(path)},
        {"path", Value::string(id)},
        {"sensitive_content", Value()},
        {"sha256", Value::string(sha256_hex(*bytes))},
        {"source", Value()},
    }));
  }

 private:
  std::string resolve(const std::string& path) const {
    return absolute_path(environment_.base_dir, path);
  }

  /// The hash when the bytes are known now: from content, or from a source file that exists.
  Value planned_sha256(const Value& planned) const {
    for (const char* name : {"content", "sensitive_content"}) {
      const Value& v = attribute(planned, name);
      if (v.is_string()) return Value::string(sha256_hex(v.as_string()));
      if (v.is_unknown()) return Value::unknown(Type::string());
    }
    const Value& source = attribute(planned, "source");
    if (source.is_string()) {
      std::string error;
      if (std::optional<std::string> bytes = read_file(resolve(source.as_string()), &error))
        return Value::string(sha256_hex(*bytes));
    }
    return Value::unknown(Type::string());
  }

  ProviderResult write(const Value& planned) const {
    std::string path = resolve(string_attribute(planned, "path"));
    std::string bytes;
    if (const Value& source = attribute(planned, "source"); source.is_string()) {
      std::string error;
      std::optional<std::string> read = read_file(resolve(source.as_string()), &error);
      if (!read)
        return ProviderResult::failure(
            error.empty() ? "source " + source.as_string() + ": no such file" : error);
      bytes = std::move(*read);
    } else if (const Value& sensitive = attribute(planned, "sensitive_content");
               sensitive.is_string()) {
      bytes = sensitive.as_string();
    } else {
      bytes = string_attribute(planned, "content");
    }
    size_t slash = path.find_last_of('/');
    if (slash > 0) {
      std::string error = make_directories(path.substr(0, slash),
                                           permission_or(planned, "directory_permission", 0755));
      if (!error.empty()) return ProviderResult::failure(error);
    }
    std::string error =
        write_file_atomic(path, bytes, permission_or(planned, "file_permission", 0644));
    if (!error.empty()) return ProviderResult::failure(error);
    return ProviderResult::success(with_attributes(
        planned, {{"id", Value::string(path)}, {"sha256", Value::string(sha256_hex(bytes))}}));
  }

  ProviderEnvironment environment_;
};

}  // namespace

std::unique_ptr<ResourceType> make_local_file(const ProviderEnvironment& environment) {
  return std::make_unique<LocalFile>(environment);
}

}  // namespace mesh
