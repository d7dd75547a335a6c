/// The saved-plan digest and the built-in references: it hashes the values of `path.*` and
/// `mesh.workspace` only when the configuration reads them, so that a plan made in one
/// checkout applies in a copy unless its values depend on where the checkout is.

#include <doctest/doctest.h>

#include <filesystem>

#include "plan_test_support.h"
#include "planner/digest.h"

namespace {

using mesh::test::TempDir;

std::string digest_of(const std::string& dir, const std::string& workspace) {
  mesh::SourceManager sources;
  mesh::Diagnostics diagnostics;
  mesh::ProviderRegistry registry = mesh::test::test_registry();
  mesh::CompileOptions options;
  options.directory = dir;
  options.workspace = workspace;
  options.evaluate_all = false;
  mesh::Compilation c = mesh::compile(options, sources, registry, diagnostics);
  REQUIRE_MESSAGE(!diagnostics.has_errors(), mesh::render(diagnostics, sources));
  return mesh::plan::config_digest(*c.graph);
}

/// The same main.mesh in two folders.
struct TwoCopies {
  TempDir a, b;
  explicit TwoCopies(const std::string& text) {
    a.write("main.mesh", text);
    b.write("main.mesh", text);
  }
};

}  // namespace

TEST_CASE("digest: built-ins nobody reads change nothing") {
  TwoCopies t("output \"x\" { value = 1 }\n");
  CHECK(digest_of(t.a.path(), "default") == digest_of(t.b.path(), "default"));
  CHECK(digest_of(t.a.path(), "default") == digest_of(t.a.path(), "pr-42"));
}

TEST_CASE("digest: mesh.workspace is hashed when read") {
  TwoCopies t("output \"x\" { value = mesh.workspace }\n");
  CHECK(digest_of(t.a.path(), "pr-1") != digest_of(t.a.path(), "pr-2"));
  CHECK(digest_of(t.a.path(), "pr-1") == digest_of(t.b.path(), "pr-1"));
}

TEST_CASE("digest: path.root and path.module are hashed when read") {
  TwoCopies root("output \"x\" { value = path.root }\n");
  CHECK(digest_of(root.a.path(), "default") != digest_of(root.b.path(), "default"));
  CHECK(digest_of(root.a.path(), "default") == digest_of(root.a.path(), "default"));
  TwoCopies module("output \"x\" { value = path.module }\n");
  CHECK(digest_of(module.a.path(), "default") != digest_of(module.b.path(), "default"));
}

TEST_CASE("digest: path.cwd is hashed when read") {
  TempDir dir;
  dir.write("main.mesh", "output \"x\" { value = path.cwd }\n");
  const std::string here = digest_of(dir.path(), "default");
  std::filesystem::path before = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  const std::string there = digest_of(dir.path(), "default");
  std::filesystem::current_path(before);
  CHECK(here != there);
}
