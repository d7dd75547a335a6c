#include "compiler/variables.h"

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "compiler/eval.h"
#include "compiler/evaluate.h"
#include "compiler/parse.h"
#include "compiler/references.h"
#include "core/convert.h"
#include "core/value_json.h"
#include "core/value_yaml.h"

extern char** environ;

namespace mesh {

bool VariableInputs::add_cli(const std::string& assignment) {
  size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  cli.emplace_back(assignment.substr(0, eq), assignment.substr(eq + 1));
  return true;
}

void VariableInputs::read_environment() {
  static const char kPrefix[] = "MESH_VAR_";
  for (char** e = environ; e && *e; ++e) {
    if (std::strncmp(*e, kPrefix, sizeof(kPrefix) - 1) != 0) continue;
    std::string entry(*e + sizeof(kPrefix) - 1);
    size_t eq = entry.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    env.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
  }
}

namespace {

class NoInstances : public InstanceValueSource {
 public:
  Value instance_value(uint32_t) const override { return Value::unknown(); }
};

/// A constant expression: no references, so an empty graph is enough.
Value evaluate_constant(const ast::Expr& expr, const SourceManager& sources, Diagnostics& d) {
  ResourceGraph empty;
  empty.sources = &sources;
  NoInstances none;
  EvalContext c{empty, none, d};
  return evaluate_expr(expr, Frame{}, c);
}

bool has_references(const ast::Expr& expr) {
  bool any = false;
  for_each_reference(expr, [&](const Reference&) { any = true; });
  return any;
}

}  // namespace

Value parse_variable_text(const std::string& name, const std::string& text,
                          SourceManager& sources) {
  FileId id = sources.add("<value of " + name + ">", text);
  Diagnostics d;
  ast::ExprPtr expr = parse_expression(sources, id, d);
  if (!expr || d.has_errors() || has_references(*expr)) return Value::string(text);
  Value v = evaluate_constant(*expr, sources, d);
  if (d.has_errors() || v.contains_unknown()) return Value::string(text);
  return v;
}

VariableValues resolve_variables(const Config& config, const VariableInputs& inputs,
                                 SourceManager& sources, Diagnostics& diagnostics) {
  struct Given {
    Value value;
    std::string from;
  };
  std::map<std::string, Given> given;
  std::vector<std::string> names;
  for (const VariableDecl& v : config.variables) names.push_back(v.name);

  for (const auto& [name, text] : inputs.env)
    if (config.find_variable(name))
      given[name] = {parse_variable_text(name, text, sources), "MESH_VAR_" + name};
  for (const std::string& path : inputs.files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      diagnostics.error({}, "cannot read variable file `" + path + "`");
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
    ValueResult r = json ? from_json_text(text.str()) : from_yaml_text(text.str());
    if (!r) {
      diagnostics.error({}, "variable file `" + path + "`: " + r.error);
      continue;
    }
    if (r.value.is_null()) continue;
    if (!r.value.is_object()) {
      diagnostics.error({}, "variable file `" + path + "` must hold a mapping of names to values");
      continue;
    }
    for (const auto& [name, value] : r.value.entries()) {
      if (!config.find_variable(name)) {
        Diagnostic& d = diagnostics.warning(
            {}, "variable file `" + path + "` sets `" + name + "`, which is not declared");
        d.suggestion = closest_match(name, names);
        continue;
      }
      given[name] = {value, "`" + path + "`"};
    }
  }
  for (const auto& [name, text] : inputs.cli) {
    if (!config.find_variable(name)) {
      Diagnostic& d =
          diagnostics.error({}, "--var " + name + ": no variable `" + name + "` is declared");
      d.suggestion = closest_match(name, names);
      continue;
    }
    given[name] = {parse_variable_text(name, text, sources), "--var"};
  }

  ValueEntries entries;
  for (const VariableDecl& v : config.variables) {
    SourceRange at = v.block->labels[0].range;
    Value value;
    std::string from;
    if (auto it = given.find(v.name); it != given.end()) {
      value = it->second.value;
      from = it->second.from;
    } else if (v.default_value) {
      value = evaluate_constant(*v.default_value, sources, diagnostics);
      from = "the default";
      at = v.default_value->range;
    } else {
      Diagnostic& d =
          diagnostics.error(at, "variable `" + v.name + "` is required but has no value");
      d.notes.push_back({"set it with --var " + v.name +
                             "=VALUE, in a --var-file, or with the "
                             "MESH_VAR_" +
                             v.name + " environment variable",
                         {}});
      entries.emplace_back(
          v.name, v.sensitive ? Value::unknown(v.type).mark_sensitive() : Value::unknown(v.type));
      continue;
    }
    ValueResult r = convert(value, v.type);
    if (!r) {
      diagnostics.error(at, "variable `" + v.name + "` (from " + from + "): " + r.error);
      value = Value::unknown(v.type);
    } else {
      value = r.value;
    }
    entries.emplace_back(v.name, v.sensitive ? value.mark_sensitive() : value);
  }
  return VariableValues{Value::object(std::move(entries))};
}

}  // namespace mesh
