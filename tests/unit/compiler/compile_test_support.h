#pragma once
/// Helpers for the evaluation/expansion/graph tests: a small schema catalog, configurations
/// written to a temporary directory, and compile results rendered as text.

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "compiler/compile.h"
#include "compiler/evaluate.h"
#include "core/value_display.h"
#include "tests/support/temp_dir.h"

namespace mesh::test {

inline AttributeSchema attr(std::string name, Type type, AttributeMode mode,
                            bool sensitive = false) {
  AttributeSchema a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.mode = mode;
  a.sensitive = sensitive;
  return a;
}

/// test_file, test_schema, test_secret, test_table, test_data.
class TestCatalog : public SchemaCatalog {
 public:
  TestCatalog() {
    using M = AttributeMode;
    ProviderSchema p;
    p.name = "test";
    ResourceSchema file{"test_file", "", {}};
    file.attributes = {
        attr("path", Type::string(), M::Required), attr("content", Type::string(), M::Optional),
        attr("mode", Type::string(), M::Optional), attr("id", Type::string(), M::Computed),
        attr("size", Type::number(), M::Computed)};
    file.attributes[2].default_value = Value::string("0644");
    ResourceSchema schema{"test_schema", "", {}};
    schema.attributes = {attr("name", Type::string(), M::Required),
                         attr("owner", Type::string(), M::OptionalComputed),
                         attr("tags", Type::map(Type::string()), M::Optional),
                         attr("id", Type::string(), M::Computed)};
    ResourceSchema secret{"test_secret", "", {}};
    secret.attributes = {attr("value", Type::string(), M::Required, true),
                         attr("id", Type::string(), M::Computed)};
    ResourceSchema table{"test_table", "", {}};
    table.attributes = {
        attr("name", Type::string(), M::Required),
        attr("column", Type::map(Type::object({{"type", Type::string(), false}})), M::Optional),
        attr("id", Type::string(), M::Computed)};
    ResourceSchema data{"test_data", "", {}};
    data.attributes = {attr("input", Type::any(), M::Optional),
                       attr("output", Type::any(), M::Computed),
                       attr("id", Type::string(), M::Computed)};
    for (ResourceSchema* r : {&file, &schema, &secret, &table, &data}) {
      r->sort();
      p.resources.push_back(*r);
    }
    p.config = {attr("host", Type::string(), M::Optional),
                attr("port", Type::number(), M::Optional)};
    provider_ = std::move(p);
  }
  const ResourceSchema* resource(std::string_view type) const override {
    return provider_.find(type);
  }
  const ProviderSchema* provider(std::string_view name) const override {
    return name == "test" ? &provider_ : nullptr;
  }
  std::vector<std::string> resource_types() const override {
    std::vector<std::string> out;
    for (const ResourceSchema& r : provider_.resources) out.push_back(r.type);
    return out;
  }

 private:
  ProviderSchema provider_;
};

struct Compiled {
  TempDir dir;
  SourceManager sources;
  Diagnostics diagnostics;
  Compilation result;
  TestCatalog catalog;

  bool ok() const { return !diagnostics.has_errors(); }
  std::string errors() const { return render(diagnostics, sources); }
  const ResourceGraph& graph() const { return *result.graph; }
  /// Messages only, one per line.
  std::string messages() const {
    std::string out;
    for (const Diagnostic& d : diagnostics.items()) out += d.message + "\n";
    return out;
  }
  uint32_t node(const std::string& address) const {
    uint32_t id = graph().find(address);
    REQUIRE_MESSAGE(id != kNoNode, "no node " << address);
    return id;
  }
  /// The compile-time value of a node (computed attributes unknown), displayed inline.
  std::string value(const std::string& address) {
    CompileTimeSource source(graph(), diagnostics);
    uint32_t id = node(address);
    Value v = graph().nodes[id].kind == NodeKind::Output
                  ? evaluate_output(graph(), id, source, diagnostics)
                  : source.instance_value(id);
    return to_inline_string(v);
  }
  /// Addresses of the dependencies of a node, comma-separated.
  std::string deps(const std::string& address) const {
    std::string out;
    for (uint32_t d : graph().dependencies(node(address)))
      out += (out.empty() ? "" : ", ") + graph().nodes[d].address_text;
    return out;
  }
  std::string addresses() const {
    std::string out;
    for (const GraphNode& n : graph().nodes) out += n.address_text + "\n";
    return out;
  }
};

/// Compiles files {name → text} in a temporary directory.
inline std::unique_ptr<Compiled> compile_files(const std::map<std::string, std::string>& files,
                                               VariableInputs inputs = {}) {
  auto c = std::make_unique<Compiled>();
  for (const auto& [name, text] : files) c->dir.write(name, text);
  CompileOptions options;
  options.directory = c->dir.path();
  options.variables = std::move(inputs);
  options.load.stdlib_paths = {c->dir.path() + "/stdlib"};
  c->result = compile(options, c->sources, c->catalog, c->diagnostics);
  return c;
}

inline std::unique_ptr<Compiled> compile_text(const std::string& text, VariableInputs inputs = {}) {
  return compile_files({{"main.mesh", text}}, std::move(inputs));
}

/// The value of `output "x" { value = EXPR }` in an otherwise empty configuration.
inline std::string eval_text(const std::string& expr, const std::string& extra = "") {
  auto c = compile_text(extra + "\noutput \"x\" {\n  value = " + expr + "\n}\n");
  if (!c->ok()) return "error: " + c->messages();
  std::string v = c->value("output.x");
  if (!c->ok()) return "error: " + c->messages();
  return v;
}

}  // namespace mesh::test
