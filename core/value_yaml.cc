#include "core/value_yaml.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include "core/duration.h"

namespace mesh {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Plain scalars that YAML readers (1.1 or 1.2) would not read back as this string.
bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  static const char* const reserved[] = {"true", "false", "yes", "no",   "on",    "off", "y",
                                         "n",    "null",  "~",   ".inf", "-.inf", ".nan"};
  std::string l = lower(s);
  for (const char* r : reserved) {
    if (l == r) return true;
  }
  if (Number::parse(s)) return true;
  if (std::isspace(static_cast<unsigned char>(s.front())) ||
      std::isspace(static_cast<unsigned char>(s.back()))) {
    return true;
  }
  return false;
}

void emit(YAML::Emitter& out, const Value& v) {
  switch (v.kind()) {
    case ValueKind::Null:
    case ValueKind::Unknown:
      out << YAML::Null;
      return;
    case ValueKind::Bool:
      out << (v.as_bool() ? "true" : "false");
      return;
    case ValueKind::Number:
      out << v.as_number().to_string();
      return;
    case ValueKind::Duration:
      out << format_duration(v.as_duration());
      return;
    case ValueKind::String: {
      const std::string& s = v.as_string();
      size_t newline = s.find('\n');
      if (newline != std::string::npos && newline + 1 < s.size() && s.back() == '\n' &&
          s[s.size() - 2] != '\n') {
        // A literal block with clip chomping reads back with exactly one final newline; other
        // multi-line strings go double-quoted so they read back byte for byte.
        out << YAML::Literal << s.substr(0, s.size() - 1);
      } else if (newline != std::string::npos) {
        out << YAML::DoubleQuoted << s;
      } else if (needs_quotes(s)) {
        out << YAML::DoubleQuoted << s;
      } else {
        out << s;
      }
      return;
    }
    case ValueKind::List:
    case ValueKind::Set:
      if (v.size() == 0) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const Value& item : v.items()) emit(out, item);
      out << YAML::EndSeq;
      return;
    case ValueKind::Object:
      if (v.size() == 0) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const ValueEntry& e : v.entries()) {
        out << YAML::Key;
        if (needs_quotes(e.first)) {
          out << YAML::DoubleQuoted << e.first;
        } else {
          out << e.first;
        }
        out << YAML::Value;
        emit(out, e.second);
      }
      out << YAML::EndMap;
      return;
  }
}

ValueResult import(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return Value();
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (node.Tag() == "!") return Value::string(s);  // quoted
      if (node.Tag() == "tag:yaml.org,2002:str") return Value::string(s);
      std::string l = lower(s);
      if (l == "true") return Value::boolean(true);
      if (l == "false") return Value::boolean(false);
      if (l == "null" || l == "~" || s.empty()) return Value();
      if (auto n = Number::parse(s)) return Value::number(*n);
      return Value::string(s);
    }
    case YAML::NodeType::Sequence: {
      ValueList items;
      items.reserve(node.size());
      for (const YAML::Node& item : node) {
        ValueResult r = import(item);
        if (!r) return r;
        items.push_back(std::move(r.value));
      }
      return Value::list(std::move(items));
    }
    case YAML::NodeType::Map: {
      ValueEntries entries;
      entries.reserve(node.size());
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) {
          return ValueResult::failure("invalid YAML: mapping keys must be scalars, at line " +
                                      std::to_string(kv.first.Mark().line + 1));
        }
        ValueResult r = import(kv.second);
        if (!r) return r;
        entries.emplace_back(kv.first.Scalar(), std::move(r.value));
      }
      return Value::object(std::move(entries));
    }
  }
  return Value();
}

}  // namespace

ValueResult to_yaml_text(const Value& value) {
  if (value.contains_unknown()) {
    return ValueResult::failure("cannot encode a value that is not known until apply");
  }
  YAML::Emitter out;
  out.SetNullFormat(YAML::LowerNull);
  emit(out, value);
  std::string text = out.c_str();
  if (text.empty() || text.back() != '\n') text += '\n';
  return Value::string(std::move(text));
}

ValueResult from_yaml_text(std::string_view text) {
  try {
    return import(YAML::Load(std::string(text)));
  } catch (const YAML::Exception& e) {
    return ValueResult::failure("invalid YAML at line " + std::to_string(e.mark.line + 1) +
                                ", column " + std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
}

}  // namespace mesh
