#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "providers/attributes.h"
#include "providers/registry.h"
#include "temp_dir.h"

using namespace mesh;
using mesh::testing::TempDir;

namespace {

mode_t mode_of(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 ? info.st_mode & 07777 : 0;
}

bool is_dir(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

}  // namespace

TEST_CASE("local_directory: create, drift, chmod in place, delete when empty") {
  TempDir dir;
  std::unique_ptr<Provider> p = create_provider("local", ProviderEnvironment{dir.path()});
  OperationContext context;
  Value config =
      Value::object({{"path", Value::string("x/y")}, {"permission", Value::string("0700")}});
  PlannedState planned = p->plan("local_directory", Value(), config);
  CHECK(attribute(planned.value, "id").as_string() == dir / "x/y");
  ProviderResult created = p->create("local_directory", planned.value, context);
  REQUIRE(created.ok());
  CHECK(is_dir(dir / "x/y"));
  CHECK(mode_of(dir / "x/y") == 0700);

  chmod((dir / "x/y").c_str(), 0755);
  ReadResult drifted = p->read("local_directory", created.value, context);
  REQUIRE(drifted.value);
  CHECK(attribute(*drifted.value, "permission").as_string() == "0755");
  PlannedState repair = p->plan("local_directory", *drifted.value, config);
  CHECK(repair.requires_replace.empty());
  REQUIRE(p->update("local_directory", *drifted.value, repair.value, context).ok());
  CHECK(mode_of(dir / "x/y") == 0700);

  std::ofstream(dir / "x/y/keep") << "x";
  std::string refused = p->destroy("local_directory", created.value, context);
  CHECK(refused.find("is not empty (set force_destroy = true") != std::string::npos);
  CHECK(is_dir(dir / "x/y"));
  unlink((dir / "x/y/keep").c_str());
  CHECK(p->destroy("local_directory", created.value, context) == "");
  CHECK_FALSE(is_dir(dir / "x/y"));
  CHECK(is_dir(dir / "x"));  // created parents stay

  ReadResult gone = p->read("local_directory", created.value, context);
  CHECK(gone.ok());
  CHECK_FALSE(gone.value);
}

TEST_CASE("local_directory: force_destroy removes contents - import") {
  TempDir dir;
  std::unique_ptr<Provider> p = create_provider("local", ProviderEnvironment{dir.path()});
  OperationContext context;
  Value config =
      Value::object({{"path", Value::string("tree")}, {"force_destroy", Value::boolean(true)}});
  PlannedState planned = p->plan("local_directory", Value(), config);
  ProviderResult created = p->create("local_directory", planned.value, context);
  REQUIRE(created.ok());
  mkdir((dir / "tree/sub").c_str(), 0755);
  std::ofstream(dir / "tree/sub/file") << "x";
  CHECK(p->destroy("local_directory", created.value, context) == "");
  CHECK_FALSE(is_dir(dir / "tree"));

  mkdir((dir / "found").c_str(), 0750);
  ProviderResult imported = p->import("local_directory", "found", context);
  REQUIRE(imported.ok());
  CHECK(attribute(imported.value, "permission").as_string() == "0750");
  CHECK_FALSE(p->import("local_directory", "missing", context).ok());
  CHECK(p->validate("local_directory", Value::object({{"path", Value::string("a")},
                                                      {"permission", Value::string("999")}}))
            .size() == 1);
}
