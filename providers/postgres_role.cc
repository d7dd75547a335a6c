/// `postgres_role`: a role (user or group) with its login, inherit flag, password and
/// memberships. The password cannot be read back (only its hash is stored), so read keeps the
/// configured one; everything else is refreshed from pg_roles and pg_auth_members.

#include <algorithm>

#include "providers/attributes.h"
#include "providers/postgres.h"

namespace mesh {
namespace {

ResourceSchema role_schema() {
  ResourceSchema s;
  s.type = "postgres_role";
  s.description = "A role: a user when `login` is true, a group otherwise.";
  s.attributes = {
      schema_attribute("name", Type::string(), AttributeMode::Required, kForceNew,
                       "Role name; a change replaces the role."),
      schema_attribute("login", Type::boolean(), AttributeMode::Optional, kNoFlags,
                       "Whether the role may log in.", Value::boolean(false)),
      schema_attribute("password", Type::string(), AttributeMode::Optional, kSensitive,
                       "Login password (stored hashed by the server; null removes it)."),
      schema_attribute("inherit", Type::boolean(), AttributeMode::Optional, kNoFlags,
                       "Whether the role uses the privileges of the roles it is a member of.",
                       Value::boolean(true)),
      schema_attribute("member_of", Type::set(Type::string()), AttributeMode::Optional, kNoFlags,
                       "Roles this role is granted (a group membership each)."),
      schema_attribute("id", Type::string(), AttributeMode::Computed, kNoFlags, "The role name."),
  };
  s.sort();
  return s;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

class PostgresRole final : public ResourceType {
 public:
  explicit PostgresRole(PostgresClientPtr client) : client_(std::move(client)) {}

  const ResourceSchema& schema() const override {
    static const ResourceSchema schema = role_schema();
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
    std::string sql = "CREATE ROLE " + s->ident(name) + options(*s, planned, true) + ";";
    for (const std::string& group : sorted(string_items(attribute(planned, "member_of"))))
      sql += "GRANT " + s->ident(group) + " TO " + s->ident(name) + ";";
    error = s->exec(sql);
    if (!error.empty()) return ProviderResult::failure("create role " + name + ": " + error);
    return ProviderResult::success(with_attributes(planned, {{"id", Value::string(name)}}));
  }

  ReadResult read(const Value& state, const OperationContext& context) override {
    ReadResult result;
    auto s = client_->session(context, &result.error);
    if (!s) return result;
    std::optional<Value> found = fetch(*s, string_attribute(state, "name"), state, &result.error);
    if (found) result.value = std::move(*found);
    return result;
  }

  ProviderResult update(const Value& prior, const Value& planned,
                        const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    const std::string name = string_attribute(planned, "name");
    std::string sql = "ALTER ROLE " + s->ident(name) + options(*s, planned, false) + ";";
    std::vector<std::string> had = sorted(string_items(attribute(prior, "member_of")));
    std::vector<std::string> want = sorted(string_items(attribute(planned, "member_of")));
    for (const std::string& g : want)
      if (!std::binary_search(had.begin(), had.end(), g))
        sql += "GRANT " + s->ident(g) + " TO " + s->ident(name) + ";";
    for (const std::string& g : had)
      if (!std::binary_search(want.begin(), want.end(), g))
        sql += "REVOKE " + s->ident(g) + " FROM " + s->ident(name) + ";";
    error = s->exec(sql);
    if (!error.empty()) return ProviderResult::failure("update role " + name + ": " + error);
    return ProviderResult::success(with_attributes(planned, {{"id", Value::string(name)}}));
  }

  std::string destroy(const Value& state, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return error;
    const std::string name = string_attribute(state, "name");
    error = s->exec("DROP ROLE IF EXISTS " + s->ident(name));
    return error.empty() ? "" : "drop role " + name + ": " + error;
  }

  ProviderResult import(const std::string& id, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    std::optional<Value> found = fetch(*s, id, Value(), &error);
    if (!error.empty()) return ProviderResult::failure(error);
    if (!found) return ProviderResult::failure("role " + id + " does not exist");
    return ProviderResult::success(*found);
  }

 private:
  /// ` WITH LOGIN INHERIT PASSWORD '…'`; the password is registered as a secret.
  static std::string options(PgSession& s, const Value& planned, bool creating) {
    std::string sql = " WITH";
    sql += bool_attribute(planned, "login", false) ? " LOGIN" : " NOLOGIN";
    sql += bool_attribute(planned, "inherit", true) ? " INHERIT" : " NOINHERIT";
    const Value& password = attribute(planned, "password");
    if (password.is_string()) {
      s.add_secret(password.as_string());
      std::string quoted = s.literal(password.as_string());
      s.add_secret(quoted);
      sql += " PASSWORD " + quoted;
    } else if (!creating) {
      sql += " PASSWORD NULL";
    }
    return sql;
  }

  /// The role as it is now, keeping `state`'s password and unchanged member_of; nullopt when
  /// it does not exist (or on error, with `*error` set).
  static std::optional<Value> fetch(PgSession& s, const std::string& name, const Value& state,
                                    std::string* error) {
    std::optional<PgRows> rows =
        s.query("SELECT rolcanlogin, rolinherit FROM pg_roles WHERE rolname = $1", {name}, error);
    if (!rows || rows->empty()) return std::nullopt;
    std::optional<PgRows> groups = s.query(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = $1 ORDER BY 1",
        {name}, error);
    if (!groups) return std::nullopt;
    std::vector<std::string> member_of;
    for (const PgRow& row : *groups) member_of.push_back(row[0].value_or(""));
    const Value& configured = attribute(state, "member_of");
    Value members =
        configured.is_null() && member_of.empty() ? Value() : keep_or_set(configured, member_of);
    return Value::object({
        {"id", Value::string(name)},
        {"inherit", Value::boolean((*rows)[0][1].value_or("") == "t")},
        {"login", Value::boolean((*rows)[0][0].value_or("") == "t")},
        {"member_of", std::move(members)},
        {"name", Value::string(name)},
        {"password", attribute(state, "password")},
    });
  }

  PostgresClientPtr client_;
};

}  // namespace

std::unique_ptr<ResourceType> make_postgres_role(PostgresClientPtr client) {
  return std::make_unique<PostgresRole>(std::move(client));
}

}  // namespace mesh
