/// Input variables: defaults, --var, --var-file (YAML, JSON), MESH_VAR_ environment values,
/// precedence, types, sensitivity, required variables, validation.

#include <doctest/doctest.h>

#include "compile_test_support.h"

using mesh::VariableInputs;
using mesh::test::compile_files;
using mesh::test::compile_text;

namespace {

const char* kVars = R"mesh(
variable "env" { default = "dev" }
variable "port" { type = number }
variable "tags" {
  type    = map(string)
  default = {}
}
variable "password" {
  type      = string
  sensitive = true
  default   = "pw"
}
output "all" {
  value = { env = var.env, port = var.port, tags = var.tags }
}
output "pw" { value = var.password }
)mesh";

}  // namespace

TEST_CASE("variables: --var values are parsed as expressions, else strings") {
  VariableInputs in;
  REQUIRE(in.add_cli("port=8080"));
  REQUIRE(in.add_cli("env=prod"));
  REQUIRE(in.add_cli("tags={ team = \"data\" }"));
  CHECK(!in.add_cli("novalue"));
  auto c = compile_text(kVars, in);
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->value("output.all") == "{ env = \"prod\", port = 8080, tags = { team = \"data\" } }");
  CHECK(c->value("output.pw") == "(sensitive)");
}

TEST_CASE("variables: precedence default < env < var-file < --var") {
  mesh::test::TempDir files;
  std::string yaml = files.write("a.yaml", "port: 1\nenv: from-yaml\ntags:\n  a: b\n");
  std::string json = files.write("b.json", "{\"port\": 2}");
  VariableInputs in;
  in.env = {{"port", "0"}, {"env", "from-env"}};
  in.files = {yaml, json};
  auto c = compile_text(kVars, in);
  REQUIRE_MESSAGE(c->ok(), c->errors());
  CHECK(c->value("output.all") == "{ env = \"from-yaml\", port = 2, tags = { a = \"b\" } }");
  in.add_cli("port=3");
  auto d = compile_text(kVars, in);
  CHECK(d->value("output.all") == "{ env = \"from-yaml\", port = 3, tags = { a = \"b\" } }");
  VariableInputs env_only;
  env_only.env = {{"port", "5"}};
  auto e = compile_text(kVars, env_only);
  CHECK(e->value("output.all") == "{ env = \"dev\", port = 5, tags = {} }");
}

TEST_CASE("variables: errors") {
  auto missing = compile_text(kVars);
  CHECK(missing->messages() == "variable `port` is required but has no value\n");
  CHECK(missing->errors().find("--var port=VALUE") != std::string::npos);

  VariableInputs in;
  in.add_cli("port=abc");
  in.add_cli("prot=1");
  auto bad = compile_text(kVars, in);
  CHECK(bad->messages() ==
        "--var prot: no variable `prot` is declared\n"
        "variable `port` (from --var): a number is required, got \"abc\"\n");
  CHECK(bad->diagnostics.items()[0].suggestion == "port");
}

TEST_CASE("variables: validation blocks and unknown names") {
  auto c = compile_text(R"mesh(
variable "size" {
  default = 200
  validation {
    condition     = var.size <= 100
    error_message = "size must be at most 100"
  }
}
output "x" { value = var.sise }
)mesh");
  CHECK(c->messages() ==
        "variable `sise` is not declared\n"
        "invalid value for variable `size`: size must be at most 100\n");
  CHECK(c->diagnostics.items()[0].suggestion == "size");
}

TEST_CASE("variables: MESH_VAR_ environment is read") {
  setenv("MESH_VAR_port", "[1, 2]", 1);
  VariableInputs in;
  in.read_environment();
  unsetenv("MESH_VAR_port");
  bool found = false;
  for (const auto& [k, v] : in.env) found = found || (k == "port" && v == "[1, 2]");
  CHECK(found);
}
