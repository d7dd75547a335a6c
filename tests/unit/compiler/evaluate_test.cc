/// Deferred evaluation: the planner's and executor's view. Values of other instances come from
/// an InstanceValueSource; schema types, defaults and sensitive attributes are applied.

#include <doctest/doctest.h>

#include <map>

#include "compile_test_support.h"

using mesh::test::compile_text;
using namespace mesh;

namespace {

/// Applied values by address.
class MapSource : public InstanceValueSource {
 public:
  MapSource(const ResourceGraph& g, std::map<std::string, Value> values) : g_(g) {
    for (auto& [address, v] : values) values_[g.find(address)] = v;
  }
  Value instance_value(uint32_t node) const override {
    auto it = values_.find(node);
    return it == values_.end() ? Value::unknown() : it->second;
  }

 private:
  const ResourceGraph& g_;
  std::map<uint32_t, Value> values_;
};

}  // namespace

TEST_CASE("evaluate: instance values from applied dependencies") {
  auto c = compile_text(R"mesh(
variable "pw" {
  sensitive = true
  default   = "s3cret"
}
resource "test_file" "a" { path = "a" }
resource "test_schema" "s" {
  for_each = toset(["x", "y"])
  name     = "${each.key}-${test_file.a.id}"
}
resource "test_file" "b" {
  path    = "b-${test_file.a.size}"
  content = "pw=${var.pw}"
}
resource "test_secret" "k" { value = "plain" }
output "ids" { value = [for s in test_schema.s : s.name] }
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  const ResourceGraph& g = c->graph();
  MapSource applied(g,
                    {{"test_file.a", Value::object({{"id", Value::string("ID1")},
                                                    {"size", Value::integer(42)},
                                                    {"path", Value::string("a")}})},
                     {"test_schema.s[\"x\"]", Value::object({{"name", Value::string("x-ID1")}})},
                     {"test_schema.s[\"y\"]", Value::object({{"name", Value::string("y-ID1")}})}});
  Diagnostics d;
  Value s = evaluate_instance(g, g.find("test_schema.s[\"y\"]"), applied, d);
  CHECK(to_inline_string(s) == "{ name = \"y-ID1\", owner = null, tags = null }");
  Value b = evaluate_instance(g, g.find("test_file.b"), applied, d);
  CHECK(to_inline_string(b) == "{ content = (sensitive), mode = \"0644\", path = \"b-42\" }");
  Value k = evaluate_instance(g, g.find("test_secret.k"), applied, d);
  CHECK(to_inline_string(k) == "{ value = (sensitive) }");
  Value ids = evaluate_output(g, g.find("output.ids"), applied, d);
  CHECK(to_inline_string(ids) == "[\"x-ID1\", \"y-ID1\"]");
  CHECK(d.empty());

  // Planning before `a` exists: its values are unknown.
  MapSource planned(g, {});
  Value p = evaluate_instance(g, g.find("test_schema.s[\"x\"]"), planned, d);
  CHECK(to_inline_string(p) == "{ name = (known after apply), owner = null, tags = null }");
}

TEST_CASE("evaluate: provider configurations") {
  auto c = compile_text(R"mesh(
variable "host" { default = "db.local" }
provider "test" {
  alias = "b"
  host  = var.host
}
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CompileTimeSource source(c->graph(), c->diagnostics);
  CHECK(to_inline_string(evaluate_provider(c->graph(), "test.b", source, c->diagnostics)) ==
        "{ host = \"db.local\" }");
  CHECK(to_inline_string(evaluate_provider(c->graph(), "test", source, c->diagnostics)) == "{}");
}

TEST_CASE("evaluate: templatefile renders relative to the calling file") {
  auto c = mesh::test::compile_files({
      {"main.mesh", R"mesh(
output "readme" { value = templatefile("tpl/readme.tpl", { env = "dev", n = 2 }) }
output "bad" { value = templatefile("tpl/bad.tpl", {}) }
)mesh"},
      {"tpl/readme.tpl", "# ${upper(env)}\ncount: ${n + 1}\n"},
      {"tpl/bad.tpl", "${nope}"},
  });
  CHECK(c->value("output.readme") == "\"# DEV\\ncount: 3\\n\"");
  CHECK(c->messages().find("`nope` is not one of the template's variables") != std::string::npos);
}

TEST_CASE("evaluate: template instance params read resources at evaluation time") {
  auto c = compile_text(R"mesh(
template "user" {
  param "schema_id" { type = string }
  resource "test_file" "grant" { path = "grant-${param.schema_id}" }
}
resource "test_schema" "s" { name = "s" }
user "u" { schema_id = test_schema.s.id }
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  const ResourceGraph& g = c->graph();
  CHECK(c->deps("user.u.test_file.grant") == "test_schema.s");
  MapSource applied(g, {{"test_schema.s", Value::object({{"id", Value::string("S9")}})}});
  Diagnostics d;
  Value v = evaluate_instance(g, g.find("user.u.test_file.grant"), applied, d);
  CHECK(to_inline_string(v) == "{ content = null, mode = \"0644\", path = \"grant-S9\" }");
}

TEST_CASE("evaluate: for_each over resources reads each.value from the source") {
  auto c = compile_text(R"mesh(
resource "test_schema" "s" {
  for_each = toset(["a", "b"])
  name     = each.key
}
resource "test_file" "per_schema" {
  for_each = test_schema.s
  path     = "${each.key}/${each.value.id}"
}
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  const ResourceGraph& g = c->graph();
  MapSource applied(g, {{"test_schema.s[\"a\"]", Value::object({{"id", Value::string("ID-A")}})},
                        {"test_schema.s[\"b\"]", Value::object({{"id", Value::string("ID-B")}})}});
  Diagnostics d;
  Value v = evaluate_instance(g, g.find("test_file.per_schema[\"b\"]"), applied, d);
  CHECK(to_inline_string(v) == "{ content = null, mode = \"0644\", path = \"b/ID-B\" }");
  CHECK(c->deps("test_file.per_schema[\"b\"]") == "test_schema.s[\"a\"], test_schema.s[\"b\"]");
}
