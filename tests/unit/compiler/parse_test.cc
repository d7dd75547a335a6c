#include <doctest/doctest.h>

#include "parse_helpers.h"

using namespace mesh;
using namespace mesh::test;

TEST_CASE("parse: literals") {
  CHECK(expr_dump("42") == "42");
  CHECK(expr_dump("12.50") == "12.50");
  CHECK(expr_dump("1e3") == "1e3");
  CHECK(expr_dump("2.5E-3") == "2.5E-3");
  CHECK(expr_dump("true") == "true");
  CHECK(expr_dump("false") == "false");
  CHECK(expr_dump("null") == "null");
}

TEST_CASE("parse: durations are a number immediately followed by a unit") {
  CHECK(expr_dump("500ms") == "(duration 500ms 500ms)");
  CHECK(expr_dump("90s") == "(duration 90s 90000ms)");
  CHECK(expr_dump("15m") == "(duration 15m 900000ms)");
  CHECK(expr_dump("8h") == "(duration 8h 28800000ms)");
  CHECK(expr_dump("7d") == "(duration 7d 604800000ms)");
  CHECK(expr_dump("1.5h") == "(duration 1.5h 5400000ms)");
  // With a space it is a number next to a name: not an expression.
  CHECK(expr_dump("8 h").rfind("error:", 0) == 0);
  CHECK(first_error("x = 15min\n") == "invalid number `15min`");
}

TEST_CASE("parse: strings and escapes") {
  CHECK(expr_dump(R"("plain")") == R"("plain")");
  CHECK(expr_dump(R"("a\nb\tc\"d\\e\r")") == R"("a\nb\tc\"d\\e\r")");
  CHECK(expr_dump(R"("\u00e9\U0001F600")") == "\"\u00e9\U0001F600\"");
  CHECK(expr_dump(R"("$${literal} %%{x}")") == R"("${literal} %{x}")");
  CHECK(expr_dump(R"("cost: $5 or 10%")") == R"("cost: $5 or 10%")");
  CHECK(expr_dump(R"("")") == R"("")");
}

TEST_CASE("parse: interpolation") {
  CHECK(expr_dump(R"("${var.env}-sales")") == R"((template ${(. var env)} "-sales"))");
  CHECK(expr_dump(R"("a${x}b${y}c")") == R"((template "a" ${x} "b" ${y} "c"))");
  // Braces nest inside an interpolation; strings nest too.
  CHECK(expr_dump(R"("${ {a = 1}.a }")") == R"((template ${(. {a=1} a)}))");
  CHECK(expr_dump(R"("${ {a = {b = 2}}.a.b }!")") == R"((template ${(. (. {a={b=2}} a) b)} "!"))");
  CHECK(expr_dump(R"("x${ "in${y}ner" }z")") ==
        R"((template "x" ${(template "in" ${y} "ner")} "z"))");
  CHECK(expr_dump(R"("${~ x ~}")") == R"((template ${~x~}))");
  CHECK(expr_dump(R"("${ f({k = "}"}) }")") == R"((template ${(call f {k="}"})}))");
}

