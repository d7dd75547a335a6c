#include "core/value_json.h"

#include <nlohmann/json.hpp>

#include "core/duration.h"
#include "core/value_display.h"

namespace mesh {
namespace {

using json = nlohmann::json;

bool is_identifier(std::string_view key) {
  if (key.empty()) return false;
  auto head = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!head(key[0])) return false;
  for (char c : key) {
    if (!head(c) && !(c >= '0' && c <= '9') && c != '-') return false;
  }
  return true;
}

json number_json(const Number& n) {
  if (auto i = n.to_int64()) return json(*i);
  return json(n.to_double());
}

enum class Mode { Raw, Redacted };

json export_value(const Value& v, Mode mode, const std::string& path,
                  std::vector<std::string>* sensitive, std::vector<std::string>* unknown) {
  if (v.is_sensitive()) {
    if (sensitive) sensitive->push_back(path);
    if (mode == Mode::Redacted) return json(nullptr);
  }
  switch (v.kind()) {
    case ValueKind::Null:
      return json(nullptr);
    case ValueKind::Bool:
      return json(v.as_bool());
    case ValueKind::Number:
      return number_json(v.as_number());
    case ValueKind::String:
      return json(v.as_string());
    case ValueKind::Duration:
      return json(format_duration(v.as_duration()));
    case ValueKind::Unknown:
      if (unknown) unknown->push_back(path);
      return json(nullptr);
    case ValueKind::List:
    case ValueKind::Set: {
      json out = json::array();
      for (size_t i = 0; i < v.size(); ++i) {
        out.push_back(export_value(v.items()[i], mode, path_index(path, i), sensitive, unknown));
      }
      return out;
    }
    case ValueKind::Object: {
      json out = json::object();
      for (const ValueEntry& e : v.entries()) {
        out[e.first] = export_value(e.second, mode, path_attr(path, e.first), sensitive, unknown);
      }
      return out;
    }
  }
  return json(nullptr);
}

Value import_value(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
      return Value();
    case json::value_t::boolean:
      return Value::boolean(j.get<bool>());
    case json::value_t::number_integer:
      return Value::integer(j.get<int64_t>());
    case json::value_t::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      if (u <= static_cast<uint64_t>(INT64_MAX)) return Value::integer(static_cast<int64_t>(u));
      return Value::number(Number::from_double(static_cast<double>(u)));
    }
    case json::value_t::number_float:
      return Value::number(Number::from_double(j.get<double>()));
    case json::value_t::string:
      return Value::string(j.get<std::string>());
    case json::value_t::array: {
      ValueList items;
      items.reserve(j.size());
      for (const json& item : j) items.push_back(import_value(item));
      return Value::list(std::move(items));
    }
    case json::value_t::object: {
      ValueEntries entries;
      entries.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) {
        entries.emplace_back(it.key(), import_value(it.value()));
      }
      return Value::object(std::move(entries));
    }
    case json::value_t::binary:
      return Value();
  }
  return Value();
}

/// One step of a path: an attribute/key, or a list index.
struct Step {
  bool is_index = false;
  size_t index = 0;
  std::string key;
};

bool parse_path(std::string_view path, std::vector<Step>* steps) {
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      if (steps->empty()) return false;
      ++i;
    }
    if (i < path.size() && path[i] == '[') {
      ++i;
      Step s;
      if (i < path.size() && path[i] == '"') {
        ++i;
        while (i < path.size() && path[i] != '"') {
          if (path[i] == '\\' && i + 1 < path.size()) {
            ++i;
            switch (path[i]) {
              case 'n':
                s.key += '\n';
                break;
              case 'r':
                s.key += '\r';
                break;
              case 't':
                s.key += '\t';
                break;
              case 'u': {
                if (i + 4 >= path.size()) return false;
                unsigned code = std::stoul(std::string(path.substr(i + 1, 4)), nullptr, 16);
                s.key += static_cast<char>(code);
                i += 4;
                break;
              }
              default:
                s.key += path[i];
            }
          } else if (path[i] == '$' && path.substr(i, 3) == "$${") {
            s.key += "${";
            i += 2;
          } else {
            s.key += path[i];
          }
          ++i;
        }
        if (i >= path.size()) return false;
        ++i;  // closing quote
      } else {
        s.is_index = true;
        size_t start = i;
        while (i < path.size() && path[i] >= '0' && path[i] <= '9') {
          s.index = s.index * 10 + static_cast<size_t>(path[i] - '0');
          ++i;
        }
        if (i == start) return false;
      }
      if (i >= path.size() || path[i] != ']') return false;
      ++i;
      steps->push_back(std::move(s));
      continue;
    }
    Step s;
    while (i < path.size() && path[i] != '.' && path[i] != '[') s.key += path[i++];
    if (s.key.empty()) return false;
    steps->push_back(std::move(s));
  }
  return true;
}

