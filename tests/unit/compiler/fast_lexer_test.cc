/// FastLexer (large files) must produce exactly the tokens of the generated lexer
/// (grammar/MeshLexer.g4), and give up exactly where the generated lexer reports an error.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../../../bench/gen_config.h"
#include "compiler/token_dump.h"

using namespace mesh;

namespace {

void same_tokens(const std::string& text) {
  CAPTURE(text.substr(0, 300));
  auto reference = dump_tokens(text, false);
  auto fast = dump_tokens(text, true);
  REQUIRE(reference.has_value() == fast.has_value());
  if (reference) CHECK(*reference == *fast);
}

}  // namespace

TEST_CASE("fast lexer: same tokens as the generated lexer") {
  static const char* const kCases[] = {
      "",
      "x = 1\n",
      "\xEF\xBB\xBFx = 1\r\n",
      "resource \"a\" \"b\" {\n  name = \"${var.env}-x\"\n  ttl = 8h\n}\n",
      "x = [1.5, 2e10, 3E-2, 500ms, 90s, 15m, 8h, 7d, 1.5h, 0]\n",
      "x = a.b[0].c[*].d.*.e\n",
      "x = a == b != c <= d >= e && f || !g ? h : -i * j / k % l + m - n < o > p\n",
      "x = f(xs...)\ny = {for k, v in m : k => v... if v}\n",
      "# c\n// d\n/* e\n f */ x = 1 # t\n",
      "x = \"a\\n\\t\\\"\\\\\\r\\u00e9\\U0001F600 $${x} %%{y} $ % 100%\"\n",
      "x = \"${ {a = {b = 1}}.a.b } ${\"in${x}\"} ${~ y ~}\"\n",
      "x = <<EOT\nline ${a}\n  $${b} %%{c} $ %\nEOT\ny = <<-E\n  a\n  E\n",
      "x = <<EOT\nEOT\n",
      "x = <<EOT\nnot EOT\n EOT \n",
      "x = \"caf\xc3\xa9\"\n",
      "import \"a\" as b\nfor = in\n",
      // Errors: both must give up.
      "x = @\n",
      "x = \"abc\n",
      "x = \"abc",
      "x = <<EOT\nabc\n",
      "x = <<EOT y\n",
      "x = 15min\n",
      "x = 1e\n",
      "x = \"\\q\"\n",
      "x = \"\\u12\"\n",
      "/* open",
      "x = 'a'\n",
      "x = ~}\n",
      "x = \"${a\n",
      "x = \xc3\xa9\n",
  };
  for (const char* c : kCases) same_tokens(c);
}

TEST_CASE("fast lexer: same tokens on the benchmark configuration and the samples") {
  same_tokens(bench::generate_config(200));
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::string(MESH_SOURCE_DIR) + "/samples")) {
    if (entry.path().extension() != ".mesh") continue;
    std::ifstream in(entry.path());
    std::stringstream buffer;
    buffer << in.rdbuf();
    same_tokens(buffer.str());
  }
}

TEST_CASE("fast lexer: same tokens on random token soup") {
  static const char* const kPieces[] = {
      "resource", " \"a\"", " {",      "}",     "\n",  " = ",    "[",    "]",    "(",   ")",
      "${",       "\"",     "<<EOT\n", "EOT\n", "x",   ".",      "*",    ",",    "?",   ":",
      "1",        "for",    " in ",    "=>",    "...", "#c\n",   "/*",   "*/",   "!",   "$",
      "%",        "\\n",    "8h",      "1.5",   "~}",  "<<-X\n", " X\n", "\r\n", "$${", "e3"};
  uint32_t state = 99;
  for (int file = 0; file < 2000; ++file) {
    std::string text;
    for (int i = 0; i < 40; ++i) {
      state = state * 1103515245 + 12345;
      text += kPieces[(state >> 16) % (sizeof kPieces / sizeof kPieces[0])];
    }
    same_tokens(text);
  }
}
