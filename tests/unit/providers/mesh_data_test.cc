#include <doctest/doctest.h>

#include <chrono>
#include <set>

#include "core/value_ops.h"
#include "providers/attributes.h"
#include "providers/registry.h"

using namespace mesh;

namespace {

Value config(Value input, Value triggers = Value()) {
  return Value::object({{"input", std::move(input)}, {"triggers_replace", std::move(triggers)}});
}

}  // namespace

TEST_CASE("mesh_data: plan shows output = input, create/update/read/delete") {
  std::unique_ptr<Provider> p = create_provider("mesh");
  OperationContext context;
  Value input = Value::object({{"a", Value::integer(1)}, {"b", Value::unknown(Type::string())}});
  PlannedState planned = p->plan("mesh_data", Value(), config(input));
  CHECK(planned.error.empty());
  CHECK(identical(attribute(planned.value, "output"), input));  // unknown parts stay unknown
  CHECK(attribute(planned.value, "id").is_unknown());

  planned = p->plan("mesh_data", Value(), config(Value::string("hello")));
  ProviderResult created = p->create("mesh_data", planned.value, context);
  REQUIRE(created.ok());
  const std::string id = attribute(created.value, "id").as_string();
  CHECK(id.size() == 36);
  CHECK(id[14] == '4');
  CHECK(attribute(created.value, "output").as_string() == "hello");
  CHECK(created.value.is_wholly_known());

  PlannedState changed = p->plan("mesh_data", created.value, config(Value::string("bye")));
  CHECK(changed.requires_replace.empty());
  CHECK(attribute(changed.value, "id").as_string() == id);
  CHECK(attribute(changed.value, "output").as_string() == "bye");
  ProviderResult updated = p->update("mesh_data", created.value, changed.value, context);
  REQUIRE(updated.ok());
  CHECK(attribute(updated.value, "id").as_string() == id);
  CHECK(identical(updated.value, changed.value));

  PlannedState replaced =
      p->plan("mesh_data", updated.value, config(Value::string("bye"), Value::integer(2)));
  CHECK(replaced.requires_replace == std::vector<std::string>{"triggers_replace"});
  CHECK(attribute(replaced.value, "id").is_unknown());

  CHECK_FALSE(p->can_read("mesh_data"));
  ReadResult read = p->read("mesh_data", updated.value, context);
  REQUIRE(read.value);
  CHECK(identical(*read.value, updated.value));
  CHECK(p->destroy("mesh_data", updated.value, context) == "");

  ProviderResult imported = p->import("mesh_data", "abc", context);
  REQUIRE(imported.ok());
  CHECK(attribute(imported.value, "id").as_string() == "abc");
}

TEST_CASE("mesh_data: sensitive input stays sensitive in output") {
  std::unique_ptr<Provider> p = create_provider("mesh");
  PlannedState planned =
      p->plan("mesh_data", Value(), config(Value::string("pw").mark_sensitive()));
  CHECK(attribute(planned.value, "output").is_sensitive());
}

TEST_CASE("mesh_data: 100k plan+create are cheap and ids unique") {
  std::unique_ptr<Provider> p = create_provider("mesh");
  OperationContext context;
  std::set<std::string> ids;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 100000; ++i) {
    PlannedState planned = p->plan("mesh_data", Value(), config(Value::integer(i)));
    ProviderResult created = p->create("mesh_data", planned.value, context);
    ids.insert(attribute(created.value, "id").as_string());
  }
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(ids.size() == 100000);
  // A guard against accidental quadratic work, generous for sanitizer builds and busy
  // machines; the real budget is measured in bench/.
  CHECK(elapsed < std::chrono::seconds(30));
  MESSAGE("100k mesh_data plan+create: "
          << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms");
}
