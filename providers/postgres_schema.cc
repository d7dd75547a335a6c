/// `postgres_schema`: a schema (namespace) and its owner, refreshed from pg_namespace.

#include "providers/attributes.h"
#include "providers/postgres.h"

namespace mesh {
namespace {

ResourceSchema schema_schema() {
  ResourceSchema s;
  s.type = "postgres_schema";
  s.description = "A schema in the provider's database.";
  s.attributes = {
      schema_attribute("name", Type::string(), AttributeMode::Required, kForceNew,
                       "Schema name; a change replaces the schema."),
      schema_attribute("owner", Type::string(), AttributeMode::OptionalComputed, kNoFlags,
                       "Owning role (default: the connecting user); changed in place."),
      schema_attribute("drop_cascade", Type::boolean(), AttributeMode::Optional, kNoFlags,
                       "Destroy drops the objects inside too (else it fails when not empty).",
                       Value::boolean(false)),
      schema_attribute("id", Type::string(), AttributeMode::Computed, kNoFlags, "The schema name."),
  };
  s.sort();
  return s;
}

class PostgresSchema final : public ResourceType {
 public:
  explicit PostgresSchema(PostgresClientPtr client) : client_(std::move(client)) {}

  const ResourceSchema& schema() const override {
    static const ResourceSchema schema = schema_schema();
    return schema;
  }

  std::vector<std::string> validate(const Value& config) const override {
    const Value& name = attribute(config, "name");
    if (name.is_string() && name.as_string().empty()) return {"name: must not be empty"};
    return {};
  }

  ProviderResult create(const Value& planned, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    const std::string name = string_attribute(planned, "name");
    std::string sql = "CREATE SCHEMA " + s->ident(name);
    const Value& owner = attribute(planned, "owner");
    if (owner.is_string()) sql += " AUTHORIZATION " + s->ident(owner.as_string());
    error = s->exec(sql);
    if (!error.empty()) return ProviderResult::failure("create schema " + name + ": " + error);
    return finish(*s, name, planned);
  }

  ReadResult read(const Value& state, const OperationContext& context) override {
    ReadResult result;
    auto s = client_->session(context, &result.error);
    if (!s) return result;
    std::optional<std::string> owner = owner_of(*s, string_attribute(state, "name"), &result.error);
    if (owner) result.value = with_attributes(state, {{"owner", Value::string(*owner)}});
    return result;
  }

  ProviderResult update(const Value&, const Value& planned,
                        const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    const std::string name = string_attribute(planned, "name");
    const Value& owner = attribute(planned, "owner");
    if (owner.is_string()) {
      error =
          s->exec("ALTER SCHEMA " + s->ident(name) + " OWNER TO " + s->ident(owner.as_string()));
      if (!error.empty()) return ProviderResult::failure("alter schema " + name + ": " + error);
    }
    return finish(*s, name, planned);
  }

  std::string destroy(const Value& state, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return error;
    const std::string name = string_attribute(state, "name");
    error = s->exec("DROP SCHEMA IF EXISTS " + s->ident(name) +
                    (bool_attribute(state, "drop_cascade", false) ? " CASCADE" : " RESTRICT"));
    return error.empty() ? "" : "drop schema " + name + ": " + error;
  }

  ProviderResult import(const std::string& id, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    std::optional<std::string> owner = owner_of(*s, id, &error);
    if (!owner)
      return ProviderResult::failure(error.empty() ? "schema " + id + " does not exist" : error);
    return ProviderResult::success(Value::object({{"drop_cascade", Value::boolean(false)},
                                                  {"id", Value::string(id)},
                                                  {"name", Value::string(id)},
                                                  {"owner", Value::string(*owner)}}));
  }

 private:
  static std::optional<std::string> owner_of(PgSession& s, const std::string& name,
                                             std::string* error) {
    std::optional<PgRows> rows = s.query(
        "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1", {name}, error);
    if (!rows || rows->empty()) return std::nullopt;
    return (*rows)[0][0].value_or("");
  }

  /// The planned value with `id` and the actual owner filled in.
  static ProviderResult finish(PgSession& s, const std::string& name, const Value& planned) {
    std::string error;
    std::optional<std::string> owner = owner_of(s, name, &error);
    if (!owner) return ProviderResult::failure("schema " + name + ": " + error);
    return ProviderResult::success(
        with_attributes(planned, {{"id", Value::string(name)}, {"owner", Value::string(*owner)}}));
  }

  PostgresClientPtr client_;
};

}  // namespace

std::unique_ptr<ResourceType> make_postgres_schema(PostgresClientPtr client) {
  return std::make_unique<PostgresSchema>(std::move(client));
}

}  // namespace mesh
