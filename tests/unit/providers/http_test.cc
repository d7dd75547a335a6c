/// The http provider against a real nginx on loopback (WebDAV PUT/DELETE over a temp dir).

#include <doctest/doctest.h>
#include <sys/socket.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "core/value_json.h"
#include "nginx_server.h"
#include "providers/attributes.h"
#include "providers/registry.h"

using namespace mesh;
using mesh::testing::NginxServer;

namespace {

NginxServer& nginx() {
  static NginxServer server;
  REQUIRE_MESSAGE(server.ok(), server.error());
  return server;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool exists(const std::string& path) {
  return access(path.c_str(), F_OK) == 0;
}

std::unique_ptr<Provider> http() {
  std::unique_ptr<Provider> p = create_provider("http");
  REQUIRE(p);
  REQUIRE(p->configure(Value()) == "");
  return p;
}

ProviderResult create(Provider& p, const Value& config) {
  std::vector<std::string> errors = p.validate("http_resource", config);
  REQUIRE_MESSAGE(errors.empty(), errors.front());
  PlannedState planned = p.plan("http_resource", Value(), config);
  REQUIRE(planned.error.empty());
  return p.create("http_resource", planned.value, OperationContext{});
}

}  // namespace

TEST_CASE("http_resource: PUT, read, drift, update, delete against nginx") {
  std::unique_ptr<Provider> p = http();
  const std::string url = nginx().url("/objects/a.json");
  Value config = Value::object({{"body", Value::string("{\"name\": \"orders\", \"tier\": 1}")},
                                {"create_method", Value::string("PUT")},
                                {"url", Value::string(url)}});
  ProviderResult created = create(*p, config);
  REQUIRE_MESSAGE(created.ok(), created.error);
  CHECK(attribute(created.value, "id").as_string() == url);
  CHECK(attribute(created.value, "status_code").as_number().to_int64() == 201);
  CHECK(slurp(nginx().file("/objects/a.json")) == "{\"name\": \"orders\", \"tier\": 1}");

  ReadResult read = p->read("http_resource", created.value, OperationContext{});
  REQUIRE(read.value);
  CHECK(same_value(*read.value, created.value));
  // The same JSON written differently is no drift; a changed member is.
  std::ofstream(nginx().file("/objects/a.json")) << "{\"tier\":1,\"name\":\"orders\",\"x\":0}\n";
  read = p->read("http_resource", created.value, OperationContext{});
  REQUIRE(read.value);
  CHECK(same_value(*read.value, created.value));
  std::ofstream(nginx().file("/objects/a.json")) << "{\"name\": \"hacked\", \"tier\": 1}";
  read = p->read("http_resource", created.value, OperationContext{});
  REQUIRE(read.value);
  CHECK(attribute(*read.value, "body").as_string() == "{\"name\": \"hacked\", \"tier\": 1}");
  PlannedState repair = p->plan("http_resource", *read.value, config);
  CHECK(repair.requires_replace.empty());
  CHECK(attribute(repair.value, "status_code").is_unknown());
  ProviderResult updated =
      p->update("http_resource", *read.value, repair.value, OperationContext{});
  REQUIRE_MESSAGE(updated.ok(), updated.error);
  CHECK(attribute(updated.value, "status_code").as_number().to_int64() == 204);
  CHECK(slurp(nginx().file("/objects/a.json")) == "{\"name\": \"orders\", \"tier\": 1}");
  // A URL change replaces.
  CHECK(p->plan("http_resource", updated.value,
                with_attributes(config, {{"url", Value::string(nginx().url("/objects/b.json"))}}))
            .requires_replace == std::vector<std::string>{"url"});

  CHECK(p->destroy("http_resource", updated.value, OperationContext{}) == "");
  CHECK_FALSE(exists(nginx().file("/objects/a.json")));
  ReadResult gone = p->read("http_resource", updated.value, OperationContext{});
  CHECK(gone.ok());
  CHECK_FALSE(gone.value);
  CHECK(p->destroy("http_resource", updated.value, OperationContext{}) == "");  // already gone

  // Import adopts an object by its URL.
  std::ofstream(nginx().file("/objects/c.txt")) << "plain text";
  ProviderResult imported =
      p->import("http_resource", nginx().url("/objects/c.txt"), OperationContext{});
  REQUIRE_MESSAGE(imported.ok(), imported.error);
  CHECK(attribute(imported.value, "body").as_string() == "plain text");
}

TEST_CASE("http_resource: POST takes the id from id_path or the Location header") {
  std::unique_ptr<Provider> p = http();
  Value config = Value::object({{"body", Value::string("{}")},
                                {"id_path", Value::string("data.id")},
                                {"url", Value::string(nginx().url("/created"))}});
  ProviderResult created = create(*p, config);
  REQUIRE_MESSAGE(created.ok(), created.error);
  CHECK(attribute(created.value, "id").as_string() == "42");
  CHECK(attribute(created.value, "response_body").as_string() == "{\"data\": {\"id\": 42}}");
  created = create(*p, with_attributes(config, {{"id_path", Value()}}));
  REQUIRE_MESSAGE(created.ok(), created.error);
  CHECK(attribute(created.value, "id").as_string() == nginx().url("/things/42"));
  created = create(*p, with_attributes(config, {{"id_path", Value::string("data.nope")}}));
  CHECK(created.error.find("id_path \"data.nope\" is not in the response") != std::string::npos);
  // With read_path, `{id}` is the id (here an object nginx does not have: gone).
  Value state = with_attributes(
      config, {{"id", Value::string("42")}, {"read_path", Value::string("/things/{id}")}});
  ReadResult read = p->read("http_resource", state, OperationContext{});
  CHECK(read.ok());
  CHECK_FALSE(read.value);
  // POST to a plain file location is refused by nginx: the status is reported.
  created = create(*p, with_attributes(config, {{"url", Value::string(nginx().url("/x"))}}));
  CHECK(created.error.find("POST " + nginx().url("/x") + ": status 4") == 0);
}

TEST_CASE("http_resource: bounded retries with backoff on 503, 429 and refused connections") {
  std::unique_ptr<Provider> p = http();
  Value config = Value::object({{"body", Value::string("x")},
                                {"create_method", Value::string("PUT")},
                                {"retries", Value::integer(2)},
                                {"url", Value::string(nginx().url("/unavailable/x"))}});
  auto start = std::chrono::steady_clock::now();
  ProviderResult failed = create(*p, config);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(600));  // 200+400
  CHECK(failed.error == "PUT " + nginx().url("/unavailable/x") +
                            ": status 503 (expected 2xx) (3 attempts): <html>");
  CHECK(nginx().hits("/unavailable/x") == 3);