TEST_CASE("parse: heredocs") {
  SUBCASE("plain") {
    auto p = parse("x = <<EOT\nhello\n  world\nEOT\n");
    REQUIRE(p->ok());
    CHECK(dump(p->attr(0)) == R"((heredoc "hello\n  world\n"))");
    auto& s = static_cast<const ast::StringExpr&>(p->attr(0));
    CHECK(s.heredoc_marker == "EOT");
    CHECK_FALSE(s.heredoc_indented);
    CHECK(s.range.begin.line == 1);
    CHECK(s.range.begin.column == 5);
    CHECK(s.range.end.line == 4);
    CHECK(s.range.end.column == 4);
  }
  SUBCASE("indented strips the common indentation") {
    auto p = parse("x = <<-EOT\n    a\n      b\n\n    c\n  EOT\ny = 1\n");
    REQUIRE(p->ok());
    CHECK(dump(p->attr(0)) == R"((heredoc "a\n  b\n\nc\n"))");
    CHECK(static_cast<const ast::StringExpr&>(p->attr(0)).heredoc_indented);
    CHECK(dump(p->attr(1)) == "1");
  }
  SUBCASE("interpolation inside") {
    auto p = parse("x = <<EOT\nhi ${name}!\n$${not} ${ {a = 1}.a }\nEOT\n");
    REQUIRE(p->ok());
    CHECK(dump(p->attr(0)) ==
          R"((heredoc-template "hi " ${name} "!\n${not} " ${(. {a=1} a)} "\n"))");
  }
  SUBCASE("indented with interpolation") {
    auto p = parse("x = <<-EOT\n  a ${b}\n    ${c}\n  EOT\n");
    REQUIRE(p->ok());
    CHECK(dump(p->attr(0)) == R"((heredoc-template "a " ${b} "\n  " ${c} "\n"))");
  }
  SUBCASE("empty, and a marker word inside a line is text") {
    auto p = parse("x = <<EOT\nEOT\ny = <<END\nnot END here\nEND\n");
    REQUIRE(p->ok());
    CHECK(dump(p->attr(0)) == R"((heredoc ""))");
    CHECK(dump(p->attr(1)) == R"((heredoc "not END here\n"))");
  }
  SUBCASE("heredoc inside a call") {
    auto p = parse("x = f(<<EOT\nbody\nEOT\n, 2)\n");
    REQUIRE(p->ok());
    CHECK(dump(p->attr(0)) == R"((call f (heredoc "body\n") 2))");
  }
}

TEST_CASE("parse: operator precedence") {
  CHECK(expr_dump("1 + 2 * 3") == "(+ 1 (* 2 3))");
  CHECK(expr_dump("1 * 2 + 3") == "(+ (* 1 2) 3)");
  CHECK(expr_dump("1 - 2 - 3") == "(- (- 1 2) 3)");
  CHECK(expr_dump("a || b && c") == "(|| a (&& b c))");
  CHECK(expr_dump("a == b || c != d") == "(|| (== a b) (!= c d))");
  CHECK(expr_dump("a < b == c >= d") == "(== (< a b) (>= c d))");
  CHECK(expr_dump("a + b < c % d") == "(< (+ a b) (% c d))");
  CHECK(expr_dump("-a.b * 2") == "(* (neg (. a b)) 2)");
  CHECK(expr_dump("!a && !b") == "(&& (! a) (! b))");
  CHECK(expr_dump("- -1") == "(neg (neg 1))");
  CHECK(expr_dump("(1 + 2) * 3") == "(* (paren (+ 1 2)) 3)");
  CHECK(expr_dump("a ? b : c ? d : e") == "(? a b (? c d e))");
  CHECK(expr_dump("a || b ? x + 1 : y") == "(? (|| a b) (+ x 1) y)");
  CHECK(expr_dump("a / b % c") == "(% (/ a b) c)");
}

TEST_CASE("parse: references, index and splat") {
  CHECK(expr_dump("a.b[0].c") == "(. ([] (. a b) 0) c)");
  CHECK(expr_dump("var.env") == "(. var env)");
  CHECK(expr_dump(R"(postgres_schema.orders["v1"].name)") ==
        R"((. ([] (. postgres_schema orders) "v1") name))");
  CHECK(expr_dump("a[*].id") == "(splat a .id)");
  CHECK(expr_dump("a[*].b[0].c") == "(splat a .b [0] .c)");
  CHECK(expr_dump("a.*.id") == "(splat a .id)");
  CHECK(expr_dump("(a[*].b).c") == "(. (paren (splat a .b)) c)");
  CHECK(expr_dump("x.for.in.if") == "(. (. (. x for) in) if)");
}

TEST_CASE("parse: calls and type expressions") {
  CHECK(expr_dump("f()") == "(call f)");
  CHECK(expr_dump("f(a, b,)") == "(call f a b)");
  CHECK(expr_dump("max(xs...)") == "(call max xs ...)");
  CHECK(expr_dump("f(1, xs...)") == "(call f 1 xs ...)");
  CHECK(expr_dump("map(string)") == "(call map string)");
  CHECK(expr_dump("object({a = string, b = list(number)})") ==
        "(call object {a=string b=(call list number)})");
}

