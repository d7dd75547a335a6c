/// Expansion: for_each / count, scopes (each, count, let, var), template instances (nested,
/// with params, nested blocks, outputs), addresses and dependency edges.

#include <doctest/doctest.h>

#include "compile_test_support.h"

using mesh::test::compile_files;
using mesh::test::compile_text;

TEST_CASE("expand: for_each over a set and a map, count") {
  auto c = compile_text(R"mesh(
resource "test_schema" "s" {
  for_each = toset(["v2", "v1"])
  name     = "orders_${each.key}"
}
resource "test_schema" "m" {
  for_each = { a = "x", b = "y" }
  name     = "${each.key}-${each.value}"
}
resource "test_file" "c" {
  count = 3
  path  = "f${count.index}.txt"
}
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->addresses() ==
        "test_schema.s[\"v1\"]\ntest_schema.s[\"v2\"]\ntest_schema.m[\"a\"]\ntest_schema.m[\"b\"]\n"
        "test_file.c[0]\ntest_file.c[1]\ntest_file.c[2]\n");
  CHECK(c->value("test_schema.m[\"b\"]") ==
        "{ id = (known after apply), name = \"b-y\", owner = (known after apply), tags = null }");
  CHECK(c->value("test_file.c[2]").find("path = \"f2.txt\"") != std::string::npos);
}

TEST_CASE("expand: for_each errors") {
  auto list = compile_text("resource \"test_schema\" \"s\" {\n  for_each = [\"a\"]\n  name = \"x\"\n}\n");
  CHECK(list->messages() == "for_each needs a map or a set of strings, got a list\n");
  auto unknown = compile_text(R"mesh(
resource "test_file" "f" { path = "a" }
resource "test_schema" "s" {
  for_each = toset([test_file.f.id])
  name     = each.key
}
)mesh");
  CHECK(unknown->messages() == "for_each depends on a value known only after apply\n");
  auto both = compile_text("resource \"test_file\" \"f\" {\n  count = 1\n  for_each = {}\n  path = \"a\"\n}\n");
  CHECK(both->messages() == "`count` and `for_each` cannot both be set\n");
  auto negative = compile_text("resource \"test_file\" \"f\" {\n  count = -1\n  path = \"a\"\n}\n");
  CHECK(negative->messages() == "count must be a whole number ≥ 0, got a number\n");
}

TEST_CASE("expand: for_each may use configured attributes of other resources") {
  auto c = compile_text(R"mesh(
resource "test_schema" "base" {
  name = "base"
  tags = { a = "1", b = "2" }
}
resource "test_file" "per_tag" {
  for_each = test_schema.base.tags
  path     = "${test_schema.base.name}/${each.key}=${each.value}"
}
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->value("test_file.per_tag[\"b\"]").find("path = \"base/b=2\"") != std::string::npos);
  CHECK(c->deps("test_file.per_tag[\"a\"]") == "test_schema.base");
}

TEST_CASE("expand: lets and variables") {
  auto c = compile_text(R"mesh(
variable "env" { default = "dev" }
let {
  prefix = "${var.env}-sales"
  names  = [for i in range(2) : "${let.prefix}-${i}"]
}
output "names" { value = let.names }
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->value("output.names") == "[\"dev-sales-0\", \"dev-sales-1\"]");
}

