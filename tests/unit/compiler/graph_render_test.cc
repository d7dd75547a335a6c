/// `mesh graph` renderings: DOT clusters per template instance, Mermaid subgraphs, edges from a
/// node to its dependencies.

#include <doctest/doctest.h>

#include "compile_test_support.h"
#include "compiler/graph_render.h"

using mesh::test::compile_text;

TEST_CASE("graph render: dot and mermaid") {
  auto c = compile_text(R"mesh(
template "t" {
  resource "test_file" "x" { path = "x" }
}
resource "test_file" "a" { path = "a" }
t "one" { depends_on = [test_file.a] }
output "o" { value = test_file.a.id }
)mesh");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(mesh::graph_to_dot(c->graph()) ==
        "digraph mesh {\n"
        "  rankdir = LR;\n"
        "  node [shape = box];\n"
        "  \"test_file.a\";\n"
        "  \"output.o\" [shape = note];\n"
        "  subgraph cluster_1 {\n"
        "    label = \"t.one\";\n"
        "    \"t.one.test_file.x\";\n"
        "  }\n"
        "  \"t.one.test_file.x\" -> \"test_file.a\";\n"
        "  \"output.o\" -> \"test_file.a\";\n"
        "}\n");
  CHECK(mesh::graph_to_mermaid(c->graph()) ==
        "flowchart LR\n"
        "  n0[\"test_file.a\"]\n"
        "  n2[/\"output.o\"/]\n"
        "  subgraph m1[\"t.one\"]\n"
        "    n1[\"t.one.test_file.x\"]\n"
        "  end\n"
        "  n1 --> n0\n"
        "  n2 --> n0\n");
}
