#include "compiler/templatefile.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "compiler/parse.h"
#include "core/convert.h"

namespace mesh {
namespace {

/// Parsed template files, kept for the process: a template used by 10k instances is read and
/// parsed once. Its own SourceManager locates errors inside the template file.
struct TemplateCache {
  std::mutex mutex;
  SourceManager sources;
  struct Entry {
    ast::ExprPtr expr;
    std::string error;
  };
  std::map<std::string, Entry> entries;
};

TemplateCache& cache() {
  static TemplateCache c;
  return c;
}

}  // namespace

FunctionResult call_templatefile(const std::vector<Value>& args, const std::string& base_dir,
                                 EvalContext& context) {
  if (args.size() != 2)
    return FunctionResult::failure("function \"templatefile\" takes 2 arguments, got " +
                                   std::to_string(args.size()));
  const Value& path = args[0];
  const Value& vars = args[1];
  if (path.is_unknown() || vars.is_unknown()) return Value::unknown(Type::string());
  if (!path.is_string())
    return FunctionResult::failure(
        "invalid argument 1: a string path is required, got " + std::string(kind_name(path.kind())),
        0);
  if (!vars.is_object())
    return FunctionResult::failure("invalid argument 2: an object of variables is required", 1);
  std::filesystem::path p(path.as_string());
  if (p.is_relative() && !base_dir.empty()) p = std::filesystem::path(base_dir) / p;
  std::string key = p.lexically_normal().string();

  TemplateCache& c = cache();
  const ast::Expr* expr = nullptr;
  {
    std::lock_guard<std::mutex> lock(c.mutex);
    auto it = c.entries.find(key);
    if (it == c.entries.end()) {
      TemplateCache::Entry entry;
      std::ifstream in(key, std::ios::binary);
      if (!in) {
        entry.error = "cannot read template file `" + key + "`";
      } else {
        std::ostringstream text;
        text << in.rdbuf();
        FileId id = c.sources.add(key, text.str());
        Diagnostics diagnostics;
        entry.expr = parse_template(c.sources, id, diagnostics);
        if (diagnostics.has_errors() || !entry.expr)
          entry.error = "in template file: " + render(diagnostics, c.sources);
      }
      it = c.entries.emplace(key, std::move(entry)).first;
    }
    if (!it->second.error.empty()) return FunctionResult::failure(it->second.error, 0);
    expr = it->second.expr.get();
  }
  Diagnostics local;
  EvalContext inner{context.graph, context.source, local};
  Value result = evaluate_template_body(*expr, vars, base_dir, inner);
  if (local.has_errors()) {
    std::lock_guard<std::mutex> lock(c.mutex);
    std::string message = render(local, c.sources);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return FunctionResult::failure("in template `" + path.as_string() + "`:\n" + message, -1);
  }
  if (!result.is_unknown() && !result.is_string()) {
    ValueResult s = to_template_string(result);
    if (!s) return FunctionResult::failure(s.error);
    result = s.value;
  }
  return vars.contains_sensitive() ? result.mark_sensitive() : result;
}

}  // namespace mesh
