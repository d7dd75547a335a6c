#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "core/value_json.h"
#include "core/value_ops.h"
#include "providers/attributes.h"
#include "providers/files.h"
#include "providers/registry.h"
#include "temp_dir.h"

using namespace mesh;
using namespace std::chrono_literals;
using mesh::testing::TempDir;

namespace {

std::string slurp(const std::string& path) {
  std::string error;
  return read_file(path, &error).value_or("<missing>");
}

Value env(std::vector<std::pair<std::string, std::string>> vars) {
  ValueEntries entries;
  for (auto& v : vars) entries.emplace_back(v.first, Value::string(v.second));
  return Value::object(std::move(entries));
}

struct Exec {
  TempDir dir;
  std::unique_ptr<Provider> provider = create_provider("exec", ProviderEnvironment{dir.path()});
  OperationContext context;

  PlannedState plan(const Value& prior, const Value& config) {
    REQUIRE(provider->validate("exec_command", config).empty());
    PlannedState planned = provider->plan("exec_command", prior, config);
    REQUIRE(planned.error.empty());
    return planned;
  }
  ProviderResult create(const Value& config) {
    return provider->create("exec_command", plan(Value(), config).value, context);
  }
};

}  // namespace

TEST_CASE("exec_command: create parses JSON stdout into outputs and id") {
  Exec exec;
  Value config = Value::object(
      {{"create",
        Value::string("echo '{\"id\": \"cluster-7\", \"port\": 6443, \"tags\": [\"a\"]}'")}});
  PlannedState planned = exec.plan(Value(), config);
  CHECK(attribute(planned.value, "outputs").is_unknown());
  CHECK(attribute(planned.value, "id").is_unknown());
  ProviderResult created = exec.provider->create("exec_command", planned.value, exec.context);
  REQUIRE_MESSAGE(created.ok(), created.error);
  CHECK(attribute(created.value, "id").as_string() == "cluster-7");
  const Value& outputs = attribute(created.value, "outputs");
  CHECK(identical(attribute(outputs, "port"), Value::integer(6443)));
  CHECK(attribute(outputs, "tags").items().at(0).as_string() == "a");
  CHECK(attribute(created.value, "stdout").as_string().rfind("{\"id\"", 0) == 0);
  CHECK(created.value.is_wholly_known());

  ProviderResult plain = exec.create(Value::object({{"create", Value::string("echo plain text")}}));
  REQUIRE(plain.ok());
  CHECK(attribute(plain.value, "stdout").as_string() == "plain text");
  CHECK(attribute(plain.value, "outputs").is_object());
  CHECK(attribute(plain.value, "outputs").size() == 0);
  CHECK(attribute(plain.value, "id").as_string().size() == 36);
}

TEST_CASE("exec_command: environment, stdin JSON, MESH_* variables, working_dir") {
  Exec exec;
  mkdir((exec.dir / "work").c_str(), 0755);
  Value config = Value::object(
      {{"create", Value::string("cat > stdin.json; echo \"$GREETING $TOKEN $MESH_OPERATION "
                                "${MESH_ID-none}\" > env.txt; pwd > pwd.txt")},
       {"environment", env({{"GREETING", "hello"}})},
       {"sensitive_environment", env({{"TOKEN", "s3cret"}})},
       {"working_dir", Value::string("work")}});
  ProviderResult created = exec.create(config);
  REQUIRE_MESSAGE(created.ok(), created.error);
  CHECK(slurp(exec.dir / "work/env.txt") == "hello s3cret create none\n");
  CHECK(slurp(exec.dir / "work/pwd.txt") == exec.dir / "work\n");
  ValueResult stdin_json = from_json_text(slurp(exec.dir / "work/stdin.json"));
  REQUIRE(stdin_json.ok());
  CHECK(attribute(stdin_json.value, "working_dir").as_string() == "work");
  CHECK(attribute(attribute(stdin_json.value, "sensitive_environment"), "TOKEN").as_string() ==
        "s3cret");
  CHECK(attribute(created.value, "sensitive_environment").is_sensitive());

  // Without working_dir, commands run in the configuration directory.
  ProviderResult here = exec.create(Value::object({{"create", Value::string("pwd")}}));
  CHECK(attribute(here.value, "stdout").as_string() == exec.dir.path());
}