/// Rebuilds `v` with `change` applied at the end of `steps`; unchanged when the path is absent.
template <typename F>
Value apply_at(const Value& v, const std::vector<Step>& steps, size_t at, const F& change) {
  if (at == steps.size()) return change(v);
  const Step& s = steps[at];
  if (s.is_index && v.is_sequence() && s.index < v.size()) {
    ValueList items = v.items();
    items[s.index] = apply_at(items[s.index], steps, at + 1, change);
    Value out = v.is_list() ? Value::list(std::move(items)) : Value::set(std::move(items));
    return v.is_sensitive() ? out.mark_sensitive() : out;
  }
  if (!s.is_index && v.is_object() && v.find(s.key)) {
    ValueEntries entries = v.entries();
    for (ValueEntry& e : entries) {
      if (e.first == s.key) e.second = apply_at(e.second, steps, at + 1, change);
    }
    Value out = Value::object(std::move(entries));
    return v.is_sensitive() ? out.mark_sensitive() : out;
  }
  return v;
}

}  // namespace

std::string path_attr(std::string_view base, std::string_view key) {
  if (is_identifier(key)) {
    return base.empty() ? std::string(key) : std::string(base) + "." + std::string(key);
  }
  return std::string(base) + "[" + quote_string(key) + "]";
}

std::string path_index(std::string_view base, size_t index) {
  return std::string(base) + "[" + std::to_string(index) + "]";
}

json to_json(const Value& value, std::vector<std::string>* sensitive_paths,
             std::vector<std::string>* unknown_paths) {
  return export_value(value, Mode::Raw, "", sensitive_paths, unknown_paths);
}

json to_json_redacted(const Value& value, std::vector<std::string>* sensitive_paths,
                      std::vector<std::string>* unknown_paths) {
  return export_value(value, Mode::Redacted, "", sensitive_paths, unknown_paths);
}

Value from_json(const json& j, const std::vector<std::string>& sensitive_paths,
                const std::vector<std::string>& unknown_paths) {
  Value v = import_value(j);
  for (const std::string& path : unknown_paths) {
    std::vector<Step> steps;
    if (!parse_path(path, &steps)) continue;
    v = apply_at(v, steps, 0, [](const Value& old) {
      return old.is_sensitive() ? Value::unknown().mark_sensitive() : Value::unknown();
    });
  }
  for (const std::string& path : sensitive_paths) {
    std::vector<Step> steps;
    if (!parse_path(path, &steps)) continue;
    v = apply_at(v, steps, 0, [](const Value& old) { return old.mark_sensitive(); });
  }
  return v;
}

ValueResult to_json_text(const Value& value) {
  if (value.contains_unknown()) {
    return ValueResult::failure("cannot encode a value that is not known until apply");
  }
  return Value::string(to_json(value).dump(-1, ' ', false, json::error_handler_t::replace));
}

namespace {

/// Nesting beyond this is refused: values are walked recursively, and no real document is
/// this deep.
constexpr int kMaxJsonDepth = 512;

struct TooDeep {};

}  // namespace

ValueResult from_json_text(std::string_view text) {
  try {
    json::parser_callback_t guard = [](int depth, json::parse_event_t, json&) {
      if (depth > kMaxJsonDepth) throw TooDeep{};
      return true;
    };
    return import_value(json::parse(text.begin(), text.end(), guard));
  } catch (const TooDeep&) {
    return ValueResult::failure("invalid JSON: nested more than " + std::to_string(kMaxJsonDepth) +
                                " levels deep");
  } catch (const json::exception& e) {
    std::string message = e.what();
    size_t close = message.find("] ");
    if (message.rfind("[json.exception", 0) == 0 && close != std::string::npos) {
      message = message.substr(close + 2);
    }
    return ValueResult::failure("invalid JSON: " + message);
  }
}

}  // namespace mesh
