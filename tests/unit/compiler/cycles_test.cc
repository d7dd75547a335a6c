/// Cycles that are not dependency edges between instances: lets, for_each, template recursion.

#include <doctest/doctest.h>

#include "compile_test_support.h"

using mesh::test::compile_text;

TEST_CASE("cycles: lets referring to each other") {
  auto c = compile_text("let {\n  a = let.b\n  b = let.a\n}\noutput \"o\" { value = let.a }\n");
  CHECK(c->messages() == "`let.a` refers to itself: let.a → let.b → let.a\n");
}

TEST_CASE("cycles: a resource reading itself through a let") {
  auto c = compile_text(R"mesh(
let { p = test_file.a.id }
resource "test_file" "a" { path = let.p }
)mesh");
  CHECK(c->messages() == "dependency cycle: test_file.a → test_file.a\n");
}

TEST_CASE("cycles: for_each depending on itself") {
  auto c = compile_text(R"mesh(
resource "test_file" "a" {
  for_each = test_file.b
  path     = "a"
}
resource "test_file" "b" {
  for_each = test_file.a
  path     = "b"
}
)mesh");
  CHECK(c->messages().find("depends on itself") != std::string::npos);
}

TEST_CASE("cycles: a template instantiating itself") {
  auto c = compile_text(R"mesh(
template "t" {
  t "again" {}
}
t "root" {}
)mesh");
  CHECK(c->messages().find("templates nested more than 64 deep") != std::string::npos);
}
