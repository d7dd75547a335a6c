/// Redaction of sensitive paths, the export format's parsing, lock messages, UUIDs.

#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "state/export.h"
#include "state/redact.h"
#include "state/uuid.h"

using namespace mesh::state;
using nlohmann::ordered_json;

TEST_CASE("records/redact_replaces_each_sensitive_path") {
  auto attrs = ordered_json::parse(
      R"({"user":"app","password":"pw","conn":[{"secret":"s","host":"h"}],"nested":{"k":1}})");
  auto out = redact(attrs, {"/password", "/conn/0/secret", "/missing", "/nested/k/deeper"});
  CHECK(out["password"] == "(sensitive)");
  CHECK(out["conn"][0]["secret"] == "(sensitive)");
  CHECK(out["conn"][0]["host"] == "h");
  CHECK(out["user"] == "app");
  CHECK(out["nested"]["k"] == 1);
  CHECK(redact(attrs, {""}) == "(sensitive)");
  // A malformed pointer hides everything rather than leak.
  CHECK(redact(attrs, {"password"}) == "(sensitive)");
}

TEST_CASE("records/record_json_matches_to_json") {
  ResourceRecord r;
  r.address = "a.b[\"x\"]";
  r.type = "a";
  r.provider = "p";
  r.attributes_json = R"({"k": [1, 2], "s": "é"})";
  r.sensitive_paths = {"/s"};
  r.dependencies = {"c.d"};
  r.prevent_destroy = true;
  r.created_at = 5;
  r.updated_at = 6;
  r.expires_at = 7;
  r.schema_version = 2;
  CHECK(ordered_json::parse(record_json(r)) == to_json(r));
  r.expires_at.reset();
  CHECK(ordered_json::parse(record_json(r)) == to_json(r));
}

TEST_CASE("records/export_parsing_names_the_bad_field") {
  std::string error;
  CHECK_FALSE(parse_export("[]", &error));
  CHECK(error == "not a mesh state export (invalid JSON)");
  CHECK_FALSE(parse_export(R"({"lineage":"x"})", &error));
  CHECK(error == "not a mesh state export (no format_version)");
  CHECK_FALSE(parse_export(
      R"({"format_version":1,"lineage":"l","serial":1,"resources":[{"address":"a.b","type":"a"}]})",
      &error));
  CHECK(error == "resource a.b: field \"provider\" is missing");
  CHECK_FALSE(parse_export(R"({"format_version":1,"lineage":"l","serial":"one"})", &error));
  CHECK(error == "state export: field \"serial\" has the wrong type");
  CHECK_FALSE(
      parse_export(R"({"format_version":1,"lineage":"l","serial":1,"outputs":{}})", &error));
  CHECK(error == "state export: field \"outputs\" must be an array");
  auto ok = parse_export(
      R"({"format_version":1,"lineage":"l","serial":2,"resources":[{"address":"a.b","type":"a","provider":"p","attributes":{"x":1}}]})",
      &error);
  REQUIRE(ok);
  CHECK(ok->snapshot.resources.at(0).attributes_json == R"({"x":1})");
  CHECK(ok->snapshot.resources.at(0).sensitive_paths.empty());
}

TEST_CASE("records/uuids_are_random_version_4") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = new_uuid();
    CHECK(std::regex_match(
        id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    seen.insert(id);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("records/lock_message_format") {
  LockInfo info{"the-id", "default", "alice", "elsewhere.example", 4242, "mesh apply", 0};
  std::string text = info.message();
  CHECK(std::regex_match(text.substr(0, text.find('\n')),
                         std::regex("state is locked by alice@elsewhere\\.example \\(pid 4242, "
                                    "mesh apply\\) since [0-9]{2}:[0-9]{2}:[0-9]{2}")));
  CHECK(text.substr(text.find('\n') + 1) == "lock id: the-id");
}
