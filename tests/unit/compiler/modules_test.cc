/// Imports and modules: files, folders, stdlib, `as` aliases, cycles, what imported files may
/// declare.

#include <doctest/doctest.h>

#include "compile_test_support.h"

using mesh::test::compile_files;

TEST_CASE("modules: import a folder, a file and the stdlib") {
  auto c = compile_files({
      {"main.mesh", R"mesh(
import "./modules/db"
import "./lib/naming.mesh"
import "stdlib/base"

db "main" { name = naming_prefix("x") }
base "b" {}
)mesh"},
      {"modules/db/a.mesh", R"mesh(
template "db" {
  param "name" { type = string }
  resource "test_schema" "s" { name = param.name }
}
)mesh"},
      {"lib/naming.mesh", R"mesh(
template "naming_unused" {}
)mesh"},
      {"stdlib/base/base.mesh", R"mesh(
template "base" {
  resource "test_file" "f" { path = "base" }
}
)mesh"},
  });
  // `naming_prefix` is not a function: the error is reported, the imports worked.
  CHECK(c->messages() == "unknown function `naming_prefix`\n");
  CHECK(c->graph().find("db.main.test_schema.s") != mesh::kNoNode);
  CHECK(c->graph().find("base.b.test_file.f") != mesh::kNoNode);
}

TEST_CASE("modules: an alias prefixes the template kinds of the import") {
  auto c = compile_files({
      {"main.mesh", R"mesh(
import "./wh" as wh
wh_warehouse "w" { size = 2 }
output "n" { value = wh_warehouse.w.names }
)mesh"},
      {"wh/warehouse.mesh", R"mesh(
template "warehouse" {
  param "size" { type = number }
  shard "s" { parts = param.size }
  output "names" { value = shard.s[*].name }
}
template "shard" {
  param "parts" { type = number }
  resource "test_schema" "part" {
    count = param.parts
    name  = "part${count.index}"
  }
  output "name" { value = test_schema.part[*].name }
}
)mesh"},
  });
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->graph().find("wh_warehouse.w.shard.s.test_schema.part[1]") != mesh::kNoNode);
  CHECK(c->value("output.n") == "[[\"part0\", \"part1\"]]");
}

TEST_CASE("modules: import cycles are reported with each import") {
  auto c = compile_files({
      {"main.mesh", "import \"./a\"\n"},
      {"a/a.mesh", "import \"../b\"\n"},
      {"b/b.mesh", "import \"../a\"\n"},
  });
  CHECK(c->messages() == "import cycle\n");
  std::string e = c->errors();
  CHECK(e.find("a.mesh:1:1") != std::string::npos);
  CHECK(e.find("b.mesh:1:1") != std::string::npos);
}

TEST_CASE("modules: missing imports and misplaced blocks") {
  auto c = compile_files({
      {"main.mesh", "import \"./nope\"\nimport \"lib\"\nimport \"./m\"\n"},
      {"m/m.mesh", "resource \"test_file\" \"f\" { path = \"x\" }\nvariable \"v\" {}\n"},
  });
  CHECK(c->messages() ==
        "cannot find `./nope`\n"
        "an import path starts with `./`, `../` or `stdlib/`\n"
        "a `resource` block is only allowed in the root configuration, not in an imported file "
        "(imports bring templates, policies, variables and lets)\n"
        "variable `v` is required but has no value\n");
}

TEST_CASE("modules: duplicate declarations across files") {
  auto c = compile_files({
      {"a.mesh", "resource \"test_file\" \"f\" { path = \"a\" }\ntemplate \"t\" {}\n"},
      {"b.mesh", "resource \"test_file\" \"f\" { path = \"b\" }\ntemplate \"t\" {}\n"},
  });
  CHECK(c->messages() ==
        "template `t` is declared twice\n"
        "`test_file.f` is declared twice\n");
}
