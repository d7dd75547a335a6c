/// `postgres_grant`: privileges of one role on a schema, a table, or all tables in a schema
/// (optionally also on tables created later, through default privileges). Read compares the
/// catalog ACLs (aclexplode) with the granted set, so a privilege revoked by hand is an update.

#include <algorithm>
#include <cctype>
#include <chrono>
#include <thread>

#include "providers/attributes.h"
#include "providers/postgres.h"

namespace mesh {
namespace {

/// Runs GRANT/REVOKE statements. Grants of different roles on one object race on its ACL row
/// (a data product grants its reader, owner and consumers on one schema in parallel), and
/// PostgreSQL fails the loser with "tuple concurrently updated" instead of waiting. The
/// statements form one implicit transaction that rolled back, so running them again is safe.
std::string exec_acl(PgSession& s, const std::string& sql) {
  std::string error;
  for (int attempt = 0; attempt < 8; ++attempt) {
    error = s.exec(sql);
    if (error.find("tuple concurrently updated") == std::string::npos) return error;
    std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
  }
  return error;
}

const std::vector<std::string> kSchemaPrivileges = {"CREATE", "USAGE"};
const std::vector<std::string> kTablePrivileges = {"DELETE",  "INSERT",   "REFERENCES", "SELECT",
                                                   "TRIGGER", "TRUNCATE", "UPDATE"};

ResourceSchema grant_schema() {
  ResourceSchema s;
  s.type = "postgres_grant";
  s.description = "Privileges of a role on a schema, a table or all tables of a schema.";
  s.attributes = {
      schema_attribute("role", Type::string(), AttributeMode::Required, kForceNew,
                       "Grantee role (`public` for everyone)."),
      schema_attribute("object_type", Type::string(), AttributeMode::Required, kForceNew,
                       "`schema`, `table` or `all_tables_in_schema`."),
      schema_attribute("schema", Type::string(), AttributeMode::Required, kForceNew,
                       "The schema (of the table)."),
      schema_attribute("table", Type::string(), AttributeMode::Optional, kForceNew,
                       "The table, for object_type `table`."),
      schema_attribute("privileges", Type::set(Type::string()), AttributeMode::Required, kNoFlags,
                       "Privilege keywords (SELECT, INSERT, …, USAGE, CREATE, or ALL); changed "
                       "in place."),
      schema_attribute("default_privileges", Type::boolean(), AttributeMode::Optional, kNoFlags,
                       "For all_tables_in_schema: also grant on tables the connecting user "
                       "creates later (ALTER DEFAULT PRIVILEGES).",
                       Value::boolean(false)),
      schema_attribute("id", Type::string(), AttributeMode::Computed, kNoFlags,
                       "ROLE/OBJECT_TYPE/SCHEMA[/TABLE]; the import id."),
  };
  s.sort();
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

const std::vector<std::string>& allowed(const std::string& object_type) {
  return object_type == "schema" ? kSchemaPrivileges : kTablePrivileges;
}

/// Upper-cased, `ALL` expanded, sorted and unique.
std::vector<std::string> normalized(const Value& privileges, const std::string& object_type) {
  std::vector<std::string> out;
  for (const std::string& p : string_items(privileges)) {
    std::string u = upper(p);
    if (u == "ALL" || u == "ALL PRIVILEGES") {
      const auto& all = allowed(object_type);
      out.insert(out.end(), all.begin(), all.end());
    } else {
      out.push_back(u);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::vector<std::string> intersect(const std::vector<std::string>& a,
                                   const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

struct Target {
  std::string role, object_type, schema, table;
  bool defaults = false;
  static Target of(const Value& v) {
    return {string_attribute(v, "role"), string_attribute(v, "object_type"),
            string_attribute(v, "schema"), string_attribute(v, "table"),
            bool_attribute(v, "default_privileges", false)};
  }
  std::string id() const {
    return role + "/" + object_type + "/" + schema + (table.empty() ? "" : "/" + table);
  }
};

class PostgresGrant final : public ResourceType {
 public:
  explicit PostgresGrant(PostgresClientPtr client) : client_(std::move(client)) {}

  const ResourceSchema& schema() const override {
    static const ResourceSchema schema = grant_schema();
    return schema;
  }

  std::vector<std::string> validate(const Value& config) const override {
    std::vector<std::string> errors;
    const Value& type = attribute(config, "object_type");
    if (!type.is_string()) return errors;
    const std::string& t = type.as_string();
    if (t != "schema" && t != "table" && t != "all_tables_in_schema")
      return {"object_type: \"" + t + "\" is not one of schema, table, all_tables_in_schema"};
    const Value& table = attribute(config, "table");
    if (t == "table" && table.is_null())
      errors.push_back("table: required when object_type is \"table\"");
    if (t != "table" && !table.is_null())
      errors.push_back("table: only allowed when object_type is \"table\"");
    if (bool_attribute(config, "default_privileges", false) && t != "all_tables_in_schema")
      errors.push_back("default_privileges: only for object_type \"all_tables_in_schema\"");
    const Value& privileges = attribute(config, "privileges");
    if (privileges.is_wholly_known()) {
      for (const std::string& p : string_items(privileges)) {
        std::string u = upper(p);
        const auto& ok = allowed(t);
        if (u != "ALL" && u != "ALL PRIVILEGES" && std::find(ok.begin(), ok.end(), u) == ok.end())
          errors.push_back("privileges: \"" + p + "\" is not a " +
                           (t == "schema" ? "schema" : "table") + " privilege (" + joined(ok) +
                           ", ALL)");
      }
      if (privileges.is_sequence() && privileges.size() == 0)
        errors.push_back("privileges: must not be empty");
    }
    return errors;
  }

  ProviderResult create(const Value& planned, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    Target t = Target::of(planned);
    error =
        exec_acl(*s, statements(*s, t, normalized(attribute(planned, "privileges"), t.object_type),
                                "GRANT", "TO"));
    if (!error.empty()) return ProviderResult::failure("grant on " + t.id() + ": " + error);
    return ProviderResult::success(with_attributes(planned, {{"id", Value::string(t.id())}}));
  }

  ReadResult read(const Value& state, const OperationContext& context) override {
    ReadResult result;
    auto s = client_->session(context, &result.error);
    if (!s) return result;
    Target t = Target::of(state);
    std::optional<std::vector<std::string>> actual =
        current(*s, t, normalized(attribute(state, "privileges"), t.object_type), &result.error);
    if (!actual) return result;
    const Value& had = attribute(state, "privileges");
    Value privileges = *actual == normalized(had, t.object_type) ? had : string_set(*actual);
    result.value = with_attributes(state, {{"privileges", std::move(privileges)}});
    return result;
  }

  ProviderResult update(const Value& prior, const Value& planned,
                        const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    Target t = Target::of(planned);
    Target old = Target::of(prior);
    std::vector<std::string> had = normalized(attribute(prior, "privileges"), t.object_type);
    std::string sql;
    if (!had.empty()) sql += statements(*s, old, had, "REVOKE", "FROM");
    sql += statements(*s, t, normalized(attribute(planned, "privileges"), t.object_type), "GRANT",
                      "TO");
    error = exec_acl(*s, sql);
    if (!error.empty()) return ProviderResult::failure("grant on " + t.id() + ": " + error);
    return ProviderResult::success(with_attributes(planned, {{"id", Value::string(t.id())}}));
  }

  std::string destroy(const Value& state, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return error;
    Target t = Target::of(state);
    std::vector<std::string> all = allowed(t.object_type);
    // Nothing to revoke when the role or the object is already gone.
    std::optional<std::vector<std::string>> actual = current(*s, t, all, &error);
    if (!actual) return error;
    error =
        exec_acl(*s, statements(*s, t, normalized(attribute(state, "privileges"), t.object_type),
                                "REVOKE", "FROM"));
    return error.empty() ? "" : "revoke on " + t.id() + ": " + error;
  }

  /// Id `ROLE/OBJECT_TYPE/SCHEMA[/TABLE]`: the privileges the role holds now.
  ProviderResult import(const std::string& id, const OperationContext& context) override {
    std::vector<std::string> parts;
    for (size_t start = 0;;) {
      size_t slash = id.find('/', start);
      parts.push_back(id.substr(start, slash - start));
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    if (parts.size() < 3 || parts.size() > 4 || (parts.size() == 4) != (parts[1] == "table"))
      return ProviderResult::failure("import id \"" + id +
                                     "\" is not ROLE/OBJECT_TYPE/SCHEMA[/TABLE]");
    Target t{parts[0], parts[1], parts[2], parts.size() == 4 ? parts[3] : "", false};
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    std::optional<std::vector<std::string>> actual = current(*s, t, allowed(t.object_type), &error);
    if (!actual) return ProviderResult::failure(error.empty() ? id + " does not exist" : error);
    if (actual->empty()) return ProviderResult::failure(t.role + " holds no privileges on " + id);
    return ProviderResult::success(Value::object({
        {"default_privileges", Value::boolean(false)},
        {"id", Value::string(id)},
        {"object_type", Value::string(t.object_type)},
        {"privileges", string_set(*actual)},
        {"role", Value::string(t.role)},
        {"schema", Value::string(t.schema)},
        {"table", t.table.empty() ? Value() : Value::string(t.table)},
    }));
  }

 private:
  /// `GRANT p ON … TO role;` (or REVOKE … FROM), plus the default privileges statement.
  static std::string statements(PgSession& s, const Target& t,
                                const std::vector<std::string>& privileges, const char* verb,
                                const char* preposition) {
    if (privileges.empty()) return "";
    const std::string grantee = t.role == "public" ? "PUBLIC" : s.ident(t.role);
    std::string on;
    if (t.object_type == "schema")
      on = "SCHEMA " + s.ident(t.schema);
    else if (t.object_type == "table")
      on = "TABLE " + s.qualified(t.schema, t.table);
    else
      on = "ALL TABLES IN SCHEMA " + s.ident(t.schema);
    std::string sql = std::string(verb) + " " + joined(privileges) + " ON " + on + " " +
                      preposition + " " + grantee + ";";
    if (t.object_type == "all_tables_in_schema" && t.defaults)
      sql += "ALTER DEFAULT PRIVILEGES IN SCHEMA " + s.ident(t.schema) + " " + verb + " " +
             joined(privileges) + " ON TABLES " + preposition + " " + grantee + ";";
    return sql;
  }

  /// The privileges (among `wanted`'s universe) the role holds now; nullopt when the role or
  /// the object is gone (or on error, with `*error` set). For all tables in a schema: those
  /// held on every table (and in the default privileges when requested); with no table at all
  /// the table part counts as `expected`.
  static std::optional<std::vector<std::string>> current(PgSession& s, const Target& t,
                                                         const std::vector<std::string>& expected,
                                                         std::string* error) {
    std::optional<PgRows> ids = s.query(
        "SELECT CASE WHEN $1 = 'public' THEN 0::oid ELSE (SELECT oid FROM pg_roles WHERE "
        "rolname = $1) END, (SELECT oid FROM pg_namespace WHERE nspname = $2)",
        {t.role, t.schema}, error);
    if (!ids || (*ids)[0][0] == std::nullopt || (*ids)[0][1] == std::nullopt) return std::nullopt;
    const std::string role = *(*ids)[0][0], schema = *(*ids)[0][1];
    auto privileges_of = [&](const std::string& sql, std::vector<std::string> params)
        -> std::optional<std::vector<std::vector<std::string>>> {
      std::optional<PgRows> rows = s.query(sql, params, error);
      if (!rows) return std::nullopt;
      std::vector<std::vector<std::string>> out;
      for (const PgRow& row : *rows) {
        std::vector<std::string> privileges;
        std::string list = row[0].value_or("");
        for (size_t start = 0; !list.empty();) {
          size_t comma = list.find(',', start);
          privileges.push_back(list.substr(start, comma - start));
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
        std::sort(privileges.begin(), privileges.end());
        out.push_back(std::move(privileges));
      }
      return out;
    };
    const std::string acl =
        "array_to_string(ARRAY(SELECT DISTINCT a.privilege_type FROM aclexplode(%s) a WHERE "
        "a.grantee = $1::oid), ',')";
    auto with_acl = [&](const char* column) {
      std::string sql = acl;
      sql.replace(sql.find("%s"), 2, column);
      return sql;
    };
    std::optional<std::vector<std::vector<std::string>>> found;
    if (t.object_type == "schema") {
      found = privileges_of(
          "SELECT " + with_acl("n.nspacl") + " FROM pg_namespace n WHERE n.oid = $2::oid",
          {role, schema});
      if (!found || found->empty()) return std::nullopt;
      return (*found)[0];
    }
    if (t.object_type == "table") {
      found = privileges_of("SELECT " + with_acl("c.relacl") +
                                " FROM pg_class c WHERE c.relnamespace = $2::oid AND "
                                "c.relname = $3",
                            {role, schema, t.table});
      if (!found || found->empty()) return std::nullopt;
      return (*found)[0];
    }
    found = privileges_of("SELECT " + with_acl("c.relacl") +
                              " FROM pg_class c WHERE c.relnamespace = $2::oid AND c.relkind IN "
                              "('r', 'p', 'v', 'm', 'f')",
                          {role, schema});
    if (!found) return std::nullopt;
    std::vector<std::string> result = expected;
    for (const auto& table : *found) result = intersect(result, table);
    if (t.defaults) {
      std::optional<std::vector<std::vector<std::string>>> defaults = privileges_of(
          "SELECT " + with_acl("d.defaclacl") +
              " FROM pg_default_acl d WHERE d.defaclnamespace = $2::oid AND d.defaclobjtype = 'r' "
              "AND d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)",
          {role, schema});
      if (!defaults) return std::nullopt;
      result = intersect(result, defaults->empty() ? std::vector<std::string>{} : (*defaults)[0]);
    }
    return result;
  }

  PostgresClientPtr client_;
};

}  // namespace

std::unique_ptr<ResourceType> make_postgres_grant(PostgresClientPtr client) {
  return std::make_unique<PostgresGrant>(std::move(client));
}

}  // namespace mesh