  failed = create(*p, with_attributes(config, {{"url", Value::string(nginx().url("/busy/y"))}}));
  CHECK(failed.error.find("status 429 (expected 2xx) (3 attempts)") != std::string::npos);
  CHECK(nginx().hits("/busy/y") == 3);
  // expected_status turns a status into success (and no retry).
  ProviderResult accepted =
      create(*p, with_attributes(config, {{"expected_status", Value::list({Value::integer(503)})},
                                          {"url", Value::string(nginx().url("/unavailable/z"))}}));
  CHECK(accepted.ok());
  CHECK(nginx().hits("/unavailable/z") == 1);

  const std::string nowhere =
      "http://127.0.0.1:" + std::to_string(mesh::testing::free_loopback_port()) + "/x";
  start = std::chrono::steady_clock::now();
  failed = create(*p, with_attributes(config, {{"retries", Value::integer(3)},
                                               {"url", Value::string(nowhere)}}));
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(failed.error.find("PUT " + nowhere + ": ") == 0);
  CHECK(failed.error.find("(4 attempts)") != std::string::npos);
  CHECK(elapsed >= std::chrono::milliseconds(1400));  // 200 + 400 + 800
  CHECK(elapsed < std::chrono::seconds(5));
}

TEST_CASE("http_resource: a server that never answers times out, bounded") {
  // A listening socket nobody accepts on: connections complete, no response ever comes.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(listen(fd, 16) == 0);
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/slow";
  std::unique_ptr<Provider> p = http();
  auto start = std::chrono::steady_clock::now();
  ProviderResult failed = create(*p, Value::object({{"create_method", Value::string("PUT")},
                                                    {"retries", Value::integer(1)},
                                                    {"timeout", Value::duration(300)},
                                                    {"url", Value::string(url)}}));
  auto elapsed = std::chrono::steady_clock::now() - start;
  close(fd);
  CHECK(failed.error.find("PUT " + url + ": ") == 0);
  CHECK(failed.error.find("(2 attempts)") != std::string::npos);
  CHECK(elapsed < std::chrono::seconds(3));
}

TEST_CASE("http_resource: sensitive headers authenticate and never show in errors") {
  std::unique_ptr<Provider> p = http();
  Value config = Value::object(
      {{"body", Value::string("s")},
       {"create_method", Value::string("PUT")},
       {"sensitive_headers",
        Value::object({{"Authorization", Value::string("Bearer t0ken")}}).mark_sensitive()},
       {"url", Value::string(nginx().url("/secret/one"))}});
  PlannedState planned = p->plan("http_resource", Value(), config);
  CHECK(attribute(planned.value, "sensitive_headers").is_sensitive());
  ProviderResult created = create(*p, config);
  REQUIRE_MESSAGE(created.ok(), created.error);
  CHECK(slurp(nginx().file("/secret/one")) == "s");
  Value wrong = with_attributes(
      config, {{"sensitive_headers",
                Value::object({{"Authorization", Value::string("Bearer wrong-secret")}})},
               {"url", Value::string(nginx().url("/secret/two"))}});
  ProviderResult denied = create(*p, wrong);
  REQUIRE_FALSE(denied.ok());
  CHECK(denied.error.find("status 401") != std::string::npos);
  CHECK(denied.error.find("wrong-secret") == std::string::npos);
  CHECK(denied.error.find("t0ken") == std::string::npos);
}

TEST_CASE("http_resource: validation and TLS verification") {
  std::unique_ptr<Provider> p = http();
  CHECK(p->validate("http_resource", Value::object({{"url", Value::string("ftp://x")}})).size() ==
        1);
  CHECK(p->validate("http_resource", Value::object({{"create_method", Value::string("GET")},
                                                    {"url", Value::string("http://x")}}))
            .size() == 1);
  CHECK(p->validate("http_resource", Value::object({{"retries", Value::integer(-1)},
                                                    {"update_method", Value::string("POST")},
                                                    {"url", Value::string("http://x")}}))
            .size() == 2);
  // TLS is verified: an https URL to a server that does not speak TLS, or with a CA file that
  // does not exist, fails (without retries: it is not a transient error).
  ProviderResult failed = create(
      *p,
      Value::object(
          {{"ca_file", Value::string("/nonexistent/ca.pem")},
           {"create_method", Value::string("PUT")},
           {"url", Value::string("https://127.0.0.1:" + std::to_string(nginx().port()) + "/t")}}));
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error.find("attempts") == std::string::npos);
}
