/// Every builtin function, called once with valid arguments, then again with each argument made
/// sensitive and with each argument made unknown: marks must propagate for all of them.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "functions_test_support.h"

using namespace mesh;
using namespace mesh::testing;

namespace {

/// A small text file for the file functions, removed with the test.
struct SampleFile {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("mesh-marks-" + std::to_string(::getpid()) + ".txt"))
                         .string();
  SampleFile() { std::ofstream(path) << "sample\n"; }
  ~SampleFile() { std::filesystem::remove(path); }
};

/// One valid call per function. A new function without a sample fails the coverage test.
std::map<std::string, std::vector<Value>> samples(const std::string& file) {
  Value list = L({S("b"), S("a")});
  Value object = O({{"a", S("x")}, {"b", S("y")}});
  return {
      {"abs", {N("-1")}},
      {"alltrue", {L({B(true)})}},
      {"anytrue", {L({B(true)})}},
      {"base64decode", {S("Zm9v")}},
      {"base64encode", {S("foo")}},
      {"base64sha256", {S("foo")}},
      {"ceil", {N("1.5")}},
      {"chomp", {S("a\n")}},
      {"chunklist", {list, N("1")}},
      {"coalesce", {Value(), S("a")}},
      {"coalescelist", {L({}), list}},
      {"compact", {list}},
      {"concat", {list, list}},
      {"contains", {list, S("a")}},
      {"distinct", {list}},
      {"duration", {S("1h")}},
      {"durationseconds", {Value::duration(1000)}},
      {"element", {list, N("1")}},
      {"endswith", {S("abc"), S("c")}},
      {"env", {S("MESH_MARKS_TEST_UNSET_VARIABLE"), S("default")}},
      {"file", {Value::string(file)}},
      {"filebase64", {Value::string(file)}},
      {"fileexists", {Value::string(file)}},
      {"flatten", {L({list})}},
      {"floor", {N("1.5")}},
      {"format", {S("%s-%d"), S("a"), N("1")}},
      {"formatduration", {Value::duration(90000)}},
      {"formatlist", {S("%s"), list}},
      {"index", {list, S("a")}},
      {"indent", {N("2"), S("a\nb")}},
      {"join", {S(","), list}},
      {"jsondecode", {S("{\"a\":1}")}},
      {"jsonencode", {object}},
      {"keys", {object}},
      {"length", {list}},
      {"lookup", {object, S("a"), S("d")}},
      {"lower", {S("A")}},
      {"max", {N("1"), N("2")}},
      {"md5", {S("foo")}},
      {"merge", {object, object}},
      {"min", {N("1"), N("2")}},
      {"one", {L({S("a")})}},
      {"parseint", {S("ff"), N("16")}},
      {"range", {N("0"), N("3"), N("1")}},
      {"regex", {S("[a-z]+"), S("12ab")}},
      {"regexall", {S("[a-z]"), S("ab")}},
      {"replace", {S("a-b"), S("-"), S("_")}},
      {"reverse", {list}},
      {"setintersection", {list, list}},
      {"setsubtract", {list, L({S("a")})}},
      {"setunion", {list, list}},
      {"sha256", {S("foo")}},
      {"signum", {N("-2")}},
      {"slice", {list, N("0"), N("1")}},
      {"sort", {list}},
      {"split", {S(","), S("a,b")}},
      {"startswith", {S("abc"), S("a")}},
      {"strcontains", {S("abc"), S("b")}},
      {"strlen", {S("abc")}},
      {"strrev", {S("abc")}},
      {"substr", {S("abcdef"), N("1"), N("2")}},
      {"sum", {L({N("1"), N("2")})}},
      {"timestamp", {}},
      {"title", {S("a b")}},
      {"tobool", {S("true")}},
      {"tolist", {Value::set({S("a")})}},
      {"tomap", {object}},
      {"tonumber", {S("1")}},
      {"toset", {list}},
      {"tostring", {N("1")}},
      {"trim", {S("xax"), S("x")}},
      {"trimprefix", {S("ab"), S("a")}},
      {"trimspace", {S(" a ")}},
      {"trimsuffix", {S("ab"), S("b")}},
      {"upper", {S("a")}},
      {"urlencode", {S("a b")}},
      {"values", {object}},
      {"yamldecode", {S("a: 1")}},
      {"yamlencode", {object}},
      {"zipmap", {list, list}},
  };
}

}  // namespace

TEST_CASE("every function has a sample call") {
  auto all = samples("");
  for (const std::string& name : function_names()) {
    if (is_evaluator_function(name)) continue;
    CHECK_MESSAGE(all.count(name) == 1, "no sample call for ", name);
  }
}

TEST_CASE("every function: sample succeeds, sensitive arguments give sensitive results") {
  SampleFile file;
  for (const auto& [name, args] : samples(file.path)) {
    FunctionResult plain = call_raw(name.c_str(), args);
    CHECK_MESSAGE(plain.ok(), name, ": ", plain.error);
    CHECK_MESSAGE(!plain.value.contains_sensitive(), name);
    for (size_t i = 0; i < args.size(); ++i) {
      std::vector<Value> marked = args;
      marked[i] = marked[i].mark_sensitive();
      FunctionResult r = call_raw(name.c_str(), marked);
      CHECK_MESSAGE(r.ok(), name, " argument ", i, ": ", r.error);
      CHECK_MESSAGE(r.value.is_sensitive(), name, " argument ", i);
    }
  }
}

TEST_CASE("every function: an unknown argument gives an unknown (or still known) result") {
  SampleFile file;
  for (const auto& [name, args] : samples(file.path)) {
    const Function* f = find_function(name);
    REQUIRE(f != nullptr);
    for (size_t i = 0; i < args.size(); ++i) {
      std::vector<Value> marked = args;
      marked[i] = Value::unknown();
      FunctionResult r = call_raw(name.c_str(), marked);
      CHECK_MESSAGE(r.ok(), name, " argument ", i, ": ", r.error);
      const FunctionParam& p = i < f->params.size() ? f->params[i] : f->params.back();
      if (!p.allow_unknown) {
        CHECK_MESSAGE(r.value.is_unknown(), name, " argument ", i);
        // The unknown announces the function's result type.
        CHECK_MESSAGE(r.value.unknown_type() == f->result, name);
      } else {
        CHECK_MESSAGE(r.value.contains_unknown(), name, " argument ", i);
      }
      // Unknown and sensitive together: still sensitive.
      marked[i] = Value::unknown().mark_sensitive();
      CHECK_MESSAGE(call_raw(name.c_str(), marked).value.is_sensitive(), name, " argument ", i);
    }
  }
}
