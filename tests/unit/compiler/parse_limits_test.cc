/// Hostile input: deep nesting, huge strings, binary data. Each must end in diagnostics,
/// never in a crash.

#include <doctest/doctest.h>

#include "../../../bench/gen_config.h"
#include "parse_helpers.h"

using namespace mesh;
using namespace mesh::test;

namespace {

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

bool has_error(const Parsed& p, const std::string& prefix) {
  for (const auto& d : p.diagnostics.items())
    if (d.message.rfind(prefix, 0) == 0) return true;
  return false;
}

}  // namespace

TEST_CASE("limits: 100,000 nested brackets of every kind") {
  for (auto [open, close] : std::vector<std::pair<std::string, std::string>>{
           {"[", "]"}, {"(", ")"}, {"{a=", "}"}, {"\"${", "}\""}, {"f(", ")"}}) {
    CAPTURE(open);
    auto p = parse("x = " + repeat(open, 100000) + "1" + repeat(close, 100000) + "\n");
    CHECK(has_error(*p, "nesting too deep"));
    // Unclosed as well.
    auto q = parse("x = " + repeat(open, 100000));
    CHECK(q->diagnostics.has_errors());
  }
}

TEST_CASE("limits: nesting up to the limit parses") {
  auto p = parse("x = " + repeat("[", 250) + "1" + repeat("]", 250) + "\n");
  CHECK(p->ok());
  auto q = parse("x = " + repeat("{a = ", 120) + "1" + repeat("}", 120) + "\n");
  CHECK(q->ok());
}

TEST_CASE("limits: long operator chains") {
  CHECK(has_error(*parse("x = " + repeat("!", 100000) + "a\n"), "nesting too deep"));
  CHECK(has_error(*parse("x = " + repeat("-", 100000) + "a\n"), "nesting too deep"));
  CHECK(has_error(*parse("x = " + repeat("a ? b : ", 100000) + "c\n"), "nesting too deep"));
  CHECK(has_error(*parse("x = a" + repeat(".b", 100000) + "\n"), "expression nested too deeply"));
  CHECK(has_error(*parse("x = 1" + repeat(" + 1", 100000) + "\n"), "expression nested too deeply"));
  CHECK(has_error(*parse("x = a" + repeat("[0]", 100000) + "\n"), "expression nested too deeply"));
  // Ordinary lengths are fine.
  CHECK(parse("x = 1" + repeat(" + 1", 500) + "\n")->ok());
  CHECK(parse("x = a" + repeat(".b", 500) + "\n")->ok());
}

TEST_CASE("limits: a 50 MB string") {
  std::string big(50u << 20, 'a');
  auto p = parse("x = \"" + big + "\"\n");
  REQUIRE(p->ok());
  CHECK(static_cast<const ast::StringExpr&>(p->attr(0)).value.size() == big.size());
  auto q = parse("x = \"" + big);
  CHECK(has_error(*q, "unterminated string"));
  // The rendered diagnostic shows a window of the line, not 50 MB.
  CHECK(q->errors().size() < 2000);
}

TEST_CASE("limits: binary input") {
  std::string all;
  for (int round = 0; round < 4; ++round)
    for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  auto p = parse(all);
  CHECK(p->diagnostics.has_errors());
  CHECK(p->diagnostics.error_count() <= 20);

  uint32_t state = 12345;
  for (int file = 0; file < 50; ++file) {
    std::string noise;
    for (int i = 0; i < 2000; ++i) {
      state = state * 1103515245 + 12345;
      noise += static_cast<char>(state >> 24);
    }
    auto q = parse(noise);
    CHECK(q->diagnostics.error_count() <= 20);
  }
}

TEST_CASE("limits: random mesh-like token soup never crashes") {
  static const char* const kPieces[] = {
      "resource", " \"a\"", " {",      "}",     "\n",  " = ",  "[",  "]",  "(", ")",
      "${",       "\"",     "<<EOT\n", "EOT\n", "x",   ".",    "*",  ",",  "?", ":",
      "1",        "for",    " in ",    "=>",    "...", "#c\n", "/*", "*/", "!"};
  uint32_t state = 7;
  for (int file = 0; file < 300; ++file) {
    std::string text;
    for (int i = 0; i < 60; ++i) {
      state = state * 1103515245 + 12345;
      text += kPieces[(state >> 16) % (sizeof kPieces / sizeof kPieces[0])];
    }
    auto p = parse(text);
    if (p->ok()) {
      // Whatever parses must format and parse back to the same AST.
      std::string formatted = format_file(*p->file);
      auto q = parse(formatted);
      CHECK_MESSAGE(q->ok(), text);
      if (q->ok()) CHECK(dump(*q->file) == dump(*p->file));
    }
  }
}

TEST_CASE("limits: NUL bytes inside strings and comments") {
  auto p = parse(std::string("# a\0b\nx = \"a\0b\"\n", 16));
  CHECK(p->ok());
  auto q = parse(std::string("x = 1\0", 6));
  CHECK(has_error(*q, "unexpected NUL byte"));
}

TEST_CASE("limits: large files parse in chunks to the same AST") {
  std::string text = "# big\n" + bench::generate_config(3000) + "output \"last\" { value = 1 }\n";
  SourceManager sources;
  FileId id = sources.add("big.mesh", text);
  Diagnostics d1, d2;
  ParseLimits chunked;
  chunked.chunk_bytes = 64 * 1024;
  ParseLimits whole;
  whole.chunk_bytes = 0;
  auto a = parse_file(sources, id, d1, chunked);
  auto b = parse_file(sources, id, d2, whole);
  CHECK_FALSE(d1.has_errors());
  CHECK_FALSE(d2.has_errors());
  CHECK(a->body.blocks.size() == 3002);
  CHECK(a->comments.size() == b->comments.size());
  CHECK(a->comments.back().range.begin.line == b->comments.back().range.begin.line);
  CHECK(a->body.blocks.back().range.begin.line == b->body.blocks.back().range.begin.line);
  CHECK(dump(*a) == dump(*b));
}

TEST_CASE("limits: an error in a chunked file is reported as without chunks") {
  std::string text = bench::generate_config(3000);
  text.insert(text.size() / 2, "\n@\n");
  SourceManager sources;
  FileId id = sources.add("big.mesh", text);
  Diagnostics d1, d2;
  ParseLimits chunked;
  chunked.chunk_bytes = 64 * 1024;
  ParseLimits whole;
  whole.chunk_bytes = 0;
  parse_file(sources, id, d1, chunked);
  parse_file(sources, id, d2, whole);
  CHECK(d1.has_errors());
  CHECK(render(d1, sources) == render(d2, sources));
}
