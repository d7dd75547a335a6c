#include "planner/paths.h"

#include <nlohmann/json.hpp>

#include "core/value_json.h"

namespace mesh::plan {
namespace {

bool read_hex4(std::string_view s, size_t at, unsigned* out) {
  if (at + 4 > s.size()) return false;
  unsigned v = 0;
  for (size_t i = at; i < at + 4; ++i) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<unsigned>(c - 'A' + 10);
    } else {
      return false;
    }
  }
  *out = v;
  return true;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// A quoted key starting after the opening quote; `i` ends after the closing quote.
bool read_quoted(std::string_view p, size_t& i, std::string* key) {
  while (i < p.size() && p[i] != '"') {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char e = p[i + 1];
      i += 2;
      switch (e) {
        case 'n':
          *key += '\n';
          break;
        case 'r':
          *key += '\r';
          break;
        case 't':
          *key += '\t';
          break;
        case 'u': {
          unsigned cp = 0;
          if (!read_hex4(p, i, &cp)) return false;
          append_utf8(*key, cp);
          i += 4;
          break;
        }
        default:
          *key += e;
      }
    } else if (c == '$' && p.substr(i, 3) == "$${") {
      *key += "${";
      i += 3;
    } else {
      *key += c;
      ++i;
    }
  }
  if (i >= p.size()) return false;
  ++i;  // closing quote
  return true;
}

}  // namespace

bool parse_path(std::string_view p, std::vector<PathStep>* steps) {
  size_t i = 0;
  bool first = true;
  while (i < p.size()) {
    PathStep s;
    if (p[i] == '[') {
      ++i;
      if (i < p.size() && p[i] == '"') {
        ++i;
        if (!read_quoted(p, i, &s.key)) return false;
      } else {
        size_t start = i;
        while (i < p.size() && p[i] >= '0' && p[i] <= '9') {
          s.index = s.index * 10 + static_cast<size_t>(p[i] - '0');
          ++i;
        }
        if (i == start) return false;
        s.is_index = true;
      }
      if (i >= p.size() || p[i] != ']') return false;
      ++i;
    } else {
      if (!first) {
        if (p[i] != '.') return false;
        ++i;
      }
      while (i < p.size() && p[i] != '.' && p[i] != '[') s.key += p[i++];
      if (s.key.empty()) return false;
    }
    first = false;
    steps->push_back(std::move(s));
  }
  return true;
}

std::string format_path(const std::vector<PathStep>& steps) {
  std::string out;
  for (const PathStep& s : steps)
    out = s.is_index ? path_index(out, s.index) : path_attr(out, s.key);
  return out;
}

const Value* value_at(const Value& root, const std::vector<PathStep>& steps) {
  const Value* v = &root;
  for (const PathStep& s : steps) {
    if (s.is_index) {
      if (!v->is_sequence() || s.index >= v->size()) return nullptr;
      v = &v->items()[s.index];
    } else {
      if (!v->is_object()) return nullptr;
      v = v->find(s.key);
      if (!v) return nullptr;
    }
  }
  return v;
}

namespace {

Value set_from(const Value& v, const std::vector<PathStep>& steps, size_t at,
               const std::optional<Value>& replacement) {
  const PathStep& s = steps[at];
  const bool last = at + 1 == steps.size();
  if (s.is_index) {
    if (!v.is_sequence() || s.index >= v.size()) return v;
    ValueList items = v.items();
    if (last) {
      if (!replacement) {
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(s.index));
      } else {
        items[s.index] = *replacement;
      }
    } else {
      items[s.index] = set_from(items[s.index], steps, at + 1, replacement);
    }
    Value out = v.is_list() ? Value::list(std::move(items)) : Value::set(std::move(items));
    return v.is_sensitive() ? out.mark_sensitive() : out;
  }
  if (!v.is_object() && !(v.is_null() && replacement)) return v;
  ValueEntries entries = v.entries();
  auto it = entries.begin();
  while (it != entries.end() && it->first != s.key) ++it;
  if (last) {
    if (!replacement) {
      if (it == entries.end()) return v;
      if (at == 0) {
        it->second = Value();
      } else {
        entries.erase(it);
      }
    } else if (it == entries.end()) {
      entries.emplace_back(s.key, *replacement);
    } else {
      it->second = *replacement;
    }
  } else {
    if (it == entries.end()) {
      if (!replacement) return v;
      entries.emplace_back(s.key, set_from(Value(), steps, at + 1, replacement));
    } else {
      it->second = set_from(it->second, steps, at + 1, replacement);
    }
  }
  Value out = Value::object(std::move(entries));
  return v.is_sensitive() ? out.mark_sensitive() : out;
}

std::string escape_pointer(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Value set_at(const Value& root, const std::vector<PathStep>& steps,
             const std::optional<Value>& replacement) {
  if (steps.empty()) return replacement ? *replacement : Value();
  return set_from(root, steps, 0, replacement);
}

std::optional<std::string> path_to_pointer(std::string_view path) {
  std::vector<PathStep> steps;
  if (!parse_path(path, &steps)) return std::nullopt;
  std::string out;
  for (const PathStep& s : steps) {
    out += '/';
    out += s.is_index ? std::to_string(s.index) : escape_pointer(s.key);
  }
  return out;
}

std::optional<std::string> pointer_to_path(std::string_view pointer,
                                           const nlohmann::json& document) {
  if (pointer.empty()) return std::string();
  if (pointer[0] != '/') {
    std::vector<PathStep> steps;
    if (!parse_path(pointer, &steps)) return std::nullopt;
    return std::string(pointer);
  }
  std::vector<PathStep> steps;
  const nlohmann::json* at = &document;
  size_t i = 1;
  for (;;) {
    size_t end = pointer.find('/', i);
    std::string_view raw = pointer.substr(i, end == std::string_view::npos ? end : end - i);
    std::string segment;
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '~' && k + 1 < raw.size() && (raw[k + 1] == '0' || raw[k + 1] == '1')) {
        segment += raw[k + 1] == '0' ? '~' : '/';
        ++k;
      } else if (raw[k] == '~') {
        return std::nullopt;
      } else {
        segment += raw[k];
      }
    }
    PathStep s;
    if (at && at->is_array()) {
      if (segment.empty() || segment.size() > 18 ||
          segment.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
      s.is_index = true;
      s.index = std::stoul(segment);
      at = s.index < at->size() ? &(*at)[s.index] : nullptr;
    } else {
      s.key = segment;
      if (at && at->is_object()) {
        auto it = at->find(segment);
        at = it == at->end() ? nullptr : &*it;
      } else {
        at = nullptr;
      }
    }
    steps.push_back(std::move(s));
    if (end == std::string_view::npos) break;
    i = end + 1;
  }
  return format_path(steps);
}

}  // namespace mesh::plan
