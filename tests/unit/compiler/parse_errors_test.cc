#include <doctest/doctest.h>

#include "parse_helpers.h"

using namespace mesh;
using namespace mesh::test;

namespace {

std::vector<std::string> messages(const Parsed& p) {
  std::vector<std::string> out;
  for (const auto& d : p.diagnostics.items()) out.push_back(d.message);
  return out;
}

}  // namespace

TEST_CASE("errors: an unclosed block names the block and where it opened") {
  auto p = parse("resource \"a\" \"b\" {\n  name = \"x\"\n  lifecycle {\n    x = 1\n  }\n");
  REQUIRE(p->diagnostics.items().size() == 1);
  const Diagnostic& d = p->diagnostics.items()[0];
  CHECK(d.message == "expected `}` to close block `resource` opened at line 1");
  CHECK(d.range.begin.line == 6);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].message == "block `resource` opened here");
  CHECK(d.notes[0].range.begin.line == 1);
  CHECK(d.notes[0].range.begin.column == 18);
}

TEST_CASE("errors: unclosed lists, objects, calls and parentheses") {
  CHECK(first_error("x = [1, 2\n") == "expected `]` to close list opened at line 1");
  CHECK(first_error("x = {\n  a = 1\n") == "expected `}` to close object opened at line 1");
  CHECK(first_error("x = f(1,\n 2\n") == "expected `)` to close call to `f` opened at line 1");
  CHECK(first_error("x = (1 + 2\n") == "expected `)` to close parenthesis opened at line 1");
  CHECK(first_error("x = [for a in b : a\n") ==
        "expected `]` to close `for` expression opened at line 1");
}

TEST_CASE("errors: unterminated strings, heredocs, interpolations and comments") {
  auto p = parse("x = \"abc\ny = 2\n");
  CHECK(messages(*p) == std::vector<std::string>{"unterminated string"});
  CHECK(p->diagnostics.items()[0].range.begin.column == 5);
  CHECK(first_error("x = \"abc") == "unterminated string");
  CHECK(first_error("x = <<EOT\nabc\n") == "unterminated heredoc: expected `EOT`");
  CHECK(first_error("x = <<-END\n  abc\n  EN\n") == "unterminated heredoc: expected `END`");
  CHECK(first_error("x = \"${a") == "unterminated interpolation: expected `}`");
  CHECK(first_error("/* never closed\nx = 1\n") == "unterminated comment: expected `*/`");
  CHECK(first_error("x = <<EOT y\n") == "expected a newline after heredoc marker `<<EOT`");
}

TEST_CASE("errors: stray characters and bytes") {
  CHECK(first_error("x = 1 @ 2\n") == "unexpected character `@`");
  CHECK(first_error("x = 'a'\n") == "single-quoted strings are not supported; use double quotes");
  CHECK(first_error("x = a ' b\n") == "unexpected character `'`; strings use double quotes");
  CHECK(first_error("x = \xc3\xa9\n") == "unexpected character `\xc3\xa9`");
  CHECK(first_error(std::string("x = 1\n\0\n", 8)) == "unexpected NUL byte");
  CHECK(first_error("x = \x01\n") == "unexpected control character 0x01");
  auto p = parse("x = \"\xff\"\ny = \xfe\n");
  CHECK(messages(*p) ==
        std::vector<std::string>{"invalid UTF-8 byte 0xff", "invalid UTF-8 byte 0xfe"});
  CHECK(p->diagnostics.items()[1].range.begin.line == 2);
  CHECK(p->diagnostics.items()[1].range.begin.column == 5);
  // Overlong encodings and surrogates are invalid too.
  CHECK(first_error("x = \"\xc0\xaf\"\n") == "invalid UTF-8 byte 0xc0");
  CHECK(first_error("x = \"\xed\xa0\x80\"\n") == "invalid UTF-8 byte 0xed");
}

TEST_CASE("errors: escapes") {
  CHECK(first_error("x = \"a\\qb\"\n") ==
        "invalid escape sequence `\\q`; use `\\\\` for a backslash");
  CHECK(first_error("x = \"\\uD800\"\n") == "invalid unicode escape `\\uD800`: not a character");
  CHECK(first_error("x = \"\\u12\"\n").rfind("invalid escape sequence `\\u`", 0) == 0);
}

TEST_CASE("errors: unexpected tokens say what was expected") {
  CHECK(first_error("x = \n}\n") == "unexpected `}`; expected an expression");
  CHECK(first_error("}\nx = 1\n") ==
        "unexpected `}`; expected a block, an attribute or an import (no block is open here)");
  CHECK(first_error("a {\n  x =\n}\n") == "unexpected `}`; expected an expression");
  CHECK(first_error("a \"b\" c {\n  x == 1\n}\n") == "unexpected `==`; expected `=` or `{`");
  CHECK(first_error("x = [1, 2 y]\n") == "unexpected `y`; expected `]` or `,`");
  CHECK(first_error("x = 1 +\n") == "unexpected end of file; expected an expression");
  CHECK(first_error("import x\n") == "unexpected end of file; expected a name, a string or `{`");
}

TEST_CASE("errors: many errors are reported in one run") {
  auto p = parse("a = @\nb {\n  c = 'x'\n}\nd = \"\\q\"\ne = 1 +\n");
  auto m = messages(*p);
  REQUIRE(m.size() == 4);
  CHECK(m[0] == "unexpected character `@`");
  CHECK(m[1] == "single-quoted strings are not supported; use double quotes");
  CHECK(m[2] == "invalid escape sequence `\\q`; use `\\\\` for a backslash");
}

TEST_CASE("errors: at most 20 per file, then a note") {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "x" + std::to_string(i) + " = @\n";
  auto p = parse(text);
  CHECK(p->diagnostics.error_count() == 20);
  CHECK(p->diagnostics.items().back().severity == Severity::Note);
  CHECK(p->diagnostics.items().back().message == "too many errors in this file; stopping here");
}

TEST_CASE("errors: rendered like a compiler") {
  auto p = parse("resource \"a\" \"b\" {\n  name = \"x\"\n", "main.mesh");
  CHECK(p->errors() ==
        "main.mesh:3:1: error: expected `}` to close block `resource` opened at line 1\n"
        " 3 | \n"
        "   | ^\n"
        "main.mesh:1:18: note: block `resource` opened here\n"
        " 1 | resource \"a\" \"b\" {\n"
        "   |                  ^\n");
}

TEST_CASE("errors: labels must be plain strings") {
  CHECK(first_error("resource \"${x}\" {}\n") == "a block label cannot contain interpolation");
}
