/// The fast parser (compiler/fast_parser.h) must build exactly the tree of the ANTLR path —
/// every node, field and source range — whenever it accepts an input, and must decline every
/// input the ANTLR path reports an error for. Compared over hand-written cases, every .mesh file
/// of the repository, generated configurations and thousands of mutated inputs.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "../../../bench/gen_config.h"
#include "compiler/ast_dump.h"
#include "compiler/fast_parser.h"
#include "compiler/parse.h"

#ifndef MESH_SOURCE_DIR
#error MESH_SOURCE_DIR must name the source tree
#endif

using namespace mesh;
namespace fs = std::filesystem;

namespace {

struct Outcome {
  bool fast_accepted = false;
  bool antlr_ok = false;
};

/// Parses `text` both ways and checks the contract; returns what happened.
Outcome compare(const std::string& text, const ParseLimits& base = {}) {
  Outcome o;
  ParseLimits limits = base;
  limits.chunk_bytes = 0;
  auto fast = fast_parse_file(text, 1, 0, limits);
  o.fast_accepted = fast != nullptr;

  SourceManager sources;
  FileId id = sources.add("t.mesh", text);
  REQUIRE(id == 0);
  Diagnostics diagnostics;
  limits.fast_parser = false;
  auto reference = parse_file(sources, id, diagnostics, limits);
  o.antlr_ok = !diagnostics.has_errors();
  if (fast) {
    CAPTURE(text.substr(0, 400));
    INFO(render(diagnostics, sources));
    // Accepted by the fast parser: the ANTLR path accepts it too and builds the same tree.
    REQUIRE(o.antlr_ok);
    CHECK(dump_located(*fast) == dump_located(*reference));
  }
  return o;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> repository_mesh_files(bool include_invalid) {
  std::vector<fs::path> out;
  fs::path root(MESH_SOURCE_DIR);
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    const fs::path& p = it->path();
    std::string rel = fs::relative(p, root).generic_string();
    std::string name = p.filename().string();
    if (it->is_directory() && (name.rfind("build", 0) == 0 || name == ".git" || name == ".mesh" ||
                               (!include_invalid && rel == "tests/golden/parse"))) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && p.extension() == ".mesh") out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Valid inputs covering every construct of grammar/Mesh.g4 and the corners where a
/// hand-written parser could disagree with ANTLR (precedence, associativity, keywords as names,
/// splat merging, ranges of multi-line tokens).
const char* const kValid[] = {
    "",
    "# only a comment\n",
    "x = 1\n",
    "x = 1, y = 2\n",
    "x = 1,\ny = 2,\n",
    "import \"./a\"\nimport \"stdlib/b\" as c,\nresource \"t\" \"n\" {}\n",
    "import \"x\" # after\n// between\nvariable \"v\" {\n  type = string\n}\n",
    "resource \"a\" \"b\" {\n  name = \"${var.env}-x\"\n  ttl  = 8h\n  lifecycle {\n"
    "    prevent_destroy = true\n  }\n}\n",
    "output_port orders_v1 { columns = { id = \"bigint\" } }\n",
    "block \"a\" b import as for in if true false null {}\n",
    "for = 1\nin = 2\nif = 3\ntrue = 4\nimport = 5\nas = 6\nnull = 7\nfalse = 8\n",
    "x { y { z { w = 1 } } }\n",
    "x = [1.5, 2e10, 3E-2, 500ms, 90s, 15m, 8h, 7d, 1.5h, 0]\n",
    "x = a.b[0].c[*].d.*.e\n",
    "x = a[*].b.c[0][\"k\"]\ny = (a[*]).b\nz = a.*.b[1]\nw = a[*][*].c\n",
    "x = a.if.for.in.true.null.import.as.false\n",
    "x = a == b != c <= d >= e && f || !g ? h : -i * j / k % l + m - n < o > p\n",
    "x = a - b - c\ny = a / b * c % d\nz = a ? b : c ? d : e\nw = (a ? b : c) ? d : e\n",
    "x = a || b ? c || d : e || f\ny = a ? b ? c : d : e\n",
    "x = -a.b\ny = !a == b\nz = - - a\nw = !!a\nv = -a * b\nu = a - -b\nt = -a[0]\n",
    "x = a < b == c > d\ny = a + b * c - d / e\nz = (a + b) * c\n",
    "x = f()\ny = f(a)\nz = f(a, b)\nw = f(a, b,)\nv = f(xs...)\nu = f(a, xs...,)\n",
    "x = f(g(h(1)), [1, 2], {a = 1})\n",
    "x = []\ny = [1]\nz = [1, 2,]\nw = [\n  1,\n  2\n]\n",
    "x = {}\ny = { a = 1 }\nz = { a = 1, b = 2 }\nw = {\n  a = 1\n  b : 2\n  \"c d\" = 3\n"
    "  (k) = 4\n  \"${p}q\" = 5,\n}\n",
    "x = { for = 1, in = 2, if = 3, true = 4 }\ny = { for : 1 }\n",
    "x = [for v in xs : v]\ny = [for i, v in xs : \"${i}=${v}\" if v != null]\n",
    "x = {for k, v in m : k => v}\ny = {for k, v in m : v => k... if k != \"\"}\n",
    "x = {for in in xs : \"k\" => 1}\n",
    "x = [for x in a ? b : c : x]\n",
    "x = \"a\\n\\t\\\"\\\\\\r\\u00e9\\U0001F600 $${x} %%{y} $ % 100%\"\n",
    "x = \"${ {a = {b = 1}}.a.b } ${\"in${x}\"} ${~ y ~}\"\n",
    "x = \"\"\ny = \"${a}\"\nz = \"${a}${b}\"\nw = \"pre ${a} mid ${b} post\"\n",
    "x = <<EOT\nline ${a}\n  $${b} %%{c} $ %\nEOT\ny = <<-E\n  a\n  E\n",
    "x = <<EOT\nEOT\n",
    "x = <<-EOT\n    indented\n      more\n    ${x}\n  EOT\n",
    "x = <<-EOT\n\n  a\n\n  b ${c} d\n  EOT\ny = 2\n",
    "x = [<<EOT\na\nEOT\n, 2]\n",
    "x = \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"\n",
    "\xEF\xBB\xBFx = 1\r\ny = 2\r\n",
    "x = 1 /* inline */ + 2 # end\n/* multi\n line */\ny = 3\n",
    "x = a\n  .b\n  .c\ny = [\n  1,\n  2,\n][0]\n",
    "x = f(\n  a,\n  b\n)\n",
    "template \"t\" {\n  param \"p\" { type = string }\n  block \"b\" {\n    param \"c\" {\n"
    "      type = map(string)\n    }\n  }\n}\n",
    "policy \"p\" {\n  for_each  = instances(\"t\")\n  condition = each.value.a != null\n}\n",
    "x = \"${a ? \"y\" : \"n\"}\"\ny = \"${[for v in xs : v][0]}\"\n",
    "let {\n  a = 1\n  b = let.a + 1\n}\n",
};

/// Inputs the ANTLR path reports: the fast parser must decline every one.
const char* const kInvalid[] = {
    "x = \n",
    "x = 1 y = 2\n",
    "x = { a = 1 b = 2 }\n",
    "import \"a\" import \"b\"\n",
    "x = f(a..., b)\n",
    "x = [1 2]\n",
    "resource \"${x}\" \"n\" {}\n",
    "import \"${x}\"\n",
    "x = 99999999999999999999d\n",
    "x = \"\\uD800\"\n",
    "x = a.0\n",
    "x = a.\n",
    "x = (a\n",
    "x = {\n",
    "resource \"a\" {\n",
    "}\n",
    "= 1\n",
    "\"x\" = 1\n",
    "x = [for v in xs]\n",
    "x = {for k, v in m : k}\n",
    "x = a ? b\n",
    "x = \xff\n",
    "x = \"\xc3\"\n",
    "x = <<EOT\nabc\n",
    "x = @\n",
};

}  // namespace

TEST_CASE("fast parser: the same tree as the ANTLR path on every construct") {
  for (std::string text : kValid) {
    CAPTURE(text);
    Outcome o = compare(text);
    CHECK(o.antlr_ok);
    CHECK(o.fast_accepted);  // valid input must not need ANTLR
  }
}

TEST_CASE("fast parser: declines every input the ANTLR path reports") {
  for (std::string text : kInvalid) {
    CAPTURE(text);
    Outcome o = compare(text);
    CHECK_FALSE(o.antlr_ok);
    CHECK_FALSE(o.fast_accepted);
  }
}

TEST_CASE("fast parser: leaves the import-or-block ambiguity to ANTLR") {
  // `import "x" { }` is a block of type `import` (the import declaration is not viable), while
  // `import "x"` followed by a block on the next line is an import: the fast parser takes the
  // import only when a new item or the end follows, and otherwise declines.
  Outcome block = compare("import \"x\" { }\n");
  CHECK(block.antlr_ok);
  CHECK_FALSE(block.fast_accepted);
  Outcome labels = compare("import \"x\" \"y\" as z {}\n");
  CHECK(labels.antlr_ok);
  CHECK_FALSE(labels.fast_accepted);
  Outcome import = compare("import \"x\" as y\nvariable \"v\" {}\n");
  CHECK(import.antlr_ok);
  CHECK(import.fast_accepted);
}

TEST_CASE("fast parser: the same tree on every .mesh file of the repository") {
  size_t valid = 0;
  for (const fs::path& p : repository_mesh_files(true)) {
    CAPTURE(p.string());
    Outcome o = compare(read(p));
    if (o.antlr_ok) {
      ++valid;
      CHECK(o.fast_accepted);
    }
    CHECK(o.fast_accepted <= o.antlr_ok);
  }
  CHECK(valid > 20);
}

TEST_CASE("fast parser: the same tree on generated configurations") {
  Outcome o = compare(bench::generate_config(300));
  CHECK(o.antlr_ok);
  CHECK(o.fast_accepted);
}

TEST_CASE("fast parser: nesting and depth limits decide as on the ANTLR path") {
  ParseLimits tight;
  tight.max_nesting = 8;
  for (int n : {6, 7, 8, 9, 10, 40}) {
    CAPTURE(n);
    compare("x = " + std::string(n, '[') + "1" + std::string(n, ']') + "\n", tight);
    compare("x = " + std::string(n, '-') + "1\n", tight);
    std::string chain = "x = a";
    for (int i = 0; i < n * 4; ++i) chain += ".b";
    compare(chain + "\n", tight);
    std::string sum = "x = 1";
    for (int i = 0; i < n * 4; ++i) sum += " + 1";
    compare(sum + "\n", tight);
    std::string cond = "x = a";
    for (int i = 0; i < n; ++i) cond += " ? b : c";
    compare(cond + "\n", tight);
    std::string splat = "x = a[*]";
    for (int i = 0; i < n * 4; ++i) splat += "[0]";
    compare(splat + "\n", tight);
    std::string keys = "x = {";
    for (int i = 0; i < n; ++i) keys += "(a) = {";
    keys += "(b) = 1";
    for (int i = 0; i < n; ++i) keys += "}";
    compare(keys + "}\n", tight);
  }
  // The default limits on a chain long enough to exceed the AST builder's depth.
  std::string chain = "x = a";
  for (int i = 0; i < 1100; ++i) chain += ".b";
  Outcome o = compare(chain + "\n");
  CHECK_FALSE(o.antlr_ok);
  CHECK_FALSE(o.fast_accepted);
}

TEST_CASE("fast parser: mutated inputs never make it disagree with the ANTLR path") {
  std::vector<std::string> seeds(std::begin(kValid), std::end(kValid));
  for (const fs::path& p : repository_mesh_files(false)) {
    std::string text = read(p);
    if (text.size() < 4000) seeds.push_back(text);
  }
  static const char* const kInserts[] = {
      "{",  "}",  "[", "]",   "(",  ")",  ",",  "=",   ".",       "*", "-",  "!", "?", ":",  "\"",
      "${", "\n", " ", "for", "if", "in", "=>", "...", "<<EOT\n", "#", "/*", "a", "1", "\\", "~"};
  std::mt19937 random(12345);
  size_t accepted = 0;
  size_t runs = 0;
  // MESH_FAST_PARSER_ROUNDS raises the number of rounds for a longer local run.
  const char* rounds_text = std::getenv("MESH_FAST_PARSER_ROUNDS");
  int rounds = rounds_text ? std::atoi(rounds_text) : 40;
  for (int round = 0; round < rounds; ++round) {
    for (const std::string& seed : seeds) {
      if (seed.empty()) continue;
      std::string text = seed;
      int edits = 1 + static_cast<int>(random() % 3);
      for (int e = 0; e < edits; ++e) {
        size_t at = random() % (text.size() + 1);
        switch (random() % 3) {
          case 0:  // delete a few bytes
            text.erase(at, 1 + random() % 4);
            break;
          case 1:  // insert a token-like piece
            text.insert(at, kInserts[random() % std::size(kInserts)]);
            break;
          default:  // duplicate a slice
            if (!text.empty()) {
              size_t from = random() % text.size();
              text.insert(at, text.substr(from, 1 + random() % 12));
            }
            break;
        }
      }
      Outcome o = compare(text);
      accepted += o.fast_accepted;
      ++runs;
    }
  }
  MESSAGE("mutated inputs: " << runs << ", accepted by the fast parser: " << accepted);
  CHECK(runs > 200);
  CHECK(accepted > 0);
}

TEST_CASE("fast parser: large files are split into chunks and give the same tree") {
  std::string text = bench::generate_config(3000);  // ~1 MB: above the chunk size below
  SourceManager sources;
  FileId id = sources.add("big.mesh", text);
  Diagnostics d1;
  Diagnostics d2;
  ParseLimits chunked;
  chunked.chunk_bytes = 64 * 1024;
  ParseLimits reference;
  reference.chunk_bytes = 0;
  reference.fast_parser = false;
  auto fast = parse_file(sources, id, d1, chunked);
  auto slow = parse_file(sources, id, d2, reference);
  CHECK_FALSE(d1.has_errors());
  CHECK_FALSE(d2.has_errors());
  CHECK(dump_located(*fast) == dump_located(*slow));
}
