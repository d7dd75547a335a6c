#pragma once
/// Resource instance addresses: one stable, printable, parseable form used by state, plans,
/// `--target` and `mesh state` commands alike.
///
///   mesh_data.x                                   a single resource
///   postgres_schema.orders["v1"]                  a for_each instance
///   mesh_data.chain[3]                            a count instance
///   data_product.orders.postgres_schema.port["v1"]   inside a template instance
///   cluster.dev["a"].exec_command.up               inside a for_each'd template instance

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mesh {

/// The key of one instance: none (a single instance), an index (count) or a string (for_each).
struct InstanceKey {
  enum class Kind : uint8_t { None, Index, String };
  Kind kind = Kind::None;
  int64_t index = 0;
  std::string name;

  static InstanceKey none() { return {}; }
  static InstanceKey of_index(int64_t i) { return {Kind::Index, i, {}}; }
  static InstanceKey of_string(std::string s) { return {Kind::String, 0, std::move(s)}; }

  /// `""`, `[3]` or `["v1"]` (string keys escaped like mesh string literals).
  std::string to_string() const;
  bool operator==(const InstanceKey& o) const {
    return kind == o.kind && index == o.index && name == o.name;
  }
  bool operator!=(const InstanceKey& o) const { return !(*this == o); }
  bool operator<(const InstanceKey& o) const;
};

/// One step of a path: a template instance (`data_product.orders["a"]`) or the resource itself.
struct AddressStep {
  std::string kind;  ///< template name, or the resource type for the last step
  std::string name;
  InstanceKey key;

  bool operator==(const AddressStep& o) const {
    return kind == o.kind && name == o.name && key == o.key;
  }
};

struct ResourceAddress {
  std::vector<AddressStep> module_path;  ///< enclosing template instances, outermost first
  AddressStep resource;                  ///< kind = resource type

  std::string to_string() const;
  /// The address without the instance key of the resource step (`a.b` for `a.b["k"]`).
  std::string config_address() const;
  bool operator==(const ResourceAddress& o) const {
    return module_path == o.module_path && resource == o.resource;
  }
  bool operator!=(const ResourceAddress& o) const { return !(*this == o); }
};

/// Parses an address; on failure returns nullopt and sets `error` to a message naming the
/// offending column.
std::optional<ResourceAddress> parse_address(std::string_view text, std::string* error);

/// Whether `address` is `target` or lies inside it: `data_product.orders` contains every
/// resource of that instance; `mesh_data.x` (no key) contains every instance of `mesh_data.x`.
bool address_within(const ResourceAddress& address, std::string_view target_text);

}  // namespace mesh
