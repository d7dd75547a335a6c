#include <doctest/doctest.h>

#include "core/address.h"

using namespace mesh;

TEST_CASE("addresses print and parse back") {
  for (const char* text : {"mesh_data.x", "postgres_schema.orders[\"v1\"]", "mesh_data.chain[3]",
                           "data_product.orders.postgres_schema.port[\"orders_v1\"]",
                           "cluster.dev[\"a\"].exec_command.up", "a.b[\"q\\\"uote\"]", "t.n[-1]"}) {
    std::string error;
    auto address = parse_address(text, &error);
    REQUIRE_MESSAGE(address, text << ": " << error);
    CHECK(address->to_string() == text);
  }
}

TEST_CASE("parsed address exposes module path, type, name and key") {
  std::string error;
  auto a = parse_address("data_product.orders.postgres_schema.port[\"v1\"]", &error);
  REQUIRE(a);
  REQUIRE(a->module_path.size() == 1);
  CHECK(a->module_path[0].kind == "data_product");
  CHECK(a->module_path[0].name == "orders");
  CHECK(a->resource.kind == "postgres_schema");
  CHECK(a->resource.name == "port");
  CHECK(a->resource.key == InstanceKey::of_string("v1"));
  CHECK(a->config_address() == "data_product.orders.postgres_schema.port");
}

TEST_CASE("bad addresses are refused with the column") {
  std::string error;
  CHECK_FALSE(parse_address("", &error));
  CHECK(error.find("column 1") != std::string::npos);
  CHECK_FALSE(parse_address("mesh_data", &error));
  CHECK_FALSE(parse_address("mesh_data.x[", &error));
  CHECK_FALSE(parse_address("mesh_data.x[\"a]", &error));
  CHECK(error.find("unterminated") != std::string::npos);
  CHECK_FALSE(parse_address("mesh_data.x.", &error));
  CHECK_FALSE(parse_address("mesh_data.x y", &error));
  CHECK(error.find("column 12") != std::string::npos);
  CHECK_FALSE(parse_address("mesh_data.x[99999999999999999999]", &error));
}

TEST_CASE("address_within matches whole steps only") {
  std::string error;
  auto a = *parse_address("data_product.orders.postgres_schema.port[\"v1\"]", &error);
  CHECK(address_within(a, "data_product.orders"));
  CHECK(address_within(a, "data_product.orders.postgres_schema.port"));
  CHECK(address_within(a, "data_product.orders.postgres_schema.port[\"v1\"]"));
  CHECK_FALSE(address_within(a, "data_product.order"));
  CHECK_FALSE(address_within(a, "data_product.orders.postgres_schema.port[\"v2\"]"));
}

TEST_CASE("instance keys order: none, then indexes numerically, then strings") {
  CHECK(InstanceKey::none() < InstanceKey::of_index(0));
  CHECK(InstanceKey::of_index(2) < InstanceKey::of_index(10));
  CHECK(InstanceKey::of_index(10) < InstanceKey::of_string("a"));
  CHECK(InstanceKey::of_string("a") < InstanceKey::of_string("b"));
}
