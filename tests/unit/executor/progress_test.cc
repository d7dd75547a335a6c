/// Progress lines: their wording, "still" ticks, and whole lines under concurrency.

#include <doctest/doctest.h>

#include <cstdio>
#include <mutex>
#include <sstream>
#include <thread>

#include "tests/unit/executor/fake.h"

using namespace mesh;
using namespace mesh::test;
using exec::Operation;
using exec::ProgressEvent;

namespace {

struct Capture final : exec::Progress {
  std::mutex mutex;
  std::vector<std::string> lines;
  void event(const ProgressEvent& e) override {
    std::lock_guard<std::mutex> lock(mutex);
    lines.push_back(exec::format_progress(e));
  }
  bool has(const std::string& line) {
    std::lock_guard<std::mutex> lock(mutex);
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  }
};

}  // namespace

TEST_CASE("progress lines read like Terraform's") {
  ProgressEvent e;
  e.address = "mesh_data.x";
  CHECK(exec::format_progress(e) == "mesh_data.x: Creating...");
  e.kind = ProgressEvent::Done;
  e.elapsed = std::chrono::milliseconds(2300);
  e.id = "abc";
  CHECK(exec::format_progress(e) == "mesh_data.x: Creation complete after 2s [id=abc]");
  e.kind = ProgressEvent::Still;
  e.elapsed = std::chrono::seconds(70);
  e.operation = Operation::Delete;
  CHECK(exec::format_progress(e) == "mesh_data.x: Still destroying... [id=abc] [1m10s elapsed]");
  e.kind = ProgressEvent::Start;
  e.operation = Operation::Update;
  CHECK(exec::format_progress(e) == "mesh_data.x: Modifying... [id=abc]");
  e.kind = ProgressEvent::Failed;
  e.elapsed = std::chrono::seconds(0);
  CHECK(exec::format_progress(e) == "mesh_data.x: Modifications failed after 0s");
  CHECK(exec::format_elapsed(std::chrono::seconds(3725)) == "1h2m5s");
}

TEST_CASE("an apply reports starts, finishes and long operations") {
  Harness h;
  Scenario s;
  s.add("quick", plan::Action::Create);
  s.add("long", plan::Action::Create, {}, input("long", {{"sleep_ms", Value::integer(250)}}));
  s.add("old", plan::Action::Delete);
  s.finish();
  Capture capture;
  exec::ApplyOptions options;
  options.progress = &capture;
  options.still_interval = std::chrono::milliseconds(100);
  CHECK(h.apply(s, options).ok());
  CHECK(capture.has("fake_thing.quick: Creating..."));
  CHECK(capture.has("fake_thing.quick: Creation complete after 0s [id=id-quick]"));
  CHECK(capture.has("fake_thing.long: Still creating... [0s elapsed]"));
  CHECK(capture.has("fake_thing.old: Destroying... [id=id-old]"));
  CHECK(capture.has("fake_thing.old: Destruction complete after 0s"));
}

TEST_CASE("sensitive ids never reach progress lines") {
  Harness h;
  Scenario s;
  plan::ResourceChange& c = s.add("secret", plan::Action::Delete);
  c.before = Value::object(
      {{"id", Value::string("hunter2").mark_sensitive()}, {"input", input("secret")}});
  s.finish();
  Capture capture;
  exec::ApplyOptions options;
  options.progress = &capture;
  CHECK(h.apply(s, options).ok());
  for (const std::string& line : capture.lines) CHECK(line.find("hunter2") == std::string::npos);
}

TEST_CASE("concurrent writers never interleave partial lines") {
  char* buffer = nullptr;
  size_t size = 0;
  std::FILE* stream = open_memstream(&buffer, &size);
  {
    exec::StreamProgress progress(stream);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 200; ++i) {
          ProgressEvent e;
          e.address = "mesh_data.t" + std::to_string(t) + "[" + std::to_string(i) + "]";
          progress.event(e);
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  std::fclose(stream);
  std::istringstream in(std::string(buffer, size));
  std::free(buffer);
  std::string line;
  int count = 0;
  while (std::getline(in, line)) {
    ++count;
    CHECK(line.rfind("mesh_data.t", 0) == 0);
    CHECK(line.size() - line.find("]: Creating...") == std::string("]: Creating...").size());
  }
  CHECK(count == 1600);
}
