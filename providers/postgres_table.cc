/// `postgres_table`: a table with its columns and primary key. Added and removed columns,
/// nullability and defaults change in place; a column's type change replaces the table unless
/// the column gives `using` (then ALTER COLUMN … TYPE … USING). Column types and defaults are
/// SQL text (like a migration), so types are checked against a strict pattern; names are
/// always quoted.

#include <algorithm>
#include <cctype>
#include <map>

#include "providers/attributes.h"
#include "providers/postgres.h"

namespace mesh {
namespace {

Type column_type() {
  return Type::object({{"name", Type::string(), false},
                       {"type", Type::string(), false},
                       {"nullable", Type::boolean(), true},
                       {"default", Type::string(), true},
                       {"using", Type::string(), true}});
}

ResourceSchema table_schema() {
  ResourceSchema s;
  s.type = "postgres_table";
  s.description = "A table: columns and primary key.";
  s.attributes = {
      schema_attribute("schema", Type::string(), AttributeMode::Optional, kForceNew,
                       "Schema of the table.", Value::string("public")),
      schema_attribute("name", Type::string(), AttributeMode::Required, kForceNew,
                       "Table name; a change replaces the table."),
      schema_attribute("columns", Type::list(column_type()), AttributeMode::Required, kNoFlags,
                       "Columns in order: name, type (SQL), nullable (default true), default "
                       "(SQL expression), using (SQL expression converting the old value on a "
                       "type change)."),
      schema_attribute("primary_key", Type::list(Type::string()), AttributeMode::Optional,
                       kForceNew, "Primary key column names."),
      schema_attribute("id", Type::string(), AttributeMode::Computed, kNoFlags,
                       "SCHEMA.NAME; the import id."),
  };
  s.sort();
  return s;
}

struct Column {
  std::string name, type;
  bool nullable = true;
  std::optional<std::string> default_expr, using_expr;
};

std::vector<Column> columns_of(const Value& v) {
  std::vector<Column> out;
  for (const Value& c : attribute(v, "columns").items()) {
    Column col;
    col.name = string_attribute(c, "name");
    col.type = string_attribute(c, "type");
    col.nullable = bool_attribute(c, "nullable", true);
    if (attribute(c, "default").is_string()) col.default_expr = string_attribute(c, "default");
    if (attribute(c, "using").is_string()) col.using_expr = string_attribute(c, "using");
    out.push_back(std::move(col));
  }
  return out;
}

/// Column types are SQL; only plain type names are accepted: words, dots, digits in
/// parentheses, array brackets (`numeric(12,2)`, `timestamp with time zone`, `text[]`).
bool valid_type(const std::string& type) {
  if (type.empty() || !std::isalpha(static_cast<unsigned char>(type[0]))) return false;
  int depth = 0;
  for (char c : type) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ' || c == '.') continue;
    if (c == '(') {
      if (++depth > 1) return false;
    } else if (c == ')') {
      if (--depth < 0) return false;
    } else if (c == ',' || c == '[' || c == ']') {
      continue;
    } else {
      return false;
    }
  }
  return depth == 0;
}

/// The catalog's spelling of common type aliases, lower-cased and single-spaced.
std::string canonical_type(const std::string& type) {
  std::string t;
  for (char c : type) {
    if (c == ' ' && (t.empty() || t.back() == ' ' || t.back() == '(' || t.back() == ',')) continue;
    if (c == ' ') {
      t += ' ';
      continue;
    }
    if ((c == ')' || c == ',' || c == '(' || c == '[') && !t.empty() && t.back() == ' ')
      t.pop_back();
    t += char(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!t.empty() && t.back() == ' ') t.pop_back();
  static const std::map<std::string, std::string> aliases = {
      {"int", "integer"},
      {"int4", "integer"},
      {"int8", "bigint"},
      {"int2", "smallint"},
      {"bool", "boolean"},
      {"float8", "double precision"},
      {"float4", "real"},
      {"float", "double precision"},
      {"decimal", "numeric"},
      {"varchar", "character varying"},
      {"char", "character"},
      {"timestamptz", "timestamp with time zone"},
      {"timestamp", "timestamp without time zone"},
      {"timetz", "time with time zone"},
      {"time", "time without time zone"},
      {"serial", "integer"},
      {"bigserial", "bigint"},
  };
  size_t end = t.find_first_of("([");
  std::string base = t.substr(0, end), rest = end == std::string::npos ? "" : t.substr(end);
  if (auto it = aliases.find(base); it != aliases.end()) base = it->second;
  if (base.rfind("decimal(", 0) == 0) base = "numeric" + base.substr(7);
  if (base.rfind("varchar(", 0) == 0) base = "character varying" + base.substr(7);
  // `timestamp(3)` is printed as `timestamp(3) without time zone`; keep it simple: exact match.
  return base + rest;
}

std::string column_sql(PgSession& s, const Column& c) {
  std::string sql = s.ident(c.name) + " " + c.type;
  if (!c.nullable) sql += " NOT NULL";
  if (c.default_expr) sql += " DEFAULT " + *c.default_expr;
  return sql;
}

class PostgresTable final : public ResourceType {
 public:
  explicit PostgresTable(PostgresClientPtr client) : client_(std::move(client)) {}

  const ResourceSchema& schema() const override {
    static const ResourceSchema schema = table_schema();
    return schema;
  }

  std::vector<std::string> validate(const Value& config) const override {
    std::vector<std::string> errors;
    const Value& columns = attribute(config, "columns");
    if (!columns.is_wholly_known()) return errors;
    if (columns.is_sequence() && columns.size() == 0)
      errors.push_back("columns: a table needs at least one column");
    std::vector<std::string> names;
    for (const Column& c : columns_of(config)) {
      if (c.name.empty()) errors.push_back("columns: a column has no name");
      if (!valid_type(c.type))
        errors.push_back("columns: column \"" + c.name + "\" has type \"" + c.type +
                         "\", which is not a plain SQL type name");
      if (std::find(names.begin(), names.end(), c.name) != names.end())
        errors.push_back("columns: column \"" + c.name + "\" appears twice");
      names.push_back(c.name);
    }
    const Value& pk = attribute(config, "primary_key");
    if (pk.is_wholly_known())
      for (const std::string& k : string_items(pk))
        if (std::find(names.begin(), names.end(), k) == names.end())
          errors.push_back("primary_key: \"" + k + "\" is not a column");
    return errors;
  }

  /// A column whose type changes without `using` forces replacement.
  PlannedState plan(const Value& prior, const Value& config) const override {
    PlannedState planned = plan_from_schema(schema(), prior, config);
    if (!planned.error.empty() || prior.is_null()) return planned;
    if (!planned.requires_replace.empty() || !attribute(planned.value, "columns").is_wholly_known())
      return planned;
    std::vector<Column> old = columns_of(prior);
    for (const Column& c : columns_of(planned.value)) {
      auto it =
          std::find_if(old.begin(), old.end(), [&](const Column& o) { return o.name == c.name; });
      if (it != old.end() && canonical_type(it->type) != canonical_type(c.type) && !c.using_expr) {
        planned.requires_replace.push_back("columns");
        planned.value = with_attributes(planned.value, {{"id", Value::unknown(Type::string())}});
        break;
      }
    }
    return planned;
  }

  ProviderResult create(const Value& planned, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    const std::string id = id_of(planned);
    std::string sql = "CREATE TABLE " + name_of(*s, planned) + " (";
    bool first = true;
    for (const Column& c : columns_of(planned)) {
      sql += (first ? "" : ", ") + column_sql(*s, c);
      first = false;
    }
    std::vector<std::string> pk = string_items(attribute(planned, "primary_key"));
    if (!pk.empty()) {
      sql += ", PRIMARY KEY (";
      for (size_t i = 0; i < pk.size(); ++i) sql += (i ? ", " : "") + s->ident(pk[i]);
      sql += ")";
    }
    error = s->exec(sql + ")");
    if (!error.empty()) return ProviderResult::failure("create table " + id + ": " + error);
    return ProviderResult::success(with_attributes(planned, {{"id", Value::string(id)}}));
  }

  ReadResult read(const Value& state, const OperationContext& context) override {
    ReadResult result;
    auto s = client_->session(context, &result.error);
    if (!s) return result;
    std::optional<Value> found = fetch(*s, string_attribute(state, "schema", "public"),
                                       string_attribute(state, "name"), state, &result.error);
    if (found) result.value = std::move(*found);
    return result;
  }

  ProviderResult update(const Value& prior, const Value& planned,
                        const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    const std::string table = name_of(*s, planned), id = id_of(planned);
    std::vector<Column> old = columns_of(prior), now = columns_of(planned);
    std::vector<std::string> changes;
    for (const Column& o : old)
      if (std::none_of(now.begin(), now.end(), [&](const Column& c) { return c.name == o.name; }))
        changes.push_back("DROP COLUMN " + s->ident(o.name));
    for (const Column& c : now) {
      auto it =
          std::find_if(old.begin(), old.end(), [&](const Column& o) { return o.name == c.name; });
      const std::string col = s->ident(c.name);
      if (it == old.end()) {
        changes.push_back("ADD COLUMN " + column_sql(*s, c));
        continue;
      }
      if (canonical_type(it->type) != canonical_type(c.type))
        changes.push_back("ALTER COLUMN " + col + " TYPE " + c.type +
                          (c.using_expr ? " USING " + *c.using_expr : ""));
      const std::vector<std::string> pk = string_items(attribute(planned, "primary_key"));
      const bool keyed = std::find(pk.begin(), pk.end(), c.name) != pk.end();
      if (it->nullable != c.nullable && !keyed)
        changes.push_back("ALTER COLUMN " + col +
                          (c.nullable ? " DROP NOT NULL" : " SET NOT NULL"));
      if (it->default_expr != c.default_expr)
        changes.push_back("ALTER COLUMN " + col +
                          (c.default_expr ? " SET DEFAULT " + *c.default_expr : " DROP DEFAULT"));
    }
    if (!changes.empty()) {
      std::string sql = "ALTER TABLE " + table + " ";
      for (size_t i = 0; i < changes.size(); ++i) sql += (i ? ", " : "") + changes[i];
      error = s->exec(sql);
      if (!error.empty()) return ProviderResult::failure("alter table " + id + ": " + error);
    }
    return ProviderResult::success(with_attributes(planned, {{"id", Value::string(id)}}));
  }

  std::string destroy(const Value& state, const OperationContext& context) override {
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return error;
    error = s->exec("DROP TABLE IF EXISTS " + name_of(*s, state));
    return error.empty() ? "" : "drop table " + id_of(state) + ": " + error;
  }

  /// Id `SCHEMA.NAME` (or `NAME` in public); the first dot separates them.
  ProviderResult import(const std::string& id, const OperationContext& context) override {
    size_t dot = id.find('.');
    std::string schema = dot == std::string::npos ? "public" : id.substr(0, dot);
    std::string name = dot == std::string::npos ? id : id.substr(dot + 1);
    std::string error;
    auto s = client_->session(context, &error);
    if (!s) return ProviderResult::failure(error);
    std::optional<Value> found = fetch(*s, schema, name, Value(), &error);
    if (!found)
      return ProviderResult::failure(error.empty() ? "table " + id + " does not exist" : error);
    return ProviderResult::success(*found);
  }

 private:
  static std::string id_of(const Value& v) {
    return string_attribute(v, "schema", "public") + "." + string_attribute(v, "name");
  }
  static std::string name_of(PgSession& s, const Value& v) {
    return s.qualified(string_attribute(v, "schema", "public"), string_attribute(v, "name"));
  }

  /// The table as the catalog has it. Columns equal to `state`'s (canonical types, same
  /// nullability, a default present or not) keep their configured spelling.
  static std::optional<Value> fetch(PgSession& s, const std::string& schema,
                                    const std::string& name, const Value& state,
                                    std::string* error) {
    std::optional<PgRows> rows = s.query(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
        "pg_get_expr(d.adbin, d.adrelid) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
        "WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p') ORDER BY a.attnum",
        {schema, name}, error);
    if (!rows || rows->empty()) return std::nullopt;
    std::optional<PgRows> keys = s.query(
        "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord) ON true "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
        "WHERE n.nspname = $1 AND c.relname = $2 AND i.indisprimary ORDER BY k.ord",
        {schema, name}, error);
    if (!keys) return std::nullopt;
    std::vector<std::string> key_names;
    for (const PgRow& row : *keys) key_names.push_back(row[0].value_or(""));
    const ValueList& configured = attribute(state, "columns").items();
    ValueList columns;
    for (const PgRow& row : *rows) {
      Column actual{row[0].value_or(""), row[1].value_or(""), row[2].value_or("") != "t", row[3],
                    std::nullopt};
      auto it = std::find_if(configured.begin(), configured.end(), [&](const Value& c) {
        return string_attribute(c, "name") == actual.name;
      });
      if (it != configured.end()) {
        Column want = columns_of(Value::object({{"columns", Value::list({*it})}}))[0];
        if (canonical_type(want.type) == canonical_type(actual.type) &&
            (want.nullable == actual.nullable ||
             std::find(key_names.begin(), key_names.end(), actual.name) != key_names.end()) &&
            want.default_expr.has_value() == actual.default_expr.has_value()) {
          columns.push_back(*it);
          continue;
        }
      }
      columns.push_back(Value::object(
          {{"default", actual.default_expr ? Value::string(*actual.default_expr) : Value()},
           {"name", Value::string(actual.name)},
           {"nullable", Value::boolean(actual.nullable)},
           {"type", Value::string(actual.type)},
           {"using", Value()}}));
    }
    ValueList pk;
    for (const std::string& k : key_names) pk.push_back(Value::string(k));
    const Value& had_pk = attribute(state, "primary_key");
    Value primary_key = pk.empty() && had_pk.is_null() ? Value() : Value::list(std::move(pk));
    if (same_value(primary_key, had_pk)) primary_key = had_pk;
    return Value::object({{"columns", Value::list(std::move(columns))},
                          {"id", Value::string(schema + "." + name)},
                          {"name", Value::string(name)},
                          {"primary_key", std::move(primary_key)},
                          {"schema", Value::string(schema)}});
  }

  PostgresClientPtr client_;
};

}  // namespace

std::unique_ptr<ResourceType> make_postgres_table(PostgresClientPtr client) {
  return std::make_unique<PostgresTable>(std::move(client));
}

}  // namespace mesh
