/// `postgres_database`: a database and its owner. CREATE/DROP DATABASE cannot run inside a
/// transaction, so each is sent alone.

#include <strings.h>

#include "providers/attributes.h"
#include "providers/postgres.h"

namespace mesh {
namespace {

ResourceSchema database_schema() {
  ResourceSchema s;
  s.type = "postgres_database";
  s.description = "A database on the server.";
  s.attributes = {
      schema_attribute("name", Type::string(), AttributeMode::Required, kForceNew,
                       "Database name; a change replaces the database."),
      schema_attribute("owner", Type::string(), AttributeMode::OptionalComputed, kNoFlags,
                       "Owning role (default: the connecting user); changed in place."),
      schema_attribute("template", Type::string(), AttributeMode::Optional, kForceNew,
                       "Template database to copy (default: template1)."),
      schema_attribute("encoding", Type::string(), AttributeMode::OptionalComputed, kForceNew,
                       "Character set, e.g. UTF8 (default: the template's)."),
      schema_attribute("id", Type::string(), AttributeMode::Computed, kNoFlags,
                       "The database name."),
  };
  s.sort();
  return s;
}

class PostgresDatabase final : public ResourceType {
 public:
  explicit PostgresDatabase(PostgresClientPtr client) : client_(std::move(client)) {}

  const ResourceSchema& schema() const override {
    static const ResourceSchema schema = database_schema();
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
    std::string sql = "CREATE DATABASE " + s->ident(name);
    const Value& owner = attribute(planned, "owner");
    if (owner.is_string()) sql += " OWNER " + s->ident(owner.as_string());
    const Value& templ = attribute(planned, "template");
    if (templ.is_string()) sql += " TEMPLATE " + s->ident(templ.as_string());
    const Value& encoding = attribute(planned, "encoding");
    if (encoding.is_string()) sql += " ENCODING " + s->literal(encoding.as_string());
    error = s->exec(sql);
    if (!error.empty()) return ProviderResult::failure("create database " + name + ": " + error);
    return finish(*s, name, planned);
  }

  ReadResult read(const Value& state, const OperationContext& context) override {
    ReadResult result;
    auto s = client_->session(context, &result.error);
    if (!s) return result;
    std::optional<PgRow> row = fetch(*s, string_attribute(state, "name"), &result.error);
    if (row) {
      Value encoding = Value::string((*row)[1].value_or(""));
      const Value& had = attribute(state, "encoding");
      if (had.is_string() && strcasecmp(had.as_string().c_str(), encoding.as_string().c_str()) == 0)
        encoding = had;
      result.value = with_attributes(
          state, {{"owner", Value::string((*row)[0].value_or(""))}, {"encoding", encoding}});
    }
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
          s->exec("ALTER DATABASE " + s->ident(name) + " OWNER TO " + s->ident(owner.as_string()));
      if (!error.empty()) return ProviderResult::failure("alter database " + name + ": " + error);
    }
    return finish(*s, name, planned);
  }

  std::string destroy(const Value& state, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return error;
    const std::string name = string_attribute(state, "name");
    error = s->exec("DROP DATABASE IF EXISTS " + s->ident(name));
    return error.empty() ? "" : "drop database " + name + ": " + error;
  }

  ProviderResult import(const std::string& id, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    std::optional<PgRow> row = fetch(*s, id, &error);
    if (!row)
      return ProviderResult::failure(error.empty() ? "database " + id + " does not exist" : error);
    return ProviderResult::success(
        Value::object({{"encoding", Value::string((*row)[1].value_or(""))},
                       {"id", Value::string(id)},
                       {"name", Value::string(id)},
                       {"owner", Value::string((*row)[0].value_or(""))},
                       {"template", Value()}}));
  }

 private:
  /// owner, encoding; nullopt when absent or on error.
  static std::optional<PgRow> fetch(PgSession& s, const std::string& name, std::string* error) {
    std::optional<PgRows> rows = s.query(
        "SELECT pg_get_userbyid(datdba), pg_encoding_to_char(encoding) FROM pg_database "
        "WHERE datname = $1",
        {name}, error);
    if (!rows || rows->empty()) return std::nullopt;
    return (*rows)[0];
  }

  static ProviderResult finish(PgSession& s, const std::string& name, const Value& planned) {
    std::string error;
    std::optional<PgRow> row = fetch(s, name, &error);
    if (!row) return ProviderResult::failure("database " + name + ": " + error);
    // `utf8` and `UTF8` name the same encoding: keep the configured spelling.
    Value encoding = Value::string((*row)[1].value_or(""));
    const Value& configured = attribute(planned, "encoding");
    if (configured.is_string() &&
        strcasecmp(configured.as_string().c_str(), encoding.as_string().c_str()) == 0)
      encoding = configured;
    return ProviderResult::success(
        with_attributes(planned, {{"id", Value::string(name)},
                                  {"owner", Value::string((*row)[0].value_or(""))},
                                  {"encoding", std::move(encoding)}}));
  }

  PostgresClientPtr client_;
};

}  // namespace

std::unique_ptr<ResourceType> make_postgres_database(PostgresClientPtr client) {
  return std::make_unique<PostgresDatabase>(std::move(client));
}

}  // namespace mesh
