/// Every StateStore operation, on both backends.

#include <atomic>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "tests/unit/state/backends.h"

using namespace mesh::state;
using namespace mesh::state::testing;

namespace {

std::string must(const std::optional<std::string>& v, const std::string& error) {
  INFO(error);
  REQUIRE(v.has_value());
  return *v;
}

int64_t commit(StateStore& store, const ChangeSet& changes, const std::string& ws = "default") {
  std::string error;
  auto serial = store.commit(ws, changes, &error);
  INFO(error);
  REQUIRE(serial.has_value());
  return *serial;
}

Snapshot snap(StateStore& store, const std::string& ws = "default") {
  std::string error;
  auto s = store.snapshot(ws, &error);
  INFO(error);
  REQUIRE(s.has_value());
  return *s;
}

std::vector<std::string> addresses(const Snapshot& s) {
  std::vector<std::string> out;
  for (const auto& r : s.resources) out.push_back(r.address);
  return out;
}

}  // namespace

BACKEND_TEST(empty_workspace_has_no_state) {
  auto store = backend.open();
  Snapshot s = snap(*store);
  CHECK_FALSE(s.exists);
  CHECK(s.serial == 0);
  CHECK(s.lineage.empty());
  CHECK(s.resources.empty());
}

BACKEND_TEST(commit_then_snapshot_round_trips_every_field) {
  auto store = backend.open();
  ResourceRecord r = resource("postgres_schema.orders[\"v1\"]", R"({"name":"x","password":"p"})");
  r.type = "postgres_schema";
  r.provider = "postgres.analytics";
  r.sensitive_paths = {"/password"};
  r.dependencies = {"postgres_database.main", "local_file.readme"};
  r.prevent_destroy = true;
  r.create_before_destroy = true;
  r.expires_at = 1999999999;
  r.schema_version = 3;
  ChangeSet changes = upserts({r, resource("local_file.b"), resource("local_file.a")});
  changes.set_outputs.push_back({"url", "\"http://x\"", false});
  changes.set_outputs.push_back({"password", "\"secret\"", true});
  CHECK(commit(*store, changes) == 1);

  Snapshot s = snap(*store);
  CHECK(s.exists);
  CHECK(s.serial == 1);
  CHECK(std::regex_match(
      s.lineage,
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  CHECK(addresses(s) ==
        std::vector<std::string>{"local_file.a", "local_file.b", "postgres_schema.orders[\"v1\"]"});
  const ResourceRecord* got = s.find("postgres_schema.orders[\"v1\"]");
  REQUIRE(got);
  CHECK(got->type == "postgres_schema");
  CHECK(got->provider == "postgres.analytics");
  CHECK(nlohmann::json::parse(got->attributes_json) ==
        nlohmann::json::parse(R"({"name":"x","password":"p"})"));
  CHECK(got->sensitive_paths == std::vector<std::string>{"/password"});
  CHECK(got->dependencies == r.dependencies);
  CHECK(got->prevent_destroy);
  CHECK(got->create_before_destroy);
  REQUIRE(got->expires_at.has_value());
  CHECK(*got->expires_at == 1999999999);
  CHECK(got->schema_version == 3);
  CHECK(got->created_at > 0);
  CHECK(got->updated_at >= got->created_at);
  CHECK_FALSE(s.find("local_file.a")->expires_at.has_value());
  REQUIRE(s.outputs.size() == 2);
  CHECK(s.outputs[0].name == "password");
  CHECK(s.outputs[0].sensitive);
  CHECK(s.outputs[1].value_json == "\"http://x\"");
}

BACKEND_TEST(updates_bump_serial_keep_lineage_and_created_at) {
  auto store = backend.open();
  commit(*store, upserts({resource("local_file.a", R"({"v":1})")}));
  Snapshot first = snap(*store);
  commit(*store, upserts({resource("local_file.a", R"({"v":2})")}));
  Snapshot second = snap(*store);
  CHECK(second.serial == 2);
  CHECK(second.lineage == first.lineage);
  CHECK(second.resources.at(0).created_at == first.resources.at(0).created_at);
  CHECK(nlohmann::json::parse(second.resources.at(0).attributes_json)["v"] == 2);
}

BACKEND_TEST(deletes_resources_and_outputs) {
  auto store = backend.open();
  ChangeSet changes = upserts({resource("a.x"), resource("a.y")});
  changes.set_outputs.push_back({"o", "1", false});
  commit(*store, changes);
  ChangeSet del;
  del.deletes = {"a.x", "a.missing"};
  del.delete_outputs = {"o"};
  CHECK(commit(*store, del) == 2);
  Snapshot s = snap(*store);
  CHECK(addresses(s) == std::vector<std::string>{"a.y"});
  CHECK(s.outputs.empty());
}

BACKEND_TEST(history_records_who_when_and_what) {
  auto store = backend.open("mesh apply");
  commit(*store, upserts({resource("a.x"), resource("a.y")}));
  commit(*store, upserts({resource("a.x", R"({"id":2})")}));
  ChangeSet del;
  del.deletes = {"a.y"};
  del.set_outputs.push_back({"out", "true", false});
  commit(*store, del);

  std::string error;
  auto all = store->history("default", "", &error);
  INFO(error);
  REQUIRE(all.has_value());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].serial == 1);
  CHECK((*all)[0].command == "mesh apply");
  CHECK((*all)[0].user == store->actor().user);
  CHECK((*all)[0].host == store->actor().host);
  CHECK((*all)[0].time > 0);
  REQUIRE((*all)[0].changes.size() == 2);
  CHECK((*all)[0].changes[0].action == "created");
  CHECK((*all)[1].changes.at(0).action == "updated");
  REQUIRE((*all)[2].changes.size() == 2);
  CHECK((*all)[2].changes[0].address == "a.y");
  CHECK((*all)[2].changes[0].action == "deleted");
  CHECK((*all)[2].changes[1].address == "output.out");
  CHECK((*all)[2].changes[1].action == "created");

  auto x = store->history("default", "a.x", &error);
  REQUIRE(x.has_value());
  REQUIRE(x->size() == 2);
  CHECK((*x)[0].changes.size() == 1);
  CHECK((*x)[1].changes.at(0).action == "updated");
}

