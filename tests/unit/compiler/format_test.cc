#include <doctest/doctest.h>

#include "parse_helpers.h"

using namespace mesh;
using namespace mesh::test;

namespace {

/// Formats `text`, checking the round-trip properties on the way: the output parses to the
/// same AST and formatting it again changes nothing.
std::string fmt(const std::string& text) {
  auto p = parse(text);
  REQUIRE_MESSAGE(p->ok(), p->errors());
  std::string once = format_file(*p->file);
  auto q = parse(once);
  REQUIRE_MESSAGE(q->ok(), std::string(q->errors() + "\n" + once));
  CHECK(dump(*q->file) == dump(*p->file));
  CHECK(format_file(*q->file) == once);
  return once;
}

}  // namespace

TEST_CASE("format: indentation and `=` alignment in runs") {
  CHECK(fmt("variable \"env\" {\ntype=string\n    default   =   \"dev\"\n}\n") ==
        "variable \"env\" {\n  type    = string\n  default = \"dev\"\n}\n");
  // A blank line starts a new run; a block ends one.
  CHECK(fmt("r {\na = 1\nlong_name = 2\n\nb = 3\nnested {}\ncc = 4\n}\n") ==
        "r {\n  a         = 1\n  long_name = 2\n\n  b = 3\n  nested {}\n  cc = 4\n}\n");
  // Multi-line values do not take part.
  CHECK(fmt("r {\na = 1\nlonger = [\n1,\n]\nb = 2\n}\n") ==
        "r {\n  a = 1\n  longer = [\n    1,\n  ]\n  b = 2\n}\n");
}

TEST_CASE("format: blank lines: at most one kept, none at edges") {
  CHECK(fmt("\n\n\na = 1\n\n\n\nb = 2\n\n\n") == "a = 1\n\nb = 2\n");
  CHECK(fmt("r {\n\n  a = 1\n\n}\n") == "r {\n  a = 1\n}\n");
}

TEST_CASE("format: spacing in expressions") {
  CHECK(fmt("x = a+b*-c\n") == "x = a + b * -c\n");
  CHECK(fmt("x = !a&&(b||c)\n") == "x = !a && (b || c)\n");
  CHECK(fmt("x = c?a:b\n") == "x = c ? a : b\n");
  CHECK(fmt("x = f( a ,b , xs... )\n") == "x = f(a, b, xs...)\n");
  CHECK(fmt("x = [ 1,2 , 3, ]\n") == "x = [1, 2, 3]\n");
  CHECK(fmt("x = {a=1,\"b\":2}\n") == "x = { a = 1, \"b\" = 2 }\n");
  CHECK(fmt("x = {}\ny = []\n") == "x = {}\ny = []\n");
  CHECK(fmt("x = [for  k,v in m:v if v!=null]\n") == "x = [for k, v in m : v if v != null]\n");
  CHECK(fmt("x = {for k,v in m:k=>v...}\n") == "x = { for k, v in m : k => v... }\n");
  CHECK(fmt("x = a[ * ].b[0]\ny = a.*.c\n") == "x = a[*].b[0]\ny = a[*].c\n");
  CHECK(fmt("x = \"${ var.a }-${ f( 1 ) }\"\n") == "x = \"${var.a}-${f(1)}\"\n");
  CHECK(fmt("x = 8h\ny = 1.50\n") == "x = 8h\ny = 1.50\n");
}

TEST_CASE("format: strings keep their meaning") {
  CHECK(fmt(R"(x = "a\"b\\c\n\t$${x} %%{y} 100%")"
            "\n") == R"(x = "a\"b\\c\n\t$${x} %%{y} 100%")"
                     "\n");
  CHECK(fmt("x = \"\\u00e9\"\n") == "x = \"\u00e9\"\n");
  CHECK(fmt("x = \"\\u0024${a}\"\n") == "x = \"\\u0024${a}\"\n");
}

TEST_CASE("format: multi-line objects align their keys") {
  CHECK(fmt("x = {\na = 1\nlonger = \"x\"\n\"quoted key\" = 2\n}\n") ==
        "x = {\n  a            = 1\n  longer       = \"x\"\n  \"quoted key\" = 2\n}\n");
  CHECK(fmt("x = { a = {\nb = 1\n} }\n") == "x = {\n  a = {\n    b = 1\n  }\n}\n");
}

