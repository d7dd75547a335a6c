/// The built-in references `path.module`, `path.root`, `path.cwd` and `mesh.workspace`: values
/// in every scope (root, folder module, stdlib template, let, param default, for_each), located
/// errors with did-you-mean, and the BuiltinUse bits the plan digest reads.

#include <doctest/doctest.h>

#include <filesystem>

#include "compile_test_support.h"
#include "compiler/eval.h"

namespace {

using mesh::test::Compiled;

std::unique_ptr<Compiled> compile_in(const std::map<std::string, std::string>& files,
                                     const std::string& workspace = "") {
  auto c = std::make_unique<Compiled>();
  for (const auto& [name, text] : files) c->dir.write(name, text);
  mesh::CompileOptions options;
  options.directory = c->dir.path();
  if (!workspace.empty()) options.workspace = workspace;
  options.load.stdlib_paths = {c->dir.path() + "/stdlib"};
  c->result = mesh::compile(options, c->sources, c->catalog, c->diagnostics);
  return c;
}

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

}  // namespace

TEST_CASE("builtins: path.module is the folder of the file the expression is written in") {
  auto c = compile_in({
      {"main.mesh", R"mesh(
import "./modules/db"
import "stdlib/kit"
let { here = path.module }
db "main" {}
kit "k" {}
output "root_module" { value = path.module }
output "root_let" { value = let.here }
output "db_module" { value = db.main.where }
output "db_default" { value = db.main.dflt }
output "kit_module" { value = kit.k.where }
resource "test_file" "f" {
  path    = "${path.module}/out.txt"
  content = mesh.workspace
}
)mesh"},
      {"modules/db/db.mesh", R"mesh(
template "db" {
  param "dflt" {
    type    = string
    default = path.module
  }
  resource "test_file" "f" { path = "${path.module}/x" }
  output "where" { value = path.module }
  output "dflt" { value = param.dflt }
}
)mesh"},
      {"stdlib/kit/kit.mesh", R"mesh(
template "kit" {
  output "where" { value = "${path.module}/script.sh" }
}
)mesh"},
  });
  REQUIRE_MESSAGE(c->ok(), c->errors());
  const std::string root = mesh::absolute_dir(c->dir.path());
  CHECK(c->value("output.root_module") == quoted(root));
  CHECK(c->value("output.root_let") == quoted(root));
  CHECK(c->value("output.db_module") == quoted(root + "/modules/db"));
  // A param default is written in the template's file, not where the instance is.
  CHECK(c->value("output.db_default") == quoted(root + "/modules/db"));
  CHECK(c->value("output.kit_module") == quoted(root + "/stdlib/kit/script.sh"));
  CHECK(c->value("db.main.test_file.f").find(quoted(root + "/modules/db/x")) != std::string::npos);
  std::string f = c->value("test_file.f");
  CHECK(f.find(quoted(root + "/out.txt")) != std::string::npos);
  CHECK(f.find("content = \"default\"") != std::string::npos);
  CHECK(c->graph().builtins.used == (mesh::kUsesPathModule | mesh::kUsesWorkspace));
}

TEST_CASE("builtins: path.root, path.cwd and mesh.workspace") {
  auto c = compile_in({{"main.mesh", R"mesh(
output "root" { value = path.root }
output "cwd" { value = path.cwd }
output "ws" { value = mesh.workspace }
output "all" { value = keys(path) }
output "mesh" { value = mesh }
resource "test_schema" "s" {
  for_each = toset(["a", "b"])
  name     = "${mesh.workspace}-${each.key}"
}
)mesh"}},
                      "pr-42");
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->value("output.root") == quoted(mesh::absolute_dir(c->dir.path())));
  CHECK(c->value("output.cwd") == quoted(std::filesystem::current_path().string()));
  CHECK(c->value("output.ws") == "\"pr-42\"");
  CHECK(c->value("output.all") == "[\"cwd\", \"module\", \"root\"]");
  CHECK(c->value("output.mesh") == "{ workspace = \"pr-42\" }");
  CHECK(c->value("test_schema.s[\"a\"]").find("\"pr-42-a\"") != std::string::npos);
  // The bare `path` counts as reading all three.
  CHECK(c->graph().builtins.used ==
        (mesh::kUsesPathModule | mesh::kUsesPathRoot | mesh::kUsesPathCwd | mesh::kUsesWorkspace));
}

TEST_CASE("builtins: the default workspace, and no use recorded when nothing reads them") {
  auto c = compile_in({{"main.mesh", "output \"ws\" { value = \"x\" }\n"}});
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->graph().builtins.workspace == "default");
  CHECK(c->graph().builtins.used == 0);
  auto d = compile_in({{"main.mesh", "output \"ws\" { value = mesh.workspace }\n"}});
  REQUIRE_MESSAGE(d->ok(), d->errors());
  CHECK(d->value("output.ws") == "\"default\"");
}

TEST_CASE("builtins: unknown members are located errors with did-you-mean") {
  auto c = compile_in({{"main.mesh", R"mesh(
output "a" { value = path.modul }
output "b" { value = mesh.workspce }
output "c" { value = path["root"] }
)mesh"}});
  CHECK(c->messages() ==
        "`path` has `module`, `root` and `cwd`, not `modul`\n"
        "`mesh` has `workspace`, not `workspce`\n"
        "`path` has `module`, `root` and `cwd`; use `path.module`\n");
  REQUIRE(c->diagnostics.items().size() == 3);
  CHECK(c->diagnostics.items()[0].suggestion == "module");
  CHECK(c->diagnostics.items()[1].suggestion == "workspace");
  CHECK(c->diagnostics.items()[0].range.begin.line == 2);
  CHECK(c->diagnostics.items()[1].range.begin.line == 3);
  CHECK(c->errors().find("main.mesh:2:") != std::string::npos);
}

TEST_CASE("builtins: a misspelt root suggests path or mesh; a for variable shadows them") {
  auto c = compile_in({{"main.mesh", "output \"a\" { value = pth.root }\n"}});
  REQUIRE(c->diagnostics.items().size() == 1);
  CHECK(c->diagnostics.items()[0].message == "unknown name `pth`");
  CHECK(c->diagnostics.items()[0].suggestion == "path");
  auto d = compile_in({{"main.mesh", "output \"a\" { value = [for path in [\"x\"] : path] }\n"}});
  REQUIRE_MESSAGE(d->ok(), d->errors());
  CHECK(d->value("output.a") == "[\"x\"]");
  CHECK(d->graph().builtins.used == 0);
}

TEST_CASE("builtins: `path` and `mesh` cannot name a template") {
  auto c = compile_in({{"main.mesh", "template \"path\" {}\ntemplate \"mesh\" {}\n"}});
  CHECK(c->messages() ==
        "`path` is a built-in reference (`path.…`) and cannot name a template\n"
        "`mesh` is a built-in reference (`mesh.…`) and cannot name a template\n");
}

TEST_CASE("builtins: absolute_dir folds dots and drops a trailing slash") {
  CHECK(mesh::absolute_dir("/a/b/../c/") == "/a/c");
  CHECK(mesh::absolute_dir("/") == "/");
  CHECK(mesh::absolute_dir(".") == std::filesystem::current_path().string());
  CHECK(mesh::absolute_dir("") == std::filesystem::current_path().string());
}