TEST_CASE("expand: references between instances and multi-instance rules") {
  auto c = compile_text(R"mesh(
resource "test_schema" "s" {
  for_each = toset(["a", "b"])
  name     = each.key
}
resource "test_file" "one" {
  path    = test_schema.s["a"].name
  content = join(",", [for k, s in test_schema.s : s.name])
}
resource "test_file" "splat" {
  path    = "x"
  content = join(",", test_schema.s[*].name)
}
resource "test_file" "pair" {
  for_each = toset(["a", "b"])
  path     = test_schema.s[each.key].id
}
resource "test_file" "all" {
  for_each = test_schema.s
  path     = each.value.name
}
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->value("test_file.one").find("content = \"a,b\"") != std::string::npos);
  CHECK(c->value("test_file.one").find("path = \"a\"") != std::string::npos);
  CHECK(c->value("test_file.splat").find("content = \"a,b\"") != std::string::npos);
  CHECK(c->deps("test_file.one") == "test_schema.s[\"a\"], test_schema.s[\"b\"]");
  // The key is known per instance: one edge each, not all of them.
  CHECK(c->deps("test_file.pair[\"b\"]") == "test_schema.s[\"b\"]");
  // The same for `count`: `[count.index]` selects one instance, a literal index too.
  auto counted = compile_text(R"mesh(
resource "test_schema" "c" {
  count = 3
  name  = "c${count.index}"
}
resource "test_file" "each" {
  count = 3
  path  = test_schema.c[count.index].id
}
resource "test_file" "second" {
  path = test_schema.c[1].id
}
)mesh");
  REQUIRE_MESSAGE(counted->ok(), counted->errors());
  CHECK(counted->deps("test_file.each[2]") == "test_schema.c[2]");
  CHECK(counted->deps("test_file.second") == "test_schema.c[1]");
  // for_each over instances: keys known, values read again from the source when evaluated.
  CHECK(c->value("test_file.all[\"b\"]").find("path = \"b\"") != std::string::npos);
  CHECK(c->graph().nodes[c->node("test_file.all[\"b\"]")].each_dynamic);

  auto bad = compile_text(R"mesh(
resource "test_schema" "s" {
  count = 2
  name  = "n"
}
output "x" { value = test_schema.s.name }
)mesh");
  CHECK(bad->messages() ==
        "`test_schema.s` has several instances (count); `.name` needs one of them\n");
}

TEST_CASE("expand: templates with params, nested blocks and outputs") {
  auto c = compile_text(R"mesh(
template "data_product" {
  param "domain"         { type = string }
  param "classification" {
    type    = string
    default = "internal"
  }
  block "output_port" {
    param "columns" { type = map(string) }
  }

  resource "test_schema" "port" {
    for_each = self.output_port
    name     = "${param.domain}_${each.key}"
    tags     = each.value.columns
  }
  output "schemas" { value = [for s in test_schema.port : s.name] }
}

data_product "orders" {
  domain         = "sales"
  classification = "confidential"
  output_port "orders_v1" {
    columns = { order_id = "bigint", amount = "numeric(12,2)" }
  }
  output_port "orders_v2" {
    columns = { order_id = "bigint" }
  }
}

output "orders_schemas" { value = data_product.orders.schemas }
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->addresses() ==
        "data_product.orders.test_schema.port[\"orders_v1\"]\n"
        "data_product.orders.test_schema.port[\"orders_v2\"]\n"
        "output.orders_schemas\n");
  CHECK(c->value("output.orders_schemas") == "[\"sales_orders_v1\", \"sales_orders_v2\"]");
  CHECK(c->value("data_product.orders.test_schema.port[\"orders_v2\"]")
            .find("tags = { order_id = \"bigint\" }") != std::string::npos);
  CHECK(c->deps("output.orders_schemas") ==
        "data_product.orders.test_schema.port[\"orders_v1\"], "
        "data_product.orders.test_schema.port[\"orders_v2\"]");
}

TEST_CASE("expand: nested templates, for_each instances, inherited ttl and depends_on") {
  auto c = compile_text(R"mesh(
template "db" {
  param "name" { type = string }
  resource "test_schema" "s" { name = param.name }
  output "id" { value = test_schema.s.id }
}
template "domain" {
  param "team" { type = string }
  db "main" { name = "${param.team}_main" }
  resource "test_file" "readme" {
    path    = "${param.team}.md"
    content = db.main.id
  }
  output "db_id" { value = db.main.id }
}
resource "test_file" "first" { path = "first" }
domain "d" {
  for_each   = toset(["sales", "hr"])
  team       = each.key
  ttl        = 8h
  depends_on = [test_file.first]
}
resource "test_file" "after" {
  path    = "after"
  content = domain.d["hr"].db_id
}
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->addresses() ==
        "test_file.first\n"
        "test_file.after\n"
        "domain.d[\"hr\"].test_file.readme\n"
        "domain.d[\"hr\"].db.main.test_schema.s\n"
        "domain.d[\"sales\"].test_file.readme\n"
        "domain.d[\"sales\"].db.main.test_schema.s\n");
  CHECK(c->deps("domain.d[\"hr\"].test_file.readme") ==
        "test_file.first, domain.d[\"hr\"].db.main.test_schema.s");
  CHECK(c->deps("domain.d[\"hr\"].db.main.test_schema.s") == "test_file.first");
  CHECK(c->deps("test_file.after") == "domain.d[\"hr\"].db.main.test_schema.s");
  const auto& n = c->graph().nodes[c->node("domain.d[\"sales\"].db.main.test_schema.s")];
  REQUIRE(n.ttl_ms.has_value());
  CHECK(*n.ttl_ms == 8 * 3600 * 1000);
  CHECK(c->value("domain.d[\"sales\"].db.main.test_schema.s").find("name = \"sales_main\"") !=
        std::string::npos);
}

