#include "compiler/config.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "compiler/load.h"
#include "compiler/type_expr.h"

namespace mesh {

namespace fs = std::filesystem;

const std::vector<std::string>& builtin_block_kinds() {
  static const std::vector<std::string> kinds = {"variable", "let",    "provider", "resource",
                                                 "template", "output", "policy"};
  return kinds;
}

const ResourceDecl* ModuleBody::find_resource(const std::string& key) const {
  auto it = resource_index.find(key);
  return it == resource_index.end() ? nullptr : &resources[it->second];
}

const ParamDecl* TemplateDecl::find_param(std::string_view name) const {
  for (const ParamDecl& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

const ParamDecl* NestedBlockDecl::find_param(std::string_view name) const {
  for (const ParamDecl& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

const NestedBlockDecl* TemplateDecl::find_block(std::string_view name) const {
  for (const NestedBlockDecl& b : blocks)
    if (b.name == name) return &b;
  return nullptr;
}

const TemplateDecl* Config::find_template(std::string_view name) const {
  auto it = template_index.find(std::string(name));
  return it == template_index.end() ? nullptr : templates[it->second].get();
}

const VariableDecl* Config::find_variable(std::string_view name) const {
  auto it = variable_index.find(std::string(name));
  return it == variable_index.end() ? nullptr : &variables[it->second];
}

namespace {

const ast::Attribute* find_attr(const ast::Body& body, std::string_view name) {
  for (const ast::Attribute& a : body.attributes)
    if (a.name == name) return &a;
  return nullptr;
}

/// Reports attributes and blocks of `body` outside the allowed sets.
void check_members(const ast::Body& body, const std::vector<std::string>& attributes,
                   const std::vector<std::string>& blocks, std::string_view where,
                   Diagnostics& diagnostics) {
  for (const ast::Attribute& a : body.attributes) {
    if (std::find(attributes.begin(), attributes.end(), a.name) != attributes.end()) continue;
    Diagnostic& d = diagnostics.error(a.name_range,
                                      "unknown argument `" + a.name + "` in " + std::string(where));
    d.suggestion = closest_match(a.name, attributes);
  }
  for (const ast::Block& b : body.blocks) {
    if (std::find(blocks.begin(), blocks.end(), b.type) != blocks.end()) continue;
    Diagnostic& d = diagnostics.error(b.type_range,
                                      "unexpected block `" + b.type + "` in " + std::string(where));
    d.suggestion = closest_match(b.type, blocks);
  }
}

bool check_labels(const ast::Block& block, size_t count, const char* names,
                  Diagnostics& diagnostics) {
  if (block.labels.size() == count) return true;
  SourceRange at = block.labels.size() > count ? block.labels[count].range : block.type_range;
  diagnostics.error(at, "a `" + block.type + "` block takes " + std::to_string(count) +
                            (count == 1 ? " label" : " labels") + (count ? ": " : "") + names +
                            ", got " + std::to_string(block.labels.size()));
  return false;
}

bool literal_bool(const ast::Body& body, std::string_view name, Diagnostics& diagnostics) {
  const ast::Attribute* a = find_attr(body, name);
  if (!a) return false;
  if (a->value->kind == ast::ExprKind::Bool)
    return static_cast<const ast::BoolExpr&>(*a->value).value;
  diagnostics.error(a->value->range, "`" + std::string(name) + "` must be true or false");
  return false;
}

std::string literal_string(const ast::Body& body, std::string_view name, Diagnostics& diagnostics) {
  const ast::Attribute* a = find_attr(body, name);
  if (!a) return "";
  if (a->value->kind == ast::ExprKind::String)
    return static_cast<const ast::StringExpr&>(*a->value).value;
  diagnostics.error(a->value->range, "`" + std::string(name) + "` must be a literal string");
  return "";
}

Type declared_type(const ast::Body& body, Diagnostics& diagnostics) {
  const ast::Attribute* a = find_attr(body, "type");
  if (!a) return Type::any();
  auto t = type_from_expr(*a->value, diagnostics);
  return t ? *t : Type::any();
}

ParamDecl collect_param(const ast::Block& block, Diagnostics& diagnostics) {
  ParamDecl p;
  p.block = &block;
  p.name = block.labels.empty() ? "" : block.labels[0].value;
  check_labels(block, 1, "the parameter name", diagnostics);
  check_members(block.body, {"type", "default", "sensitive", "description"}, {}, "a `param` block",
                diagnostics);
  p.type = declared_type(block.body, diagnostics);
  if (const ast::Attribute* d = find_attr(block.body, "default")) p.default_value = d->value.get();
  p.sensitive = literal_bool(block.body, "sensitive", diagnostics);
  return p;
}

/// Collects one file's declarations. Template kinds are known before this runs.
class Collector {
 public:
  Collector(Config& config, Diagnostics& diagnostics) : config_(config), d_(diagnostics) {}

  void collect_templates(const ast::File& file, const std::string& prefix, bool root) {
    (void)root;
    for (const ast::Block& b : file.body.blocks) {
      if (b.type != "template") continue;
      if (!check_labels(b, 1, "the template name", d_)) continue;
      auto t = std::make_unique<TemplateDecl>();
      t->name = prefix + b.labels[0].value;
      t->block = &b;
      if (builtin_kind(t->name) || t->name == "param" || t->name == "block") {
        d_.error(b.labels[0].range, "`" + t->name +
                                        "` is a built-in block kind and cannot name "
                                        "a template");
        continue;
      }
      if (t->name == "path" || t->name == "mesh") {
        d_.error(b.labels[0].range, "`" + t->name + "` is a built-in reference (`" + t->name +
                                        ".…`) and cannot name a template");
        continue;
      }
      auto [it, fresh] = config_.template_index.emplace(t->name, config_.templates.size());
      if (!fresh) {
        const TemplateDecl& first = *config_.templates[it->second];
        if (first.block == &b) continue;  // the same file imported twice
        Diagnostic& d = d_.error(b.labels[0].range, "template `" + t->name + "` is declared twice");
        d.notes.push_back({"first declared here", first.block->labels[0].range});
        continue;
      }
      config_.templates.push_back(std::move(t));
    }
  }

  void collect(const ast::File& file, const std::string& prefix, bool root) {
    prefix_ = prefix;
    for (const ast::Attribute& a : file.body.attributes)
      d_.error(a.name_range, "attribute `" + a.name + "` must be inside a block");
    for (const ast::Block& b : file.body.blocks) {
      if (b.type == "variable") {
        variable(b);
      } else if (b.type == "let") {
        lets(b, config_.root);
      } else if (b.type == "template") {
        if (b.labels.size() == 1) {
          auto* t = const_cast<TemplateDecl*>(config_.find_template(prefix + b.labels[0].value));
          if (t && t->block == &b && seen_templates_.insert(t).second) template_body(*t);
        }
      } else if (b.type == "policy") {
        policy(b);
      } else if (!root && (b.type == "resource" || b.type == "output" || b.type == "provider" ||
                           find_kind(b.type))) {
        d_.error(b.type_range, "a `" + b.type +
                                   "` block is only allowed in the root configuration, not in an "
                                   "imported file (imports bring templates, policies, variables "
                                   "and lets)");
      } else if (b.type == "provider") {
        provider(b);
      } else {
        module_item(b, config_.root, /*in_template=*/false);
      }
    }
  }

 private:
  static bool builtin_kind(std::string_view kind) {
    const auto& kinds = builtin_block_kinds();
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
  }

  /// A template kind as written in a file with the current prefix: the prefixed name first.
  const TemplateDecl* find_kind(const std::string& kind) const {
    if (!prefix_.empty())
      if (const TemplateDecl* t = config_.find_template(prefix_ + kind)) return t;
    return config_.find_template(kind);
  }

  void variable(const ast::Block& b) {
    if (!check_labels(b, 1, "the variable name", d_)) return;
    for (const VariableDecl& v : config_.variables)
      if (v.block == &b) return;
    VariableDecl v;
    v.name = b.labels[0].value;
    v.block = &b;
    check_members(b.body, {"type", "default", "sensitive", "description"}, {"validation"},
                  "a `variable` block", d_);
    v.type = declared_type(b.body, d_);
    if (const ast::Attribute* a = find_attr(b.body, "default")) v.default_value = a->value.get();
    v.sensitive = literal_bool(b.body, "sensitive", d_);
    v.description = literal_string(b.body, "description", d_);
    for (const ast::Block& nested : b.body.blocks) {
      if (nested.type != "validation") continue;
      check_labels(nested, 0, "", d_);
      check_members(nested.body, {"condition", "error_message"}, {}, "a `validation` block", d_);
      if (!find_attr(nested.body, "condition"))
        d_.error(nested.type_range, "a `validation` block needs a `condition`");
      v.validations.push_back(&nested);
    }
    auto [it, fresh] = config_.variable_index.emplace(v.name, config_.variables.size());
    if (!fresh) {
      Diagnostic& d = d_.error(b.labels[0].range, "variable `" + v.name + "` is declared twice");
      d.notes.push_back(
          {"first declared here", config_.variables[it->second].block->labels[0].range});
      return;
    }
    config_.variables.push_back(std::move(v));
  }

  void lets(const ast::Block& b, ModuleBody& module) {
    check_labels(b, 0, "", d_);
    for (const ast::Block& nested : b.body.blocks)
      d_.error(nested.type_range, "a `let` block holds attributes only (`name = expression`)");
    for (const ast::Attribute& a : b.body.attributes) {
      auto [it, fresh] = module.let_index.emplace(a.name, module.lets.size());
      if (!fresh) {
        if (module.lets[it->second].attribute == &a) continue;
        Diagnostic& d = d_.error(a.name_range, "`let." + a.name + "` is declared twice");
        d.notes.push_back({"first declared here", module.lets[it->second].attribute->name_range});
        continue;
      }
      module.lets.push_back({a.name, &a});
    }
  }

  void provider(const ast::Block& b) {
    if (!check_labels(b, 1, "the provider name", d_)) return;
    ProviderDecl p;
    p.name = b.labels[0].value;
    p.block = &b;
    std::string alias = literal_string(b.body, "alias", d_);
    p.config_name = alias.empty() ? p.name : p.name + "." + alias;
    auto [it, fresh] = config_.provider_index.emplace(p.config_name, config_.providers.size());
    if (!fresh) {
      Diagnostic& d = d_.error(b.labels[0].range,
                               "provider configuration `" + p.config_name + "` is declared twice");
      d.notes.push_back({"first declared here", config_.providers[it->second].block->range});
      d.notes.push_back({"give one of them an `alias = \"…\"`", {}});
      return;
    }
    config_.providers.push_back(std::move(p));
  }

  void policy(const ast::Block& b) {
    if (!check_labels(b, 1, "the policy name", d_)) return;
    for (const PolicyDecl& p : config_.policies)
      if (p.block == &b) return;
    check_members(b.body, {"enforcement", "for_each", "condition", "message", "description"}, {},
                  "a `policy` block", d_);
    PolicyDecl p;
    p.name = b.labels[0].value;
    p.block = &b;
    p.enforcement = literal_string(b.body, "enforcement", d_);
    if (p.enforcement.empty()) p.enforcement = "deny";
    if (p.enforcement != "deny" && p.enforcement != "warn")
      d_.error(find_attr(b.body, "enforcement")->value->range,
               "`enforcement` is \"deny\" or \"warn\", got \"" + p.enforcement + "\"");
    for (const char* required : {"condition", "message"})
      if (!find_attr(b.body, required))
        d_.error(b.type_range, std::string("a `policy` block needs a `") + required + "`");
    for (const PolicyDecl& other : config_.policies)
      if (other.name == p.name) {
        Diagnostic& d = d_.error(b.labels[0].range, "policy `" + p.name + "` is declared twice");
        d.notes.push_back({"first declared here", other.block->labels[0].range});
        return;
      }
    config_.policies.push_back(std::move(p));
  }

  void template_body(TemplateDecl& t) {
    const ast::Block& b = *t.block;
    for (const ast::Attribute& a : b.body.attributes)
      d_.error(a.name_range,
               "a template body holds blocks only (`param`, `block`, `resource`, "
               "`output`, `let`, template instances); `" +
                   a.name + "` is an attribute");
    for (const ast::Block& nested : b.body.blocks) {
      if (nested.type == "param") {
        ParamDecl p = collect_param(nested, d_);
        if (p.name == "for_each" || p.name == "count" || p.name == "depends_on" ||
            p.name == "ttl") {
          d_.error(nested.labels[0].range,
                   "param `" + p.name + "` would clash with the meta-argument `" + p.name + "`");
          continue;
        }
        if (t.find_param(p.name) || t.find_block(p.name)) {
          d_.error(nested.labels[0].range,
                   "`" + p.name + "` is declared twice in template `" + t.name + "`");
          continue;
        }
        t.params.push_back(std::move(p));
      } else if (nested.type == "block") {
        if (!check_labels(nested, 1, "the nested block name", d_)) continue;
        NestedBlockDecl nb;
        nb.name = nested.labels[0].value;
        nb.block = &nested;
        check_members(nested.body, {}, {"param"}, "a `block` declaration", d_);
        for (const ast::Block& pb : nested.body.blocks)
          if (pb.type == "param") nb.params.push_back(collect_param(pb, d_));
        if (t.find_param(nb.name) || t.find_block(nb.name)) {
          d_.error(nested.labels[0].range,
                   "`" + nb.name + "` is declared twice in template `" + t.name + "`");
          continue;
        }
        t.blocks.push_back(std::move(nb));
      } else if (nested.type == "let") {
        lets(nested, t.body);
      } else if (nested.type == "variable" || nested.type == "provider" ||
                 nested.type == "template" || nested.type == "policy") {
        d_.error(nested.type_range,
                 "a `" + nested.type + "` block is not allowed inside a template");
      } else {
        module_item(nested, t.body, /*in_template=*/true);
      }
    }
  }

  /// resource, output, or a template instance, into `module`.
  void module_item(const ast::Block& b, ModuleBody& module, bool in_template) {
    if (b.type == "resource") {
      if (!check_labels(b, 2, "the resource type and name", d_)) return;
      ResourceDecl r{b.labels[0].value, b.labels[1].value, &b};
      std::string key = r.type + "." + r.name;
      if (duplicate(module, key, b)) return;
      module.resource_index.emplace(key, module.resources.size());
      module.reference_roots.emplace(r.type, 0);
      module.resources.push_back(std::move(r));
    } else if (b.type == "output") {
      if (!check_labels(b, 1, "the output name", d_)) return;
      check_members(b.body, {"value", "sensitive", "description", "depends_on"}, {},
                    "an `output` block", d_);
      OutputDecl o;
      o.name = b.labels[0].value;
      o.block = &b;
      if (const ast::Attribute* v = find_attr(b.body, "value"))
        o.value = v->value.get();
      else
        d_.error(b.type_range, "an `output` block needs a `value`");
      o.sensitive = literal_bool(b.body, "sensitive", d_);
      auto [it, fresh] = module.output_index.emplace(o.name, module.outputs.size());
      if (!fresh) {
        Diagnostic& d = d_.error(b.labels[0].range, "output `" + o.name + "` is declared twice");
        d.notes.push_back(
            {"first declared here", module.outputs[it->second].block->labels[0].range});
        return;
      }
      module.outputs.push_back(std::move(o));
    } else if (const TemplateDecl* t = find_kind(b.type)) {
      if (!check_labels(b, 1, "the instance name", d_)) return;
      InstanceDecl i{b.type, b.labels[0].value, &b, t};
      std::string key = i.kind + "." + i.name;
      if (duplicate(module, key, b)) return;
      module.instance_index.emplace(key, module.instances.size());
      module.reference_roots.emplace(i.kind, 1);
      module.instances.push_back(std::move(i));
    } else {
      std::vector<std::string> candidates = builtin_block_kinds();
      if (in_template) candidates.insert(candidates.end(), {"param", "block"});
      for (const auto& t : config_.templates) {
        candidates.push_back(t->name);
        if (!prefix_.empty() && t->name.rfind(prefix_, 0) == 0)
          candidates.push_back(t->name.substr(prefix_.size()));
      }
      Diagnostic& d = d_.error(b.type_range, "unknown block type `" + b.type + "`");
      d.suggestion = closest_match(b.type, candidates);
      if (d.suggestion.empty())
        d.notes.push_back(
            {"block types are variable, let, provider, resource, template, output, "
             "policy, or the name of a declared template",
             {}});
    }
  }

  bool duplicate(const ModuleBody& module, const std::string& key, const ast::Block& b) {
    const ast::Block* first = nullptr;
    if (auto it = module.resource_index.find(key); it != module.resource_index.end())
      first = module.resources[it->second].block;
    if (auto it = module.instance_index.find(key); it != module.instance_index.end())
      first = module.instances[it->second].block;
    if (!first) return false;
    Diagnostic& d = d_.error(b.labels.back().range, "`" + key + "` is declared twice");
    d.notes.push_back({"first declared here", first->labels.back().range});
    return true;
  }

  Config& config_;
  Diagnostics& d_;
  std::string prefix_;
  std::set<const TemplateDecl*> seen_templates_;
};

bool is_mesh_file(const fs::path& p) {
  return p.extension() == ".mesh";
}

std::vector<std::string> mesh_files_in(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && is_mesh_file(it->path())) out.push_back(it->path().string());
  std::sort(out.begin(), out.end());
  return out;
}

/// Loads files and follows imports depth first, detecting cycles on the way.
class Loader {
 public:
  Loader(Config& config, SourceManager& sources, Diagnostics& diagnostics,
         const LoadOptions& options)
      : config_(config), sources_(sources), d_(diagnostics), options_(options) {}

  /// Loads one unit (the root directory, an imported folder or file).
  void unit(const std::string& key, const std::string& display,
            const std::vector<std::string>& paths, const std::string& prefix) {
    if (!done_.insert(key + "\n" + prefix).second) return;
    stack_.push_back({key, display, via_});
    std::vector<size_t> mine;
    for (const std::string& path : paths) {
      // A root file may also be imported (`import "./templates.mesh"`): load it once.
      std::error_code ec;
      if (!loaded_.insert(fs::weakly_canonical(path, ec).string() + "\n" + prefix).second) continue;
      size_t errors = d_.error_count();
      std::unique_ptr<ast::File> file = load_and_parse(path, sources_, d_);
      if (d_.error_count() > errors) config_.syntax_errors = true;
      if (!file) continue;
      mine.push_back(config_.files.size());
      config_.files.push_back(std::move(file));
      prefixes_.push_back(prefix);
    }
    // Files with syntax errors are reported alone: their imports may be garbled.
    for (size_t index : config_.syntax_errors ? std::vector<size_t>() : mine) {
      const ast::File& file = *config_.files[index];
      for (const ast::Import& import : file.imports) follow(file, import, prefix);
    }
    stack_.pop_back();
  }

  std::vector<std::string>& prefixes() { return prefixes_; }

 private:
  void follow(const ast::File& file, const ast::Import& import, const std::string& prefix) {
    fs::path from = fs::path(sources_.path(file.file)).parent_path();
    const std::string& p = import.path;
    std::vector<fs::path> candidates;
    if (p.rfind("./", 0) == 0 || p.rfind("../", 0) == 0) {
      candidates.push_back((from / p).lexically_normal());
    } else if (p == "stdlib" || p.rfind("stdlib/", 0) == 0) {
      std::string rest = p.size() > 7 ? p.substr(7) : "";
      for (const std::string& base : options_.stdlib_paths)
        candidates.push_back((fs::path(base) / rest).lexically_normal());
      if (candidates.empty()) {
        d_.error(import.path_range, "cannot resolve `" + p + "`: no stdlib folder is known")
            .notes.push_back({"set MESH_STDLIB_PATH to the folder holding the mesh stdlib", {}});
        return;
      }
    } else {
      d_.error(import.path_range, "an import path starts with `./`, `../` or `stdlib/`");
      return;
    }
    std::vector<std::string> paths;
    fs::path found;
    std::error_code ec;
    for (const fs::path& c : candidates) {
      if (fs::is_directory(c, ec)) {
        paths = mesh_files_in(c);
        found = c;
        if (paths.empty()) {
          d_.error(import.path_range, "`" + c.string() + "` holds no .mesh file");
          return;
        }
        break;
      }
      fs::path file_path = is_mesh_file(c) ? c : fs::path(c.string() + ".mesh");
      if (fs::is_regular_file(file_path, ec)) {
        paths = {file_path.string()};
        found = file_path;
        break;
      }
    }
    if (paths.empty()) {
      Diagnostic& d = d_.error(import.path_range, "cannot find `" + p + "`");
      for (const fs::path& c : candidates) d.notes.push_back({"looked in " + c.string(), {}});
      return;
    }
    std::string key = fs::weakly_canonical(found, ec).string();
    auto on_stack =
        std::find_if(stack_.begin(), stack_.end(), [&](const Frame& f) { return f.key == key; });
    if (on_stack != stack_.end()) {
      Diagnostic& d = d_.error(import.range, "import cycle");
      for (auto it = on_stack + 1; it != stack_.end(); ++it)
        d.notes.push_back(
            {"`" + (it - 1)->display + "` imports `" + it->display + "` here", it->via});
      d.notes.push_back(
          {"`" + stack_.back().display + "` imports `" + found.string() + "` here", import.range});
      return;
    }
    via_ = import.range;
    std::string child_prefix = import.alias.empty() ? prefix : prefix + import.alias + "_";
    unit(key, found.string(), paths, child_prefix);
  }

  Config& config_;
  SourceManager& sources_;
  Diagnostics& d_;
  const LoadOptions& options_;
  std::set<std::string> done_;
  std::set<std::string> loaded_;  ///< canonical file path + "\n" + prefix
  struct Frame {
    std::string key;      ///< canonical path
    std::string display;  ///< as the user would write it
    SourceRange via;      ///< the import that brought this unit in
  };
  std::vector<Frame> stack_;
  SourceRange via_;
  std::vector<std::string> prefixes_;
};

}  // namespace

void collect_declarations(Config& config, const std::vector<std::string>& prefixes,
                          size_t root_files, Diagnostics& diagnostics) {
  Collector collector(config, diagnostics);
  for (size_t i = 0; i < config.files.size(); ++i)
    collector.collect_templates(*config.files[i], prefixes[i], i < root_files);
  for (size_t i = 0; i < config.files.size(); ++i)
    collector.collect(*config.files[i], prefixes[i], i < root_files);
}

std::unique_ptr<Config> load_config(const std::string& directory, SourceManager& sources,
                                    Diagnostics& diagnostics, const LoadOptions& options) {
  std::error_code ec;
  size_t before = diagnostics.error_count();
  std::vector<std::string> paths = list_mesh_files(directory, diagnostics);
  if (paths.empty()) {
    if (diagnostics.error_count() == before)
      diagnostics.error({}, "no `.mesh` files in this directory").subject = directory;
    return nullptr;
  }
  auto config = std::make_unique<Config>();
  config->directory = directory;
  Loader loader(*config, sources, diagnostics, options);
  loader.unit(fs::weakly_canonical(directory, ec).string(), directory, paths, "");
  if (!config->syntax_errors)
    collect_declarations(*config, loader.prefixes(), paths.size(), diagnostics);
  return config;
}

}  // namespace mesh
