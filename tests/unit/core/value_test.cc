#include <doctest/doctest.h>

#include "core/value.h"
#include "core/value_ops.h"

using namespace mesh;

TEST_CASE("value kinds and accessors") {
  CHECK(Value().is_null());
  CHECK(Value::boolean(true).as_bool());
  CHECK(Value::integer(5).as_number().to_string() == "5");
  CHECK(Value::number(*Number::parse("2.5")).as_number().to_string() == "2.5");
  CHECK(Value::number(*Number::parse("1e30")).as_number().to_string() ==
        "1000000000000000000000000000000");
  CHECK(Value::string("x").as_string() == "x");
  CHECK(Value::duration(1500).as_duration() == 1500);
  Value l = Value::list({Value::integer(1), Value::string("a")});
  CHECK(l.is_list());
  CHECK(l.size() == 2);
  CHECK(l.items()[1].as_string() == "a");
  CHECK(Value::string("x").items().empty());
  CHECK(Value::list({}).size() == 0);
  CHECK(kind_name(ValueKind::Object) == "object");
  CHECK(sizeof(Value) <= 32);
}

TEST_CASE("objects are sorted by key, last duplicate wins, lookup by binary search") {
  Value o =
      Value::object({{"b", Value::integer(2)}, {"a", Value::integer(1)}, {"b", Value::integer(3)}});
  REQUIRE(o.size() == 2);
  CHECK(o.entries()[0].first == "a");
  CHECK(o.find("b")->as_number().to_string() == "3");
  CHECK(o.find("c") == nullptr);
  CHECK(Value::object({}).find("a") == nullptr);
}

TEST_CASE("sets are sorted and unique; unknown elements make the set unknown") {
  Value s = Value::set({Value::string("b"), Value::string("a"), Value::string("b")});
  REQUIRE(s.size() == 2);
  CHECK(s.items()[0].as_string() == "a");
  CHECK(s.is_set());
  Value mixed = Value::set({Value::string("a"), Value::integer(1), Value()});
  CHECK(mixed.items()[0].is_null());
  CHECK(mixed.items()[1].is_number());
  Value u = Value::set({Value::string("a"), Value::unknown(Type::string())});
  CHECK(u.is_unknown());
  CHECK(u.unknown_type() == Type::set(Type::any()));
  Value sens = Value::set({Value::string("a"), Value::string("a").mark_sensitive()});
  REQUIRE(sens.size() == 1);
  CHECK(sens.items()[0].is_sensitive());
}

TEST_CASE("marks: unknown with a type, sensitive deep, cached containment flags") {
  Value u = Value::unknown(Type::number());
  CHECK(u.is_unknown());
  CHECK_FALSE(u.is_known());
  CHECK(u.unknown_type() == Type::number());
  CHECK(Value::unknown().unknown_type().is_any());
  CHECK(Value::string("x").unknown_type().is_any());

  Value secret = Value::string("pw").mark_sensitive();
  CHECK(secret.is_sensitive());
  CHECK_FALSE(secret.mark_sensitive(false).is_sensitive());
  Value nested = Value::object({{"a", Value::list({secret})}, {"b", u}});
  CHECK_FALSE(nested.is_sensitive());
  CHECK(nested.contains_sensitive());
  CHECK(nested.contains_unknown());
  CHECK_FALSE(nested.is_wholly_known());
  Value clean = nested.without_sensitive();
  CHECK_FALSE(clean.contains_sensitive());
  CHECK(clean.find("a")->items()[0].as_string() == "pw");
  CHECK(Value::list({Value::integer(1)}).is_wholly_known());
}

TEST_CASE("copies share payloads") {
  Value big = Value::string(std::string(1000, 'x'));
  Value copy = big;
  CHECK(&copy.as_string() == &big.as_string());
}