BACKEND_TEST(move_renames_one_address_or_every_instance_under_it) {
  auto store = backend.open();
  commit(*store, upserts({resource("a.x[\"1\"]"), resource("a.x[\"2\"]"), resource("a.xy"),
                          resource("b.z")}));
  std::string error;
  auto moved = store->move("default", "a.x", "a.w", &error);
  INFO(error);
  REQUIRE(moved.has_value());
  CHECK(*moved == 2);
  CHECK(addresses(snap(*store)) ==
        std::vector<std::string>{"a.w[\"1\"]", "a.w[\"2\"]", "a.xy", "b.z"});

  CHECK(store->move("default", "b.z", "b.y", &error) == std::optional<size_t>(1));
  CHECK_FALSE(store->move("default", "nothing.here", "b.q", &error).has_value());
  CHECK(error.find("no resource in state") != std::string::npos);
  CHECK_FALSE(store->move("default", "a.xy", "b.y", &error).has_value());
  CHECK(error.find("already in state") != std::string::npos);
  CHECK(snap(*store).serial == 3);  // failed moves wrote nothing

  auto h = store->history("default", "b.y", &error);
  REQUIRE(h.has_value());
  REQUIRE(h->size() == 1);
  CHECK(h->at(0).changes.at(0).action == "moved");
  CHECK(h->at(0).changes.at(0).detail == "from b.z");
}