TEST_CASE("exec_command: a failing command reports the stderr tail, secrets redacted") {
  Exec exec;
  ProviderResult failed = exec.create(Value::object(
      {{"create", Value::string("for i in $(seq 1 30); do echo \"line $i\" >&2; done; exit 2")}}));
  CHECK_FALSE(failed.ok());
  CHECK(failed.error.rfind("create command exited with status 2:\nline 11\n", 0) == 0);
  CHECK(failed.error.find("line 10\n") == std::string::npos);
  CHECK(failed.error.find("line 30") != std::string::npos);

  ProviderResult leaky =
      exec.create(Value::object({{"create", Value::string("echo \"bad token $TOKEN\" >&2; exit 1")},
                                 {"sensitive_environment", env({{"TOKEN", "hunter22"}})}}));
  CHECK(leaky.error == "create command exited with status 1:\nbad token (sensitive)");
}

TEST_CASE("exec_command: timeout kills the command's process group") {
  Exec exec;
  Value config = Value::object({{"create", Value::string("sleep 30 & echo $! > pid; wait")},
                                {"timeout", Value::duration(300)}});
  auto start = std::chrono::steady_clock::now();
  ProviderResult r = exec.create(config);
  CHECK(std::chrono::steady_clock::now() - start < 5s);
  CHECK(r.error == "create command timed out after 300ms");
  pid_t sleeper = pid_t(std::stol(slurp(exec.dir / "pid")));
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    std::ifstream stat("/proc/" + std::to_string(sleeper) + "/stat");
    std::string line;
    gone = !stat || (std::getline(stat, line), line.find(") Z ") != std::string::npos);
    if (!gone) std::this_thread::sleep_for(10ms);
  }
  CHECK(gone);

  // The operation's timeout applies when the resource sets none; cancellation too.
  exec.context.timeout = 200ms;
  CHECK(exec.create(Value::object({{"create", Value::string("sleep 30")}})).error ==
        "create command timed out after 200ms");
  std::atomic<bool> cancel{true};
  exec.context.cancel = &cancel;
  exec.context.timeout = 10s;
  CHECK(exec.create(Value::object({{"create", Value::string("sleep 30")}})).error ==
        "create command cancelled");
}

TEST_CASE("exec_command: read refreshes outputs - exit 3 means gone") {
  Exec exec;
  Value config = Value::object(
      {{"create", Value::string("echo '{\"v\": 1}' > data.json; cat data.json")},
       {"read", Value::string("test -f data.json || exit 3; test \"$MESH_ID\" = "
                              "\"$(sed -n 's/.*\"id\":\"\\([^\"]*\\)\".*/\\1/p')\" || exit 9; "
                              "cat data.json")}});
  ProviderResult created = exec.create(config);
  REQUIRE_MESSAGE(created.ok(), created.error);
  CHECK(exec.provider->can_read("exec_command"));

  ReadResult same = exec.provider->read("exec_command", created.value, exec.context);
  REQUIRE_MESSAGE(same.ok(), same.error);
  REQUIRE(same.value);
  CHECK(identical(*same.value, created.value));

  std::ofstream(exec.dir / "data.json") << "{\"v\": 2}";
  ReadResult drifted = exec.provider->read("exec_command", created.value, exec.context);
  REQUIRE(drifted.value);
  CHECK(identical(attribute(attribute(*drifted.value, "outputs"), "v"), Value::integer(2)));

  unlink((exec.dir / "data.json").c_str());
  ReadResult gone = exec.provider->read("exec_command", created.value, exec.context);
  CHECK(gone.ok());
  CHECK_FALSE(gone.value);

  Value broken = with_attributes(created.value, {{"read", Value::string("echo oops >&2; exit 4")}});
  ReadResult failed = exec.provider->read("exec_command", broken, exec.context);
  CHECK(failed.error == "read command exited with status 4:\noops");

  // Without a read command the state is returned as is.
  Value no_read = with_attributes(created.value, {{"read", Value()}});
  ReadResult kept = exec.provider->read("exec_command", no_read, exec.context);
  REQUIRE(kept.value);
  CHECK(identical(*kept.value, no_read));
}

