// `self.name` and `self.address` inside a template: the instance's label and address.

#include "compile_test_support.h"

using namespace mesh;
using namespace mesh::test;

TEST_CASE("templates: self.name and self.address name the instance") {
  auto c = compile_text(R"mesh(
template "box" {
  param "size" { type = number }
  resource "test_schema" "s" { name = "${self.name}/${self.address}/${param.size}" }
  output "label" { value = self.name }
}
template "shelf" {
  box "inner" { size = 1 }
  output "inner_label" { value = box.inner.label }
}
box "small" { size = 2 }
box "many" {
  for_each = toset(["a", "b"])
  size     = 3
}
shelf "top" {}
output "small" { value = box.small.label }
output "top" { value = shelf.top.inner_label }
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->value("output.small") == "\"small\"");
  CHECK(c->value("output.top") == "\"inner\"");
  CHECK(c->value("box.small.test_schema.s").find("name = \"small/box.small/2\"") !=
        std::string::npos);
  CHECK(c->value("box.many[\"b\"].test_schema.s").find("name = \"many/box.many[\\\"b\\\"]/3\"") !=
        std::string::npos);
  CHECK(c->value("shelf.top.box.inner.test_schema.s")
            .find("name = \"inner/shelf.top.box.inner/1\"") != std::string::npos);
}

TEST_CASE("templates: a param named `name` wins over the instance's label") {
  auto c = compile_text(R"mesh(
template "box" {
  param "name" { type = string }
  output "label" { value = self.name }
}
box "small" { name = "given" }
output "small" { value = box.small.label }
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->value("output.small") == "\"given\"");
}

TEST_CASE("templates: other unknown self members are still errors") {
  auto c = compile_text(R"mesh(
template "box" {
  output "label" { value = self.nmae }
}
box "small" {}
)mesh");
  CHECK(!c->ok());
  CHECK(c->messages().find("has no param or block `nmae`") != std::string::npos);
}