BACKEND_TEST(remove_forgets_addresses_and_refuses_unknown_ones) {
  auto store = backend.open();
  commit(*store, upserts({resource("a.x[0]"), resource("a.x[1]"), resource("b.y")}));
  std::string error;
  CHECK_FALSE(store->remove("default", {"b.y", "c.missing"}, &error).has_value());
  CHECK(error.find("c.missing") != std::string::npos);
  CHECK(snap(*store).resources.size() == 3);
  auto removed = store->remove("default", {"a.x", "b.y"}, &error);
  INFO(error);
  REQUIRE(removed.has_value());
  CHECK(*removed == 3);
  CHECK(snap(*store).resources.empty());
}

BACKEND_TEST(workspaces_are_separate_namespaces) {
  auto store = backend.open();
  std::string error;
  CHECK(store->create_workspace("pr-42", &error));
  CHECK_FALSE(store->create_workspace("pr-42", &error));
  CHECK(error.find("already exists") != std::string::npos);
  CHECK_FALSE(store->create_workspace("bad name", &error));
  commit(*store, upserts({resource("a.x")}), "pr-42");
  commit(*store, upserts({resource("a.y")}), "other");
  auto names = store->workspaces(&error);
  REQUIRE(names.has_value());
  CHECK(*names == std::vector<std::string>{"default", "other", "pr-42"});
  CHECK(addresses(snap(*store, "pr-42")) == std::vector<std::string>{"a.x"});
  CHECK(snap(*store, "pr-42").lineage != snap(*store, "other").lineage);
  CHECK_FALSE(snap(*store).exists);

  CHECK_FALSE(store->delete_workspace("pr-42", false, &error));
  CHECK(error.find("still has 1 resource") != std::string::npos);
  CHECK(store->delete_workspace("pr-42", true, &error));
  CHECK_FALSE(snap(*store, "pr-42").exists);
  CHECK_FALSE(store->delete_workspace("pr-42", true, &error));
  CHECK(error.find("does not exist") != std::string::npos);
  CHECK_FALSE(store->delete_workspace("default", true, &error));

  CHECK(store->create_workspace("empty", &error));
  Snapshot e = snap(*store, "empty");
  CHECK(e.exists);
  CHECK(e.serial == 0);
  CHECK_FALSE(e.lineage.empty());
  CHECK(store->delete_workspace("empty", false, &error));
}

BACKEND_TEST(a_locked_workspace_cannot_be_deleted) {
  auto store = backend.open();
  std::string error;
  REQUIRE(store->create_workspace("w", &error));
  auto other = backend.open();
  auto lock = other->lock("w", std::chrono::milliseconds(0), &error);
  REQUIRE(lock);
  CHECK_FALSE(store->delete_workspace("w", true, &error));
  CHECK(error.find("state is locked by") != std::string::npos);
  lock.reset();
  CHECK(store->delete_workspace("w", true, &error));
}

BACKEND_TEST(lock_has_one_holder_and_names_it) {
  auto a = backend.open("mesh apply");
  auto b = backend.open("mesh plan");
  std::string error;
  auto lock = a->lock("default", std::chrono::milliseconds(0), &error);
  INFO(error);
  REQUIRE(lock);
  CHECK(lock->info().command == "mesh apply");

  CHECK_FALSE(b->lock("default", std::chrono::milliseconds(0), &error));
  std::string expected = "state is locked by " + a->actor().user + "@" + a->actor().host +
                         " (pid " + std::to_string(a->actor().pid) + ", mesh apply) since ";
  CHECK(error.rfind(expected, 0) == 0);
  CHECK(error.find(lock->info().id) != std::string::npos);
  CHECK_FALSE(a->lock("default", std::chrono::milliseconds(0), &error));
  CHECK(error.find("already locked by this process") != std::string::npos);

  // Other workspaces are independent.
  CHECK(b->lock("other", std::chrono::milliseconds(0), &error));

  auto holder = b->lock_holder("default", &error);
  REQUIRE(holder.has_value());
  CHECK(holder->id == lock->info().id);
  CHECK_FALSE(holder->stale());

  lock.reset();
  CHECK_FALSE(b->lock_holder("default", &error).has_value());
  CHECK(b->lock("default", std::chrono::milliseconds(0), &error));
}

