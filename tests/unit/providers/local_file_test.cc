#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "core/sha256.h"
#include "core/value_ops.h"
#include "providers/attributes.h"
#include "providers/files.h"
#include "providers/registry.h"
#include "temp_dir.h"

using namespace mesh;
using mesh::testing::TempDir;

namespace {

std::string slurp(const std::string& path) {
  std::string error;
  return read_file(path, &error).value_or("<missing>");
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

mode_t mode_of(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 ? info.st_mode & 07777 : 0;
}

Value file_config(const std::string& path, const std::string& content) {
  return Value::object({{"path", Value::string(path)}, {"content", Value::string(content)}});
}

/// plan + create, checked.
Value create(Provider& p, const Value& config) {
  PlannedState planned = p.plan("local_file", Value(), config);
  REQUIRE(planned.error.empty());
  ProviderResult result = p.create("local_file", planned.value, OperationContext{});
  REQUIRE_MESSAGE(result.ok(), result.error);
  return result.value;
}

}  // namespace

TEST_CASE("local_file: create writes atomically with parents, sha256 known at plan") {
  TempDir dir;
  std::unique_ptr<Provider> p = create_provider("local", ProviderEnvironment{dir.path()});
  Value config = file_config("a/b/out.txt", "hello\n");
  CHECK(p->validate("local_file", config).empty());
  PlannedState planned = p->plan("local_file", Value(), config);
  CHECK(attribute(planned.value, "sha256").as_string() == sha256_hex("hello\n"));
  CHECK(attribute(planned.value, "id").as_string() == dir / "a/b/out.txt");
  CHECK(attribute(planned.value, "file_permission").as_string() == "0644");

  ProviderResult created = p->create("local_file", planned.value, OperationContext{});
  REQUIRE(created.ok());
  CHECK(slurp(dir / "a/b/out.txt") == "hello\n");
  CHECK(mode_of(dir / "a/b/out.txt") == 0644);
  CHECK(mode_of(dir / "a/b") == 0755);
  CHECK(identical(created.value, planned.value));  // nothing was unknown
  // No temporary file is left behind.
  CHECK(access((dir / "a/b/.out.txt.mesh-XXXXXX").c_str(), F_OK) != 0);
  CHECK(p->plan("local_file", created.value, config).requires_replace.empty());
}

TEST_CASE("local_file: read detects edits, permission changes and removal") {
  TempDir dir;
  std::unique_ptr<Provider> p = create_provider("local", ProviderEnvironment{dir.path()});
  Value config = file_config("f.txt", "one");
  Value state = create(*p, config);
  OperationContext context;

  ReadResult same = p->read("local_file", state, context);
  REQUIRE(same.value);
  CHECK(identical(*same.value, state));

  spit(dir / "f.txt", "edited by hand");
  chmod((dir / "f.txt").c_str(), 0600);
  ReadResult drifted = p->read("local_file", state, context);
  REQUIRE(drifted.ok());
  REQUIRE(drifted.value);
  CHECK(attribute(*drifted.value, "content").as_string() == "edited by hand");
  CHECK(attribute(*drifted.value, "sha256").as_string() == sha256_hex("edited by hand"));
  CHECK(attribute(*drifted.value, "file_permission").as_string() == "0600");

  // The plan against the refreshed state puts it back in place, no replacement.
  PlannedState repair = p->plan("local_file", *drifted.value, config);
  CHECK(repair.requires_replace.empty());
  CHECK(attribute(repair.value, "content").as_string() == "one");
  CHECK(attribute(repair.value, "sha256").as_string() == sha256_hex("one"));
  ProviderResult repaired = p->update("local_file", *drifted.value, repair.value, context);
  REQUIRE(repaired.ok());
  CHECK(slurp(dir / "f.txt") == "one");
  CHECK(mode_of(dir / "f.txt") == 0644);

  unlink((dir / "f.txt").c_str());
  ReadResult gone = p->read("local_file", repaired.value, context);
  CHECK(gone.ok());
  CHECK_FALSE(gone.value);
}

TEST_CASE("local_file: content change updates in place - path change replaces") {
  TempDir dir;
  std::unique_ptr<Provider> p = create_provider("local", ProviderEnvironment{dir.path()});
  Value state = create(*p, file_config("f.txt", "v1"));
  PlannedState v2 = p->plan("local_file", state, file_config("f.txt", "v2"));
  CHECK(v2.requires_replace.empty());
  ProviderResult updated = p->update("local_file", state, v2.value, OperationContext{});
  REQUIRE(updated.ok());
  CHECK(slurp(dir / "f.txt") == "v2");
  CHECK(attribute(updated.value, "sha256").as_string() == sha256_hex("v2"));

  PlannedState moved = p->plan("local_file", updated.value, file_config("g.txt", "v2"));
  CHECK(moved.requires_replace == std::vector<std::string>{"path"});
  CHECK(attribute(moved.value, "id").as_string() == dir / "g.txt");

  CHECK(p->destroy("local_file", updated.value, OperationContext{}) == "");
  CHECK(slurp(dir / "f.txt") == "<missing>");
  CHECK(p->destroy("local_file", updated.value, OperationContext{}) == "");  // already gone
}

TEST_CASE("local_file: source copies a file - sensitive_content - permissions") {
  TempDir dir;
  std::unique_ptr<Provider> p = create_provider("local", ProviderEnvironment{dir.path()});
  spit(dir / "src.bin", std::string("\x00\xff\x01", 3));
  Value config = Value::object({{"path", Value::string("copy.bin")},
                                {"source", Value::string("src.bin")},
                                {"file_permission", Value::string("0600")}});
  PlannedState planned = p->plan("local_file", Value(), config);
  CHECK(attribute(planned.value, "sha256").as_string() ==
        sha256_hex(std::string("\x00\xff\x01", 3)));
  Value state = create(*p, config);
  CHECK(slurp(dir / "copy.bin") == std::string("\x00\xff\x01", 3));
  CHECK(mode_of(dir / "copy.bin") == 0600);
  // The source changed: the planned sha256 differs from the state's, so the plan is an update.
  spit(dir / "src.bin", "new");
  CHECK(attribute(p->plan("local_file", state, config).value, "sha256").as_string() ==
        sha256_hex("new"));
  // Binary drift cannot live in JSON state: only the hash says it.
  spit(dir / "copy.bin", std::string("\xfe\xfe", 2));
  ReadResult drifted = p->read("local_file", state, OperationContext{});
  REQUIRE(drifted.value);
  CHECK(attribute(*drifted.value, "sha256").as_string() == sha256_hex(std::string("\xfe\xfe", 2)));

  Value secret = Value::object(
      {{"path", Value::string("secret.txt")}, {"sensitive_content", Value::string("pw")}});
  Value secret_state = create(*p, secret);
  CHECK(attribute(secret_state, "sensitive_content").is_sensitive());
  spit(dir / "secret.txt", "leaked");
  ReadResult secret_read = p->read("local_file", secret_state, OperationContext{});
  REQUIRE(secret_read.value);
  CHECK(attribute(*secret_read.value, "sensitive_content").is_sensitive());
  CHECK(attribute(*secret_read.value, "sensitive_content").as_string() == "leaked");
}

TEST_CASE("local_file: validation") {
  std::unique_ptr<Provider> p = create_provider("local");
  CHECK(
      p->validate("local_file", Value::object({{"path", Value::string("x")}})) ==
      std::vector<std::string>{"exactly one of content, sensitive_content or source must be set"});
  CHECK(p->validate("local_file", Value::object({{"path", Value::string("x")},
                                                 {"content", Value::string("a")},
                                                 {"source", Value::string("b")}}))
            .size() == 1);
  CHECK(
      p->validate("local_file", Value::object({{"path", Value::string("x")},
                                               {"content", Value::unknown(Type::string())},
                                               {"file_permission", Value::string("rw-r")}})) ==
      std::vector<std::string>{"file_permission: \"rw-r\" is not an octal mode such as \"0644\""});
}

TEST_CASE("local_file: errors are values (missing source, unwritable directory)") {
  TempDir dir;
  std::unique_ptr<Provider> p = create_provider("local", ProviderEnvironment{dir.path()});
  Value config = Value::object({{"path", Value::string("x")}, {"source", Value::string("nope")}});
  PlannedState planned = p->plan("local_file", Value(), config);
  CHECK(attribute(planned.value, "sha256").is_unknown());
  ProviderResult missing = p->create("local_file", planned.value, OperationContext{});
  CHECK(missing.error == "source nope: no such file");

  spit(dir / "plain", "x");  // a file where a parent directory should be
  PlannedState blocked = p->plan("local_file", Value(), file_config("plain/sub/f", "x"));
  ProviderResult failed = p->create("local_file", blocked.value, OperationContext{});
  CHECK(failed.error == "mkdir " + (dir / "plain") + ": exists and is not a directory");
}

TEST_CASE("local_file: import by path") {
  TempDir dir;
  std::unique_ptr<Provider> p = create_provider("local", ProviderEnvironment{dir.path()});
  spit(dir / "existing.txt", "data");
  ProviderResult imported = p->import("local_file", "existing.txt", OperationContext{});
  REQUIRE(imported.ok());
  CHECK(attribute(imported.value, "content").as_string() == "data");
  CHECK(attribute(imported.value, "id").as_string() == dir / "existing.txt");
  // The imported state plans as no change against the matching configuration.
  PlannedState planned = p->plan("local_file", imported.value, file_config("existing.txt", "data"));
  CHECK(planned.requires_replace.empty());
  CHECK(identical(planned.value, imported.value));
  CHECK_FALSE(p->import("local_file", "absent.txt", OperationContext{}).ok());
}

TEST_CASE("local_file: concurrent creates from several threads") {
  TempDir dir;
  std::unique_ptr<Provider> p = create_provider("local", ProviderEnvironment{dir.path()});
  std::vector<std::thread> threads;
  std::vector<std::string> errors(16);
  for (int t = 0; t < 16; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        std::string name =
            "d" + std::to_string(t % 4) + "/f" + std::to_string(t) + "_" + std::to_string(i);
        PlannedState planned = p->plan("local_file", Value(), file_config(name, name));
        ProviderResult r = p->create("local_file", planned.value, OperationContext{});
        if (!r.ok()) errors[size_t(t)] = r.error;
      }
    });
  for (std::thread& t : threads) t.join();
  for (const std::string& e : errors) CHECK(e == "");
  CHECK(slurp(dir / "d3/f15_19") == "d3/f15_19");
}
