#include <doctest/doctest.h>

#include "core/diagnostics.h"

using namespace mesh;

TEST_CASE("diagnostic renders file:line:col, the source line and a caret under the range") {
  SourceManager sources;
  FileId f = sources.add("main.mesh", "resource \"a\" \"b\" {\n  nmae = 1\n}\n");
  Diagnostics diags;
  Diagnostic& d = diags.error(SourceRange{f, {2, 3}, {2, 7}}, "unknown attribute `nmae`");
  d.suggestion = "name";
  CHECK(diags.has_errors());
  CHECK(render(diags, sources) ==
        "main.mesh:2:3: error: unknown attribute `nmae`\n"
        " 2 |   nmae = 1\n"
        "   |   ^~~~\n"
        "help: did you mean `name`?\n");
}

TEST_CASE("diagnostic without a range names its subject") {
  SourceManager sources;
  Diagnostic d;
  d.subject = "local_file.readme";
  d.message = "provider failed";
  CHECK(render(d, sources) == "local_file.readme: error: provider failed\n");
}

TEST_CASE("notes are printed with their own location") {
  SourceManager sources;
  FileId f = sources.add("x.mesh", "a {\n\n");
  Diagnostic d;
  d.range = SourceRange{f, {3, 1}, {3, 1}};
  d.message = "expected `}`";
  d.notes.push_back({"block `a` opened here", SourceRange{f, {1, 3}, {1, 4}}});
  std::string text = render(d, sources);
  CHECK(text.find("x.mesh:3:1: error: expected `}`") == 0);
  CHECK(text.find("x.mesh:1:3: note: block `a` opened here\n 1 | a {\n   |   ^\n") !=
        std::string::npos);
}

TEST_CASE("tabs before the range are kept so the caret lines up") {
  SourceManager sources;
  FileId f = sources.add("t.mesh", "\tx = y\n");
  Diagnostic d;
  d.range = SourceRange{f, {1, 6}, {1, 7}};
  d.message = "m";
  CHECK(render(d, sources) == "t.mesh:1:6: error: m\n 1 | \tx = y\n   | \t    ^\n");
}

TEST_CASE("closest_match suggests near names only") {
  std::vector<std::string> names{"name", "content", "path"};
  CHECK(closest_match("nmae", names) == "name");
  CHECK(closest_match("contnet", names) == "content");
  CHECK(closest_match("zzzzzz", names).empty());
  CHECK(closest_match("path", names).empty());  // exact: nothing to suggest
}

TEST_CASE("line_text handles CRLF, the last line without newline, and out-of-range lines") {
  SourceManager sources;
  FileId f = sources.add("c.mesh", "one\r\ntwo");
  CHECK(sources.line_text(f, 1) == "one");
  CHECK(sources.line_text(f, 2) == "two");
  CHECK(sources.line_text(f, 3).empty());
  CHECK(sources.line_text(f, 0).empty());
}
