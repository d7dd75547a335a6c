#include "core/schema.h"

#include <algorithm>

namespace mesh {

const AttributeSchema* ResourceSchema::find(std::string_view name) const {
  auto it =
      std::lower_bound(attributes.begin(), attributes.end(), name,
                       [](const AttributeSchema& a, std::string_view n) { return a.name < n; });
  return it != attributes.end() && it->name == name ? &*it : nullptr;
}

std::vector<std::string> ResourceSchema::attribute_names() const {
  std::vector<std::string> names;
  names.reserve(attributes.size());
  for (const AttributeSchema& a : attributes) names.push_back(a.name);
  return names;
}

void ResourceSchema::sort() {
  std::sort(attributes.begin(), attributes.end(),
            [](const AttributeSchema& a, const AttributeSchema& b) { return a.name < b.name; });
}

const ResourceSchema* ProviderSchema::find(std::string_view type) const {
  for (const ResourceSchema& r : resources)
    if (r.type == type) return &r;
  return nullptr;
}

std::string_view provider_of_type(std::string_view type) {
  size_t underscore = type.find('_');
  return underscore == std::string_view::npos ? type : type.substr(0, underscore);
}

}  // namespace mesh