TEST_CASE("parse: lists and objects") {
  CHECK(expr_dump("[]") == "[]");
  CHECK(expr_dump("[1, 2, 3,]") == "[1 2 3]");
  CHECK(expr_dump("[[1], [2, [3]]]") == "[[1] [2 [3]]]");
  CHECK(expr_dump("{}") == "{}");
  CHECK(expr_dump(R"({ a = 1, "b" = 2, (k) = 3 })") == R"({a=1 "b"=2 (paren k)=3})");
  CHECK(expr_dump("{ a: 1, b: 2 }") == "{a=1 b=2}");
  CHECK(expr_dump("{\n  a = 1\n  b = 2\n}") == "{a=1 b=2}");
  CHECK(expr_dump(R"({ "${p}-x" = 1 })") == R"({(template ${p} "-x")=1})");
  CHECK(expr_dump("{ for = 1, if = 2 }") == "{for=1 if=2}");
}

TEST_CASE("parse: for expressions") {
  CHECK(expr_dump("[for x in xs : f(x)]") == "(for-list x xs (call f x))");
  CHECK(expr_dump("[for x in xs : f(x) if p(x)]") == "(for-list x xs (call f x) if (call p x))");
  CHECK(expr_dump("[for i, x in xs : i + x]") == "(for-list i,x xs (+ i x))");
  CHECK(expr_dump("{for k, v in m : k => v}") == "(for-object k,v m k => v)");
  CHECK(expr_dump("{for v in vs : v.kind => v.name...}") ==
        "(for-object v vs (. v kind) => (. v name) ...)");
  CHECK(expr_dump("{for k, v in m : upper(k) => v if v != null}") ==
        "(for-object k,v m (call upper k) => v if (!= v null))");
  CHECK(expr_dump("[for s in a ? b : c : s]") == "(for-list s (? a b c) s)");
}

TEST_CASE("parse: blocks, labels and attributes") {
  auto p = parse(R"(variable "env" {
  type    = string
  default = "dev"
}
let {
  prefix = "p"
}
resource "local_file" "readme" {
  lifecycle { prevent_destroy = true }
}
output_port orders_v1 { columns = {} }
param "x" { type = string, default = "a" }
)");
  REQUIRE(p->ok());
  CHECK(dump(*p->file) == R"(variable "env" {
  type = string
  default = "dev"
}
let {
  prefix = "p"
}
resource "local_file" "readme" {
  lifecycle {
    prevent_destroy = true
  }
}
output_port orders_v1 {
  columns = {}
}
param "x" {
  type = string
  default = "a"
})");
  const ast::Block& res = p->body().blocks.at(2);
  CHECK(res.type == "resource");
  REQUIRE(res.labels.size() == 2);
  CHECK(res.labels[1].value == "readme");
  CHECK(res.labels[1].quoted);
  CHECK_FALSE(p->body().blocks.at(3).labels.at(0).quoted);
}

TEST_CASE("parse: imports") {
  auto p = parse("import \"stdlib/datamesh\"\nimport \"./modules/warehouse\" as wh\nx = 1\n");
  REQUIRE(p->ok());
  REQUIRE(p->file->imports.size() == 2);
  CHECK(p->file->imports[0].path == "stdlib/datamesh");
  CHECK(p->file->imports[0].alias.empty());
  CHECK(p->file->imports[1].alias == "wh");
  CHECK(p->file->imports[1].alias_range.begin.column == 33);
  CHECK(first_error("import \"${x}\"\n") == "an import path cannot contain interpolation");
}

TEST_CASE("parse: keywords are fine as names outside expressions") {
  auto p = parse("for = 1\nif { in = true }\nblock \"x\" { null = 2 }\n");
  CHECK(p->ok());
}

