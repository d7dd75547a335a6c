/// `postgres_extension`: an extension installed in the provider's database.

#include "providers/attributes.h"
#include "providers/postgres.h"

namespace mesh {
namespace {

ResourceSchema extension_schema() {
  ResourceSchema s;
  s.type = "postgres_extension";
  s.description = "An extension (CREATE EXTENSION) in the provider's database.";
  s.attributes = {
      schema_attribute("name", Type::string(), AttributeMode::Required, kForceNew,
                       "Extension name, e.g. pgcrypto."),
      schema_attribute("schema", Type::string(), AttributeMode::OptionalComputed, kForceNew,
                       "Schema for its objects (default: the first of the search path)."),
      schema_attribute("version", Type::string(), AttributeMode::Computed, kNoFlags,
                       "Installed version."),
      schema_attribute("id", Type::string(), AttributeMode::Computed, kNoFlags,
                       "The extension name."),
  };
  s.sort();
  return s;
}

class PostgresExtension final : public ResourceType {
 public:
  explicit PostgresExtension(PostgresClientPtr client) : client_(std::move(client)) {}

  const ResourceSchema& schema() const override {
    static const ResourceSchema schema = extension_schema();
    return schema;
  }

  ProviderResult create(const Value& planned, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    const std::string name = string_attribute(planned, "name");
    std::string sql = "CREATE EXTENSION " + s->ident(name);
    const Value& schema = attribute(planned, "schema");
    if (schema.is_string()) sql += " SCHEMA " + s->ident(schema.as_string());
    error = s->exec(sql);
    if (!error.empty()) return ProviderResult::failure("create extension " + name + ": " + error);
    std::optional<Value> found = fetch(*s, name, &error);
    if (!found) return ProviderResult::failure("extension " + name + ": " + error);
    return ProviderResult::success(*found);
  }

  ReadResult read(const Value& state, const OperationContext& context) override {
    ReadResult result;
    auto s = client_->session(context, &result.error);
    if (!s) return result;
    result.value = fetch(*s, string_attribute(state, "name"), &result.error);
    return result;
  }

  /// Nothing is updatable in place (every settable attribute forces replacement).
  ProviderResult update(const Value&, const Value& planned, const OperationContext&) override {
    return ProviderResult::success(planned);
  }

  std::string destroy(const Value& state, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return error;
    const std::string name = string_attribute(state, "name");
    error = s->exec("DROP EXTENSION IF EXISTS " + s->ident(name));
    return error.empty() ? "" : "drop extension " + name + ": " + error;
  }

  ProviderResult import(const std::string& id, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    std::optional<Value> found = fetch(*s, id, &error);
    if (!found)
      return ProviderResult::failure(error.empty() ? "extension " + id + " is not installed"
                                                   : error);
    return ProviderResult::success(*found);
  }

 private:
  static std::optional<Value> fetch(PgSession& s, const std::string& name, std::string* error) {
    std::optional<PgRows> rows = s.query(
        "SELECT n.nspname, e.extversion FROM pg_extension e JOIN pg_namespace n ON "
        "n.oid = e.extnamespace WHERE e.extname = $1",
        {name}, error);
    if (!rows || rows->empty()) return std::nullopt;
    return Value::object({{"id", Value::string(name)},
                          {"name", Value::string(name)},
                          {"schema", Value::string((*rows)[0][0].value_or(""))},
                          {"version", Value::string((*rows)[0][1].value_or(""))}});
  }

  PostgresClientPtr client_;
};

}  // namespace

std::unique_ptr<ResourceType> make_postgres_extension(PostgresClientPtr client) {
  return std::make_unique<PostgresExtension>(std::move(client));
}

}  // namespace mesh
