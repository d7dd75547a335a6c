#include "providers/attributes.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <climits>
#include <mutex>
#include <set>
#include <thread>

#include "core/value_ops.h"

using namespace mesh;

TEST_CASE("attributes: absolute_path folds the path against the base directory") {
  CHECK(absolute_path("/conf", "out/a.txt") == "/conf/out/a.txt");
  CHECK(absolute_path("/conf", "/etc/x") == "/etc/x");
  CHECK(absolute_path("/conf/mod", "../shared/./x//y") == "/conf/shared/x/y");
  CHECK(absolute_path("/", "..") == "/");
  char cwd[PATH_MAX];
  REQUIRE(getcwd(cwd, sizeof cwd));
  CHECK(absolute_path("", "f") == std::string(cwd) + "/f");
  CHECK(absolute_path("sub", "f") == absolute_path(cwd, "sub/f"));
}

TEST_CASE("attributes: random_id is a version 4 UUID, unique across threads") {
  std::set<std::string> ids;
  std::mutex mutex;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        std::string id = random_id();
        std::lock_guard<std::mutex> lock(mutex);
        ids.insert(id);
      }
    });
  for (std::thread& t : threads) t.join();
  CHECK(ids.size() == 4000);
  for (const std::string& id : ids) {
    REQUIRE(id.size() == 36);
    CHECK(id[8] == '-');
    CHECK(id[13] == '-');
    CHECK(id[14] == '4');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
    CHECK(id.find_first_not_of("0123456789abcdef-") == std::string::npos);
  }
}

TEST_CASE("attributes: same_value ignores marks, never equates unknowns") {
  CHECK(same_value(Value::string("a"), Value::string("a").mark_sensitive()));
  CHECK_FALSE(same_value(Value::string("a"), Value::string("b")));
  CHECK_FALSE(same_value(Value::unknown(), Value::unknown()));
  CHECK(same_value(Value(), Value()));
  CHECK_FALSE(same_value(Value::integer(1), Value::string("1")));
}

TEST_CASE("attributes: with_attributes adds and replaces") {
  Value v = with_attributes(Value::object({{"a", Value::integer(1)}}),
                            {{"b", Value::integer(2)}, {"a", Value::integer(3)}});
  CHECK(identical(v, Value::object({{"a", Value::integer(3)}, {"b", Value::integer(2)}})));
  CHECK(string_attribute(v, "missing", "dflt") == "dflt");
  CHECK(attribute(Value::string("x"), "a").is_null());
}
