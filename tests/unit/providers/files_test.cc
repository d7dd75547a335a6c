#include "providers/files.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include "temp_dir.h"

using namespace mesh;
using mesh::testing::TempDir;

TEST_CASE("files: permissions parse and format") {
  CHECK(parse_permission("0644") == mode_t(0644));
  CHECK(parse_permission("755") == mode_t(0755));
  CHECK(parse_permission("1777") == mode_t(01777));
  CHECK(parse_permission("07777") == mode_t(07777));
  CHECK_FALSE(parse_permission("64"));
  CHECK_FALSE(parse_permission("0648"));
  CHECK_FALSE(parse_permission("rw-r--r--"));
  CHECK_FALSE(parse_permission("17777"));
  CHECK(format_permission(0644) == "0644");
  CHECK(format_permission(S_IFREG | 0600) == "0600");
}

TEST_CASE("files: UTF-8 validation") {
  CHECK(is_valid_utf8("plain"));
  CHECK(is_valid_utf8("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xff"));
  CHECK_FALSE(is_valid_utf8("\xc3"));              // truncated
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

TEST_CASE("files: atomic write, read, directories, tree removal") {
  TempDir dir;
  CHECK(make_directories(dir / "a/b/c", 0750) == "");
  struct stat info;
  REQUIRE(stat((dir / "a/b").c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0750);
  CHECK(write_file_atomic(dir / "a/b/c/f", "one", 0640) == "");
  CHECK(write_file_atomic(dir / "a/b/c/f", "two", 0600) == "");
  std::string error;
  CHECK(read_file(dir / "a/b/c/f", &error) == std::string("two"));
  REQUIRE(stat((dir / "a/b/c/f").c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0600);
  CHECK_FALSE(read_file(dir / "missing", &error));
  CHECK(error == "");
  CHECK_FALSE(read_file(dir / "a", &error));
  CHECK(error == "read " + (dir / "a") + ": is a directory");
  CHECK(write_file_atomic(dir / "nodir/f", "x", 0644).rfind("create temporary file in", 0) == 0);
  CHECK(remove_tree(dir / "a") == "");
  CHECK(stat((dir / "a").c_str(), &info) != 0);
  CHECK(remove_tree(dir / "a") == "");  // already gone
}