TEST_CASE("format: single-line blocks stay on one line") {
  CHECK(fmt("lifecycle {   prevent_destroy=true }\n") == "lifecycle { prevent_destroy = true }\n");
  CHECK(fmt("param \"x\" { type = string,default = \"a\" }\n") ==
        "param \"x\" { type = string, default = \"a\" }\n");
  CHECK(fmt("block \"p\" { param \"c\" { type = map(string) } }\n") ==
        "block \"p\" { param \"c\" { type = map(string) } }\n");
  CHECK(fmt("empty {\n}\n") == "empty {}\n");
  CHECK(fmt("output_port orders { x = 1 }\n") == "output_port orders { x = 1 }\n");
}

TEST_CASE("format: comments stay where they were") {
  std::string src =
      "# leading\n"
      "// second style\n"
      "resource \"a\" \"b\" { # after brace\n"
      "  # before name\n"
      "  name = \"x\" # trailing\n"
      "  /* block */\n"
      "  ttl = 8h\n"
      "  # last in block\n"
      "}\n"
      "# at the end\n";
  CHECK(fmt(src) ==
        "# leading\n"
        "// second style\n"
        "resource \"a\" \"b\" {\n"
        "  # after brace\n"
        "  # before name\n"
        "  name = \"x\" # trailing\n"
        "  /* block */\n"
        "  ttl = 8h\n"
        "  # last in block\n"
        "}\n"
        "# at the end\n");
}

TEST_CASE("format: trailing comments align in a run") {
  CHECK(fmt("a = 1 # one\nlonger = \"two\" # two\n") ==
        "a      = 1     # one\nlonger = \"two\" # two\n");
}

TEST_CASE("format: comments inside lists and objects") {
  CHECK(fmt("x = [\n  # first\n  1, # one\n  2,\n]\n") ==
        "x = [\n  # first\n  1, # one\n  2,\n]\n");
  CHECK(fmt("x = {\n  a = 1 # one\n  # before b\n  b = 2\n}\n") ==
        "x = {\n  a = 1 # one\n  # before b\n  b = 2\n}\n");
  // A comment in the middle of a one-line expression moves after it; nothing is lost.
  std::string out = fmt("x = f(1, /* why */ 2)\n");
  CHECK(out.find("/* why */") != std::string::npos);
}

TEST_CASE("format: heredocs stay heredocs") {
  CHECK(fmt("x = <<EOT\n  keep  this\n${a}\nEOT\n") == "x = <<EOT\n  keep  this\n${a}\nEOT\n");
  CHECK(fmt("r {\ncontent = <<-EOT\n        one\n          two\n        EOT\n}\n") ==
        "r {\n  content = <<-EOT\n    one\n      two\n  EOT\n}\n");
  CHECK(fmt("x = [<<EOT\na\nEOT\n, 2]\n") == "x = [\n  <<EOT\na\n  EOT\n  ,\n  2,\n]\n");
  CHECK(fmt("x = f(<<EOT\na\nEOT\n)\n") == "x = f(\n  <<EOT\na\n  EOT\n  ,\n)\n");
}

TEST_CASE("format: imports keep their place") {
  CHECK(fmt("import \"a\"\nimport   \"./b\"   as   b\n\nx = 1\n") ==
        "import \"a\"\nimport \"./b\" as b\n\nx = 1\n");
}

TEST_CASE("format: multi-line calls keep one argument per line") {
  CHECK(fmt("x = merge(\na,\n{ b = 1 })\n") == "x = merge(\n  a,\n  { b = 1 },\n)\n");
  CHECK(fmt("x = merge(a, {\nb = 1\n})\n") == "x = merge(a, {\n  b = 1\n})\n");
}

TEST_CASE("format: the DESIGN.md sample is stable") {
  std::string src = R"(import "stdlib/datamesh" # platform templates
variable "env" {
  type    = string
  default = "dev"
}
let {
  prefix = "${var.env}-sales"
}
resource "postgres_schema" "orders" {
  for_each = toset(["v1", "v2"])
  name     = "${let.prefix}_orders_${each.key}"
  lifecycle { prevent_destroy = true }
}
template "data_product" {
  param "domain" { type = string }
  param "classification" { type = string, default = "internal" }
  block "output_port" { param "columns" { type = map(string) } }

  output "schemas" { value = [for s in postgres_schema.port : s.name] }
}
policy "confidential-needs-owner" {
  enforcement = "deny"
  condition   = each.value.classification != "confidential" || each.value.owner != null
}
)";
  CHECK(fmt(src) == src);
}