BACKEND_TEST(lock_waits_for_the_holder_up_to_a_timeout) {
  auto a = backend.open();
  auto b = backend.open();
  std::string error;
  auto lock = a->lock("default", std::chrono::milliseconds(0), &error);
  REQUIRE(lock);
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(b->lock("default", std::chrono::milliseconds(300), &error));
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    lock.reset();
  });
  auto second = b->lock("default", std::chrono::seconds(10), &error);
  releaser.join();
  INFO(error);
  CHECK(second);
}

BACKEND_TEST(force_unlock_breaks_a_lock_by_id) {
  auto a = backend.open();
  auto b = backend.open();
  std::string error;
  auto lock = a->lock("default", std::chrono::milliseconds(0), &error);
  REQUIRE(lock);
  std::string id = lock->info().id;
  CHECK_FALSE(b->force_unlock("not-a-lock", &error));
  CHECK(error.find("no lock with id not-a-lock") != std::string::npos);
  CHECK(b->force_unlock(id, &error));
  INFO(error);
  auto mine = b->lock("default", std::chrono::seconds(5), &error);
  CHECK(mine);
  if (backend.name() == std::string("sqlite")) {
    lock.reset();  // the broken guard must not release b's lock
    CHECK(b->lock_holder("default", &error).has_value());
  } else {
    lock->release();  // its session was ended: releasing is harmless
  }
}

BACKEND_TEST(export_and_import_restore_a_workspace_exactly) {
  auto store = backend.open();
  ResourceRecord r = resource("a.x", R"({"n":1,"s":"é"})");
  r.sensitive_paths = {"/s"};
  r.expires_at = 42;
  ChangeSet changes = upserts({r, resource("a.y")});
  changes.set_outputs.push_back({"o", R"({"k":[1,2]})", true});
  commit(*store, changes);
  ChangeSet more;
  more.deletes = {"a.y"};
  commit(*store, more);
  std::string error;
  std::string text = must(store->export_json("default", &error), error);
  auto doc = nlohmann::json::parse(text);
  CHECK(doc["format_version"] == 1);
  CHECK(doc["serial"] == 2);

  REQUIRE(store->import_json("restored", text, &error));
  Snapshot a = snap(*store);
  Snapshot b = snap(*store, "restored");
  CHECK(b.lineage == a.lineage);
  CHECK(b.serial == a.serial);
  REQUIRE(b.resources.size() == 1);
  CHECK(b.resources[0].attributes_json == a.resources[0].attributes_json);
  CHECK(b.resources[0].sensitive_paths == a.resources[0].sensitive_paths);
  CHECK(b.resources[0].created_at == a.resources[0].created_at);
  CHECK(b.resources[0].expires_at == a.resources[0].expires_at);
  CHECK(b.outputs.at(0).sensitive);
  CHECK(nlohmann::json::parse(b.outputs.at(0).value_json) ==
        nlohmann::json::parse(R"({"k":[1,2]})"));
  auto ha = store->history("default", "", &error);
  auto hb = store->history("restored", "", &error);
  REQUIRE(ha.has_value());
  REQUIRE(hb.has_value());
  REQUIRE(hb->size() == ha->size());
  CHECK(hb->at(1).changes.at(0).action == "deleted");
  CHECK(must(store->export_json("restored", &error), error).find("\"workspace\": \"restored\"") !=
        std::string::npos);

  CHECK_FALSE(store->import_json("restored", text, &error));
  CHECK(error.find("already has state") != std::string::npos);
  CHECK_FALSE(store->import_json("x", "{not json", &error));
  CHECK_FALSE(store->import_json("x", R"({"format_version": 99})", &error));
  CHECK(error.find("format version 99") != std::string::npos);
  CHECK_FALSE(snap(*store, "x").exists);
  CHECK_FALSE(store->export_json("nope", &error).has_value());
}