TEST_CASE("parse: source ranges") {
  auto p = parse("resource \"t\" \"n\" {\n  name = var.a + f(x)[0]\n}\n");
  REQUIRE(p->ok());
  const ast::Block& b = p->body().blocks.at(0);
  CHECK(b.range.begin.line == 1);
  CHECK(b.range.begin.column == 1);
  CHECK(b.range.end.line == 3);
  CHECK(b.range.end.column == 2);
  CHECK(b.type_range.end.column == 9);
  CHECK(b.labels[0].range.begin.column == 10);
  CHECK(b.labels[0].range.end.column == 13);
  CHECK(b.body.range.begin.line == 1);
  CHECK(b.body.range.begin.column == 18);
  CHECK(b.body.range.end.line == 3);
  const ast::Attribute& a = b.body.attributes.at(0);
  CHECK(a.name_range.begin.column == 3);
  CHECK(a.name_range.end.column == 7);
  CHECK(a.range.begin.column == 3);
  CHECK(a.range.end.column == 25);
  const auto& plus = static_cast<const ast::BinaryExpr&>(*a.value);
  CHECK(plus.range.begin.column == 10);
  CHECK(plus.range.end.column == 25);
  CHECK(plus.op_range.begin.column == 16);
  CHECK(plus.op_range.end.column == 17);
  const auto& get = static_cast<const ast::GetAttrExpr&>(*plus.lhs);
  CHECK(get.name == "a");
  CHECK(get.name_range.begin.column == 14);
  const auto& index = static_cast<const ast::IndexExpr&>(*plus.rhs);
  const auto& call = static_cast<const ast::CallExpr&>(*index.collection);
  CHECK(call.name_range.begin.column == 18);
  CHECK(call.range.end.column == 22);
  CHECK(index.key->range.begin.column == 23);
}

TEST_CASE("parse: columns count bytes") {
  auto p = parse("x = \"\u00e9\u00e9\" + y\n");
  REQUIRE(p->ok());
  const auto& plus = static_cast<const ast::BinaryExpr&>(p->attr(0));
  CHECK(plus.rhs->range.begin.column == 14);
}

TEST_CASE("parse: comments are collected with their ranges") {
  auto p = parse("# one\nx = 1 // two\n/* three\n   lines */\ny = 2\n");
  REQUIRE(p->ok());
  REQUIRE(p->file->comments.size() == 3);
  CHECK(p->file->comments[0].text == "# one");
  CHECK(p->file->comments[1].text == "// two");
  CHECK(p->file->comments[1].range.begin.column == 7);
  CHECK(p->file->comments[2].range.begin.line == 3);
  CHECK(p->file->comments[2].range.end.line == 4);
  CHECK(p->file->comments[2].range.end.column == 12);
}

TEST_CASE("parse: one item per line unless separated by a comma") {
  CHECK(first_error("a = 1 b = 2\n") ==
        "attributes and blocks on one line must be separated by `,` (or put each on its own "
        "line)");
  CHECK(parse("a = 1, b = 2\n")->ok());
  CHECK(parse("x { a = 1, b = 2 }\n")->ok());
  CHECK(first_error("x { a = 1 b = 2 }\n").find("must be separated by `,`") != std::string::npos);
  CHECK(first_error("x = { a = 1 b = 2 }\n") ==
        "object items on one line must be separated by `,` (or put each on its own line)");
  CHECK(parse("x = {\n  a = 1\n  b = 2\n}\n")->ok());
}

TEST_CASE("parse: CRLF line endings and a byte order mark") {
  auto p = parse("\xEF\xBB\xBFx = 1\r\ny {\r\n  z = \"a\"\r\n}\r\n");
  CHECK(p->ok());
  CHECK(p->errors() == "");
}

TEST_CASE("parse: templates (templatefile input)") {
  SourceManager sources;
  Diagnostics diagnostics;
  FileId id = sources.add("t.tpl", "Hello ${name}!\nUse $${x} and \"quotes\" and \\n.\n");
  ast::ExprPtr e = parse_template(sources, id, diagnostics);
  REQUIRE(e);
  CHECK(dump(*e) == R"((template "Hello " ${name} "!\nUse ${x} and \"quotes\" and \\n.\n"))");
  FileId plain = sources.add("p.tpl", "no interpolation\nEOT\n");
  e = parse_template(sources, plain, diagnostics);
  REQUIRE(e);
  CHECK(dump(*e) == R"("no interpolation\nEOT\n")");
  FileId bad = sources.add("b.tpl", "oops ${x");
  CHECK_FALSE(parse_template(sources, bad, diagnostics));
  CHECK(diagnostics.has_errors());
}

TEST_CASE("parse: expressions (--var, console)") {
  CHECK(expr_dump("  [1, {a = \"b\"}]  ") == R"([1 {a="b"}])");
  auto p = parse_expr("1 +");
  CHECK_FALSE(p->expr);
  CHECK(p->errors().find("unexpected end of file; expected an expression") != std::string::npos);
  CHECK_FALSE(parse_expr("a = 1")->expr);
}
