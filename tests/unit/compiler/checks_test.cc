/// Static checks: each error located, many per run, with did-you-mean where it fits.

#include <doctest/doctest.h>

#include "compile_test_support.h"

using mesh::test::compile_text;

namespace {

/// The first diagnostic's "message [suggestion]".
std::string first(const std::string& text) {
  auto c = compile_text(text);
  if (c->diagnostics.empty()) return "";
  const auto& d = c->diagnostics.items().front();
  return d.message + (d.suggestion.empty() ? "" : " [" + d.suggestion + "]");
}

}  // namespace

TEST_CASE("checks: resource attributes against the schema") {
  CHECK(first("resource \"test_file\" \"f\" {\n  pth = \"a\"\n}\n") ==
        "unknown attribute `pth` for resource type `test_file` [path]");
  CHECK(first("resource \"test_file\" \"f\" {\n  path = \"a\"\n  id = \"x\"\n}\n") ==
        "`id` of `test_file` is computed by the provider and cannot be set");
  CHECK(first("resource \"test_file\" \"f\" {\n  content = \"a\"\n}\n") ==
        "`test_file.f` is missing the required attribute `path` (string)");
  CHECK(first("resource \"test_fil\" \"f\" {}\n") ==
        "unknown resource type `test_fil` [test_file]");
  CHECK(first("resource \"test_schema\" \"s\" {\n  name = \"a\"\n  tags = [1]\n}\n") ==
        "attribute `tags`: a map is required, got a list of 1 element");
  CHECK(first("resource \"test_file\" \"f\" {\n  path = \"a\"\n  lifecycl {}\n}\n") ==
        "unexpected block `lifecycl` in resource `test_file.f` [lifecycle]");
}

TEST_CASE("checks: provider blocks against the provider's configuration schema") {
  CHECK(first("provider \"test\" {\n  hots = \"a\"\n}\n") ==
        "unknown attribute `hots` for provider `test` [host]");
  CHECK(first("provider \"test\" {\n  alias = \"b\"\n  tls {}\n}\n") ==
        "unexpected block `tls` in provider `test.b`");
  CHECK(first("provider \"tset\" {}\n") == "unknown provider `tset` [test]");
  auto ok = compile_text("provider \"test\" {\n  alias = \"b\"\n  host = \"h\"\n  port = 1\n}\n");
  CHECK_MESSAGE(ok->ok(), ok->errors());
}

TEST_CASE("checks: nested blocks fill object attributes") {
  auto c = compile_text(R"mesh(
resource "test_table" "t" {
  name = "orders"
  column "id" { type = "bigint" }
  column "amount" { type = "numeric" }
}
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->value("test_table.t")
            .find("column = { amount = { type = \"numeric\" }, id = { type = "
                  "\"bigint\" } }") != std::string::npos);
}

TEST_CASE("checks: references") {
  CHECK(first("variable \"name\" { default = 1 }\noutput \"o\" { value = var.nmae }\n") ==
        "variable `nmae` is not declared [name]");
  CHECK(first("let { a = 1 }\noutput \"o\" { value = let.b }\n") == "`let.b` is not declared");
  CHECK(first("output \"o\" { value = each.key }\n") ==
        "`each` is only available in a block with `for_each`");
  CHECK(first("output \"o\" { value = count.index }\n") ==
        "`count` is only available in a block with `count`");
  CHECK(first("output \"o\" { value = param.x }\n") ==
        "`param` is only available inside a template");
  CHECK(first("resource \"test_file\" \"abc\" { path = \"a\" }\noutput \"o\" { value = "
              "test_file.abd.id }\n") == "no `test_file.abd` is declared in this scope [abc]");
  CHECK(first("output \"o\" { value = vra.x }\n") == "unknown name `vra` [var]");
  CHECK(
      first(
          "resource \"test_file\" \"f\" {\n  for_each = toset([\"a\"])\n  path = each.kee\n}\n") ==
      "`each` has `key` and `value`, not `kee` [key]");
}

TEST_CASE("checks: depends_on") {
  CHECK(first("resource \"test_file\" \"a\" { path = \"a\" }\nresource \"test_file\" \"b\" {\n  "
              "path = \"b\"\n  depends_on = [test_file.c]\n}\n") ==
        "no `test_file.c` is declared in this scope [test_file.a]");
  CHECK(first("resource \"test_file\" \"b\" {\n  path = \"b\"\n  depends_on = [\"x\"]\n}\n") ==
        "a `depends_on` entry names a resource or a template instance, like `TYPE.NAME`");
  CHECK(first("resource \"test_file\" \"b\" {\n  path = \"b\"\n  depends_on = 1\n}\n") ==
        "`depends_on` is a list of resources or template instances, like [TYPE.NAME]");
}

TEST_CASE("checks: template instances") {
  const std::string t = R"mesh(
template "dp" {
  param "domain" { type = string }
  param "tier" {
    type    = number
    default = 1
  }
  block "port" {
    param "columns" { type = map(string) }
  }
}
)mesh";
  CHECK(first(t + "dp \"x\" {}\n") == "missing required param `domain` of template `dp` (string)");
  CHECK(first(t + "dp \"x\" {\n  domain = \"a\"\n  domian = \"b\"\n}\n") ==
        "template `dp` has no param `domian` [domain]");
  CHECK(first(t + "dp \"x\" {\n  domain = \"a\"\n  prot \"p\" {}\n}\n") ==
        "template `dp` has no block `prot` [port]");
  CHECK(first(t + "dp \"x\" {\n  domain = \"a\"\n  port \"p\" {}\n}\n") ==
        "missing required param `columns` of block `port` of template `dp` (map(string))");
  CHECK(first(t + "dp \"x\" {\n  domain = \"a\"\n  tier = \"high\"\n}\n") ==
        "param `tier` of `dp.x`: a number is required, got \"high\"");
  CHECK(first(t + "dpp \"x\" {}\n") == "unknown block type `dpp` [dp]");
  CHECK(first("resourse \"a\" \"b\" {}\n") == "unknown block type `resourse` [resource]");
}

TEST_CASE("checks: many errors in one run, each reported once") {
  auto c = compile_text(R"mesh(
resource "test_file" "f" {
  count = 100
  path  = var.missing
  mdoe  = "x"
}
)mesh");
  CHECK(c->messages() ==
        "variable `missing` is not declared\n"
        "unknown attribute `mdoe` for resource type `test_file`\n");
}
