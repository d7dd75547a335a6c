#include <cstdlib>

#include <unistd.h>

#include "functions_test_support.h"
#include "tests/support/temp_dir.h"

using namespace mesh;
using namespace mesh::testing;


TEST_CASE("file and fileexists resolve paths against the calling file's directory") {
  mesh::test::TempDir dir;
  dir.write("readme.txt", "hello\n");
  dir.write("sub/data.bin", std::string("\xff\xfe", 2));
  FunctionContext ctx;
  ctx.base_dir = dir.path();
  CHECK(call("file", {S("readme.txt")}, ctx) == "\"hello\\n\"");
  CHECK(call("file", {S(dir.file("readme.txt").c_str())}) == "\"hello\\n\"");
  CHECK(call("file", {S("missing.txt")}, ctx)
            .rfind("error(0): no file \"missing.txt\" (looked for ", 0) == 0);
  CHECK(call("file", {S("sub")}, ctx) == "error(0): \"sub\" is a directory, not a file");
  CHECK(call("file", {S("sub/data.bin")}, ctx) ==
        "error(0): \"sub/data.bin\" is not UTF-8 text; use filebase64() for binary files");
  CHECK(call("filebase64", {S("sub/data.bin")}, ctx) == "\"//4=\"");
  CHECK(call("fileexists", {S("readme.txt")}, ctx) == "true");
  CHECK(call("fileexists", {S("nope")}, ctx) == "false");
  CHECK(call("fileexists", {S("sub")}, ctx) == "error(0): \"sub\" is a directory, not a file");
}

TEST_CASE("env reads the process environment, with a default") {
  ::setenv("MESH_FUNCTIONS_TEST_VAR", "value", 1);
  ::unsetenv("MESH_FUNCTIONS_TEST_UNSET");
  CHECK(call("env", {S("MESH_FUNCTIONS_TEST_VAR")}) == "\"value\"");
  CHECK(call("env", {S("MESH_FUNCTIONS_TEST_VAR"), S("d")}) == "\"value\"");
  CHECK(call("env", {S("MESH_FUNCTIONS_TEST_UNSET"), S("d")}) == "\"d\"");
  CHECK(call("env", {S("MESH_FUNCTIONS_TEST_UNSET"), Value()}) == "null");
  CHECK(call("env", {S("MESH_FUNCTIONS_TEST_UNSET")}) ==
        "error(0): environment variable MESH_FUNCTIONS_TEST_UNSET is not set and no default was "
        "given");
  CHECK(call("env", {S("")}) == "error(0): the variable name must not be empty");
}

TEST_CASE("timestamp is unknown until apply") {
  FunctionResult r = call_raw("timestamp", {});
  REQUIRE(r.ok());
  CHECK(r.value.is_unknown());
  CHECK(r.value.unknown_type() == Type::string());
}

TEST_CASE("duration helpers") {
  CHECK(call("duration", {S("1h30m")}) == "1h30m");
  CHECK(call("duration", {S("90s")}) == "1m30s");
  CHECK(call("duration", {S("soon")}) ==
        "error(0): invalid duration \"soon\": write a number and a unit (d, h, m, s, ms), e.g. "
        "\"1h30m\"");
  CHECK(call("durationseconds", {Value::duration(90000)}) == "90");
  CHECK(call("durationseconds", {Value::duration(500)}) == "0.5");
  CHECK(call("durationseconds", {S("2m")}) == "120");
  CHECK(call("formatduration", {Value::duration(5400000)}) == "\"1h30m\"");
  CHECK(call("formatduration", {N("5")}).rfind("error(0): invalid value for \"duration\"", 0) == 0);
}

TEST_CASE("tostring, tonumber, tobool") {
  CHECK(call("tostring", {N("12.50")}) == "\"12.5\"");
  CHECK(call("tostring", {B(false)}) == "\"false\"");
  CHECK(call("tostring", {Value::duration(3600000)}) == "\"1h\"");
  CHECK(call("tostring", {Value()}) == "null");
  CHECK(call("tostring", {L({})}) == "error(0): cannot convert list to string");
  CHECK(call("tonumber", {S("1e3")}) == "1000");
  CHECK(call("tonumber", {S("x")}) == "error(0): a number is required, got \"x\"");
  CHECK(call("tobool", {S("true")}) == "true");
  CHECK(call("tobool", {N("1")}) == "error(0): a bool is required, got a number");
  CHECK(call_raw("tonumber", {U()}).value.unknown_type() == Type::number());
}