TEST_CASE("expand: meta-arguments: lifecycle, ttl, provider") {
  auto c = compile_text(R"mesh(
provider "test" {
  alias = "other"
}
resource "test_file" "f" {
  path     = "a"
  ttl      = 90m
  provider = test.other
  lifecycle {
    prevent_destroy       = true
    create_before_destroy = true
    ignore_changes        = [content, "mode"]
  }
}
resource "test_file" "g" {
  path = "b"
  lifecycle {
    ignore_changes = all
  }
}
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  const auto& f = c->graph().nodes[c->node("test_file.f")];
  CHECK(f.provider == "test.other");
  CHECK(f.lifecycle.prevent_destroy);
  CHECK(f.lifecycle.create_before_destroy);
  CHECK(f.lifecycle.ignore_changes == std::vector<std::string>{"content", "mode"});
  CHECK(*f.ttl_ms == 90 * 60 * 1000);
  const auto& g = c->graph().nodes[c->node("test_file.g")];
  CHECK(g.provider == "test");
  CHECK(g.lifecycle.ignore_all_changes);
  CHECK(!g.ttl_ms);

  auto bad = compile_text(R"mesh(
resource "test_file" "f" {
  path     = "a"
  ttl      = "soon"
  provider = test.nope
  lifecycle { prevent_destroi = true }
}
)mesh");
  CHECK(bad->messages() ==
        "no provider configuration `test.nope`\n"
        "unknown lifecycle setting `prevent_destroi`\n"
        "ttl must be a positive duration such as 90m, 8h or 7d, got a string\n");
}

TEST_CASE("graph: topological order and cycles") {
  auto c = compile_text(R"mesh(
resource "test_file" "c" { path = test_file.b.id }
resource "test_file" "b" { path = test_file.a.id }
resource "test_file" "a" { path = "a" }
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  std::string order;
  for (uint32_t id : c->graph().order) order += c->graph().nodes[id].address_text + " ";
  CHECK(order == "test_file.a test_file.b test_file.c ");

  auto cyc = compile_text(R"mesh(
resource "test_file" "a" { path = test_file.b.id }
resource "test_file" "b" {
  path       = "b"
  depends_on = [test_file.a]
}
)mesh");
  CHECK(cyc->messages() == "dependency cycle: test_file.a → test_file.b → test_file.a\n");
  CHECK(cyc->errors().find("main.mesh:2:35") != std::string::npos);  // the edge a → b
  CHECK(cyc->errors().find("main.mesh:5:17") != std::string::npos);  // the edge b → a
  CHECK(cyc->graph().order.empty());
}

TEST_CASE("graph: by_address lookup and nodes_within") {
  auto c = compile_text(R"mesh(
template "t" {
  resource "test_file" "x" {
    count = 2
    path  = "p${count.index}"
  }
}
t "one" {}
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->graph().find("t.one.test_file.x[1]") != mesh::kNoNode);
  CHECK(c->graph().find("t.one.test_file.x[2]") == mesh::kNoNode);
  CHECK(c->graph().nodes_within(1).size() == 2);
  CHECK(c->graph().modules[1].path_text == "t.one");
}