TEST_CASE("exec_command: without update a change replaces - with update it runs in place") {
  Exec exec;
  Value v1 = Value::object({{"create", Value::string("echo one")}});
  ProviderResult created = exec.create(v1);
  REQUIRE(created.ok());
  PlannedState replaced =
      exec.plan(created.value, Value::object({{"create", Value::string("echo two")}}));
  CHECK(replaced.requires_replace == std::vector<std::string>{"create"});
  CHECK(attribute(replaced.value, "id").is_unknown());

  PlannedState triggered = exec.plan(
      created.value,
      Value::object({{"create", Value::string("echo one")}, {"triggers", Value::integer(1)}}));
  CHECK(triggered.requires_replace == std::vector<std::string>{"triggers"});

  // Changing only bookkeeping attributes is an update that runs nothing.
  Value with_delete = Value::object({{"create", Value::string("echo one")},
                                     {"delete", Value::string("true")},
                                     {"update", Value::string("exit 1")}});
  PlannedState bookkeeping = exec.plan(created.value, with_delete);
  CHECK(bookkeeping.requires_replace.empty());
  CHECK(identical(attribute(bookkeeping.value, "id"), attribute(created.value, "id")));
  ProviderResult recorded =
      exec.provider->update("exec_command", created.value, bookkeeping.value, exec.context);
  REQUIRE_MESSAGE(recorded.ok(), recorded.error);
  CHECK(attribute(recorded.value, "stdout").as_string() == "one");

  // With an update command, a change of environment reruns it in place.
  Value v2 = Value::object(
      {{"create", Value::string("echo one")},
       {"update", Value::string("cat > prior.json; echo \"{\\\"id\\\": \\\"$MESH_ID\\\", "
                                "\\\"n\\\": \\\"$N\\\"}\"")},
       {"environment", env({{"N", "2"}})}});
  PlannedState in_place = exec.plan(recorded.value, v2);
  CHECK(in_place.requires_replace.empty());
  CHECK(attribute(in_place.value, "outputs").is_unknown());
  ProviderResult updated =
      exec.provider->update("exec_command", recorded.value, in_place.value, exec.context);
  REQUIRE_MESSAGE(updated.ok(), updated.error);
  const std::string id = attribute(created.value, "id").as_string();
  CHECK(attribute(updated.value, "id").as_string() == id);
  CHECK(attribute(attribute(updated.value, "outputs"), "n").as_string() == "2");
  CHECK(attribute(attribute(updated.value, "outputs"), "id").as_string() == id);
  ValueResult prior = from_json_text(slurp(exec.dir / "prior.json"));
  REQUIRE(prior.ok());
  CHECK(attribute(prior.value, "stdout").as_string() == "one");
}

TEST_CASE("exec_command: delete gets the state - exit 3 counts as already gone") {
  Exec exec;
  Value config = Value::object(
      {{"create", Value::string("touch made")},
       {"delete", Value::string("cat > deleted.json; echo $MESH_OPERATION > op; rm made")}});
  ProviderResult created = exec.create(config);
  REQUIRE(created.ok());
  CHECK(access((exec.dir / "made").c_str(), F_OK) == 0);
  CHECK(exec.provider->destroy("exec_command", created.value, exec.context) == "");
  CHECK(access((exec.dir / "made").c_str(), F_OK) != 0);
  CHECK(slurp(exec.dir / "op") == "delete\n");
  ValueResult state = from_json_text(slurp(exec.dir / "deleted.json"));
  REQUIRE(state.ok());
  CHECK(attribute(state.value, "id").as_string() == attribute(created.value, "id").as_string());

  Value gone = with_attributes(created.value, {{"delete", Value::string("exit 3")}});
  CHECK(exec.provider->destroy("exec_command", gone, exec.context) == "");
  Value failing =
      with_attributes(created.value, {{"delete", Value::string("echo no >&2; exit 1")}});
  CHECK(exec.provider->destroy("exec_command", failing, exec.context) ==
        "delete command exited with status 1:\nno");
  Value forget = with_attributes(created.value, {{"delete", Value()}});
  CHECK(exec.provider->destroy("exec_command", forget, exec.context) == "");
}

TEST_CASE("exec_command: validation") {
  std::unique_ptr<Provider> p = create_provider("exec");
  CHECK(p->validate("exec_command", Value::object({{"create", Value::string("  ")}})) ==
        std::vector<std::string>{"create: the command must not be empty"});
  CHECK(p->validate("exec_command", Value::object({{"create", Value::string("x")},
                                                   {"timeout", Value::string("soon")}})) ==
        std::vector<std::string>{"timeout: \"soon\" is not a duration such as \"5m\""});
}

TEST_CASE("exec_command: concurrent creates from several threads") {
  Exec exec;
  std::vector<std::thread> threads;
  std::vector<std::string> problems(12);
  for (int t = 0; t < 12; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        Value config = Value::object({{"create", Value::string("echo \"{\\\"n\\\": $N}\"")},
                                      {"environment", env({{"N", std::to_string(t * 10 + i)}})}});
        ProviderResult r = exec.provider->create(
            "exec_command", exec.provider->plan("exec_command", Value(), config).value,
            exec.context);
        if (!r.ok())
          problems[size_t(t)] = r.error;
        else if (!identical(attribute(attribute(r.value, "outputs"), "n"),
                            Value::integer(t * 10 + i)))
          problems[size_t(t)] = "wrong output";
      }
    });
  for (std::thread& t : threads) t.join();
  for (const std::string& p : problems) CHECK(p == "");
}
