#include <doctest/doctest.h>

#include "core/value_ops.h"
#include "providers/attributes.h"
#include "providers/provider.h"

using namespace mesh;

namespace {

ResourceSchema widget() {
  ResourceSchema s;
  s.type = "test_widget";
  s.attributes = {
      schema_attribute("name", Type::string(), AttributeMode::Required, kForceNew, ""),
      schema_attribute("size", Type::number(), AttributeMode::Optional, kNoFlags, "",
                       Value::integer(3)),
      schema_attribute("tags", Type::map(Type::string()), AttributeMode::Optional, kForceNew, ""),
      schema_attribute("secret", Type::string(), AttributeMode::Optional, kSensitive, ""),
      schema_attribute("zone", Type::string(), AttributeMode::OptionalComputed, kNoFlags, ""),
      schema_attribute("id", Type::string(), AttributeMode::Computed, kNoFlags, ""),
  };
  s.sort();
  return s;
}

Value tags(const char* env) {
  return Value::object({{"env", Value::string(env)}});
}

}  // namespace

TEST_CASE("default plan: create keeps configuration, defaults, unknown computed") {
  PlannedState p = plan_from_schema(
      widget(), Value(),
      Value::object({{"name", Value::string("a")}, {"secret", Value::string("s")}}));
  CHECK(p.error.empty());
  CHECK(p.requires_replace.empty());
  CHECK(attribute(p.value, "name").as_string() == "a");
  CHECK(identical(attribute(p.value, "size"), Value::integer(3)));
  CHECK(attribute(p.value, "id").is_unknown());
  CHECK(attribute(p.value, "zone").is_unknown());
  CHECK(attribute(p.value, "secret").is_sensitive());
  CHECK(attribute(p.value, "tags").is_null());
}

TEST_CASE("default plan: update keeps computed values - force-new changes replace") {
  Value prior = Value::object({{"id", Value::string("i-1")},
                               {"name", Value::string("a")},
                               {"secret", Value()},
                               {"size", Value::integer(3)},
                               {"tags", tags("dev")},
                               {"zone", Value::string("z1")}});
  PlannedState same = plan_from_schema(
      widget(), prior,
      Value::object(
          {{"name", Value::string("a")}, {"size", Value::integer(5)}, {"tags", tags("dev")}}));
  CHECK(same.requires_replace.empty());
  CHECK(attribute(same.value, "id").as_string() == "i-1");
  CHECK(attribute(same.value, "zone").as_string() == "z1");
  CHECK(identical(attribute(same.value, "size"), Value::integer(5)));

  // Deep comparison of a force-new map.
  PlannedState replaced = plan_from_schema(
      widget(), prior, Value::object({{"name", Value::string("a")}, {"tags", tags("prod")}}));
  CHECK(replaced.requires_replace == std::vector<std::string>{"tags"});
  CHECK(attribute(replaced.value, "id").is_unknown());

  // An unknown force-new value may change: replacement.
  PlannedState unknown = plan_from_schema(
      widget(), prior,
      Value::object({{"name", Value::unknown(Type::string())}, {"tags", tags("dev")}}));
  CHECK(unknown.requires_replace == std::vector<std::string>{"name"});

  // A sensitive mark alone is not a change.
  PlannedState marked = plan_from_schema(
      widget(), prior,
      Value::object({{"name", Value::string("a").mark_sensitive()}, {"tags", tags("dev")}}));
  CHECK(marked.requires_replace.empty());

  // An OptionalComputed attribute set in configuration is taken as is.
  PlannedState zoned = plan_from_schema(
      widget(), prior,
      Value::object(
          {{"name", Value::string("a")}, {"tags", tags("dev")}, {"zone", Value::string("z2")}}));
  CHECK(attribute(zoned.value, "zone").as_string() == "z2");
}