BACKEND_TEST(invalid_records_are_refused_and_nothing_is_written) {
  auto store = backend.open();
  std::string error;
  CHECK_FALSE(store->commit("default", upserts({resource("a.x", "[1]")}), &error));
  CHECK(error.find("a.x") != std::string::npos);
  CHECK_FALSE(store->commit("default", upserts({resource("a.x", "{\"a\":")}), &error));
  CHECK_FALSE(store->commit("default", upserts({resource("", "{}")}), &error));
  CHECK_FALSE(store->commit("bad ws", upserts({resource("a.x")}), &error));
  CHECK_FALSE(snap(*store).exists);
}

BACKEND_TEST(concurrent_commits_from_threads_are_all_kept) {
  auto store = backend.open();
  const int threads = 8;
  const int per_thread = 150;
  std::vector<std::thread> workers;
  std::vector<std::vector<int64_t>> serials(threads);
  std::atomic<int> failures{0};
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        std::string error;
        auto serial = store->commit(
            "default",
            upserts({resource("r.t" + std::to_string(t) + "[" + std::to_string(i) + "]")}), &error);
        if (serial) {
          serials[t].push_back(*serial);
        } else {
          ++failures;
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  CHECK(failures == 0);
  Snapshot s = snap(*store);
  CHECK(s.resources.size() == threads * per_thread);
  CHECK(s.serial == threads * per_thread);
  std::set<int64_t> unique;
  for (auto& v : serials) unique.insert(v.begin(), v.end());
  CHECK(unique.size() == threads * per_thread);
}

BACKEND_TEST(state_survives_reopening) {
  std::string lineage;
  {
    auto store = backend.open();
    commit(*store, upserts({resource("a.x")}));
    lineage = snap(*store).lineage;
  }
  auto store = backend.open();
  Snapshot s = snap(*store);
  CHECK(s.lineage == lineage);
  CHECK(s.serial == 1);
  CHECK(addresses(s) == std::vector<std::string>{"a.x"});
}

BACKEND_TEST(commits_queued_behind_a_long_one_are_written_together) {
  auto store = backend.open();
  ChangeSet big;
  for (int i = 0; i < 3000; ++i)
    big.upserts.push_back(resource("big.r[" + std::to_string(i) + "]"));
  std::atomic<bool> started{false};
  std::thread writer([&] {
    started = true;
    std::string error;
    CHECK(store->commit("default", big, &error));
  });
  while (!started) std::this_thread::yield();
  // These arrive while the big transaction is being written: the next leader takes them all
  // in one transaction, each with its own version.
  std::vector<std::thread> small;
  std::vector<int64_t> serials(6);
  for (int t = 0; t < 6; ++t) {
    small.emplace_back([&, t] {
      std::string error;
      ChangeSet changes = upserts({resource("small.r[" + std::to_string(t) + "]")});
      changes.set_outputs.push_back({"o" + std::to_string(t), std::to_string(t), false});
      auto serial = store->commit(t % 2 ? "default" : "other", changes, &error);
      INFO(error);
      CHECK(serial.has_value());
      serials[t] = serial.value_or(-1);
    });
  }
  for (auto& t : small) t.join();
  writer.join();
  Snapshot s = snap(*store);
  Snapshot other = snap(*store, "other");
  CHECK(s.resources.size() == 3003);
  CHECK(other.resources.size() == 3);
  CHECK(s.outputs.size() == 3);
  CHECK(s.serial == 4);
  CHECK(other.serial == 3);
  std::string error;
  auto history = store->history("default", "", &error);
  REQUIRE(history.has_value());
  CHECK(history->size() == 4);
}
