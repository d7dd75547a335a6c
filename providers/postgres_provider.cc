/// `postgres`: the provider object and its configuration (host, port, user, password,
/// database, sslmode; unset ones fall back to libpq's PG* environment variables).

#include "core/number.h"
#include "providers/attributes.h"
#include "providers/postgres.h"

namespace mesh {
namespace {

std::vector<AttributeSchema> postgres_config_schema() {
  std::vector<AttributeSchema> c = {
      schema_attribute("host", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Server host name, IP or socket directory (default: $PGHOST)."),
      schema_attribute("port", Type::number(), AttributeMode::Optional, kNoFlags,
                       "Server port (default: $PGPORT, else 5432)."),
      schema_attribute("user", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Role to connect as (default: $PGUSER, else the OS user)."),
      schema_attribute("password", Type::string(), AttributeMode::Optional, kSensitive,
                       "Password (default: $PGPASSWORD or ~/.pgpass)."),
      schema_attribute("database", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Database to connect to (default: $PGDATABASE, else the user name)."),
      schema_attribute("sslmode", Type::string(), AttributeMode::Optional, kNoFlags,
                       "disable, allow, prefer, require, verify-ca or verify-full (default: "
                       "$PGSSLMODE, else prefer)."),
      schema_attribute("connect_timeout", Type::number(), AttributeMode::Optional, kNoFlags,
                       "Seconds to wait for a connection (default 10)."),
      schema_attribute("max_connections", Type::number(), AttributeMode::Optional, kNoFlags,
                       "Connections mesh opens at most, shared by parallel operations "
                       "(default 10)."),
  };
  return c;
}

std::optional<int64_t> integer_of(const Value& v) {
  if (!v.is_number()) return std::nullopt;
  return v.as_number().to_int64();
}

class PostgresProvider final : public BuiltinProvider {
 public:
  PostgresProvider(PostgresClientPtr client, std::vector<std::unique_ptr<ResourceType>> types)
      : BuiltinProvider("postgres", std::move(types)), client_(std::move(client)) {
    schema_ = BuiltinProvider::schema();
    schema_.config = postgres_config_schema();
  }

  const ProviderSchema& schema() const override { return schema_; }

  std::string configure(const Value& config) override {
    if (!config.is_null() && !config.is_object())
      return "provider \"postgres\": configuration must be an object";
    PostgresSettings settings;
    for (const auto& [name, value] : config.entries()) {
      if (value.is_null()) continue;
      if (!value.is_known()) return "provider \"postgres\": " + name + " is not known";
      if (name == "port" || name == "connect_timeout" || name == "max_connections") {
        std::optional<int64_t> n = integer_of(value);
        if (!n || *n <= 0 || (name == "port" && *n > 65535))
          return "provider \"postgres\": " + name + " must be a positive integer";
        if (name == "max_connections")
          settings.max_connections = size_t(*n);
        else
          settings.params.emplace_back(name, std::to_string(*n));
        continue;
      }
      if (!value.is_string()) return "provider \"postgres\": " + name + " must be a string";
      const std::string& text = value.as_string();
      if (name == "password") {
        settings.password = text;
      } else if (name == "host" || name == "user" || name == "sslmode") {
        if (name == "sslmode" && text != "disable" && text != "allow" && text != "prefer" &&
            text != "require" && text != "verify-ca" && text != "verify-full")
          return "provider \"postgres\": sslmode \"" + text +
                 "\" is not one of disable, allow, prefer, require, verify-ca, verify-full";
        settings.params.emplace_back(name, text);
      } else if (name == "database") {
        settings.params.emplace_back("dbname", text);
      } else {
        return "provider \"postgres\" has no configuration attribute \"" + name + "\"";
      }
    }
    if (!attribute(config, "connect_timeout").is_number())
      settings.params.emplace_back("connect_timeout", "10");
    settings.params.emplace_back("application_name", "mesh");
    client_->configure(std::move(settings));
    return "";
  }

 private:
  PostgresClientPtr client_;
  ProviderSchema schema_;
};

}  // namespace

std::unique_ptr<Provider> make_postgres_provider(const ProviderEnvironment&) {
  auto client = std::make_shared<PostgresClient>();
  std::vector<std::unique_ptr<ResourceType>> types;
  types.push_back(make_postgres_database(client));
  types.push_back(make_postgres_extension(client));
  types.push_back(make_postgres_grant(client));
  types.push_back(make_postgres_role(client));
  types.push_back(make_postgres_schema(client));
  types.push_back(make_postgres_table(client));
  return std::make_unique<PostgresProvider>(client, std::move(types));
}

}  // namespace mesh
