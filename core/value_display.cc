#include "core/value_display.h"

#include <fmt/format.h>

#include "core/duration.h"

namespace mesh {
namespace {

bool is_identifier(std::string_view key) {
  if (key.empty()) return false;
  auto head = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!head(key[0])) return false;
  for (char c : key) {
    if (!head(c) && !(c >= '0' && c <= '9') && c != '-') return false;
  }
  return true;
}

std::string display_key(const std::string& key) {
  return is_identifier(key) ? key : quote_string(key);
}

bool is_leaf(const Value& v) {
  return v.is_sensitive() || v.is_unknown() || (!v.is_collection()) || v.size() == 0;
}

void render(const Value& v, int indent, int max_inline, std::string& out);

void render_inline(const Value& v, std::string& out) {
  if (v.is_sensitive()) {
    out += "(sensitive)";
    return;
  }
  switch (v.kind()) {
    case ValueKind::Null:
      out += "null";
      return;
    case ValueKind::Bool:
      out += v.as_bool() ? "true" : "false";
      return;
    case ValueKind::Number:
      out += v.as_number().to_string();
      return;
    case ValueKind::String:
      out += quote_string(v.as_string());
      return;
    case ValueKind::Duration:
      out += format_duration(v.as_duration());
      return;
    case ValueKind::Unknown:
      out += "(known after apply)";
      return;
    case ValueKind::List:
    case ValueKind::Set: {
      out += "[";
      bool first = true;
      for (const Value& item : v.items()) {
        if (!first) out += ", ";
        first = false;
        render_inline(item, out);
      }
      out += "]";
      return;
    }
    case ValueKind::Object: {
      if (v.size() == 0) {
        out += "{}";
        return;
      }
      out += "{ ";
      bool first = true;
      for (const ValueEntry& e : v.entries()) {
        if (!first) out += ", ";
        first = false;
        out += display_key(e.first);
        out += " = ";
        render_inline(e.second, out);
      }
      out += " }";
      return;
    }
  }
}

/// Multi-line text that ends with a newline reads best as an indented heredoc, the way it is
/// usually written (`<<-EOT`); false when the text cannot be shown exactly that way.
bool render_heredoc(const std::string& text, int indent, std::string& out) {
  if (text.size() < 2 || text.back() != '\n' || text.find('\n') == text.size() - 1) return false;
  std::string body;
  std::string pad(static_cast<size_t>(indent) + 2, ' ');
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    if (line == "EOT" || line.find('\r') != std::string::npos) return false;
    std::string escaped;
    for (size_t i = 0; i < line.size(); ++i) {
      escaped += line[i];
      if ((line[i] == '$' || line[i] == '%') && i + 1 < line.size() && line[i + 1] == '{') {
        escaped += line[i];
      }
    }
    body += line.empty() ? "\n" : pad + escaped + "\n";
    start = end + 1;
  }
  out += "<<-EOT\n" + body + std::string(static_cast<size_t>(indent), ' ') + "EOT";
  return true;
}

void render(const Value& v, int indent, int max_inline, std::string& out) {
  if (v.is_string() && !v.is_sensitive() && render_heredoc(v.as_string(), indent, out)) return;
  if (is_leaf(v)) {
    render_inline(v, out);
    return;
  }
  std::string pad(static_cast<size_t>(indent) + 2, ' ');
  if (v.is_sequence()) {
    bool all_leaves = true;
    for (const Value& item : v.items()) all_leaves = all_leaves && is_leaf(item);
    if (all_leaves) {
      std::string line;
      render_inline(v, line);
      if (static_cast<int>(line.size()) + indent <= max_inline) {
        out += line;
        return;
      }
    }
    out += "[\n";
    for (const Value& item : v.items()) {
      out += pad;
      render(item, indent + 2, max_inline, out);
      out += ",\n";
    }
    out += std::string(static_cast<size_t>(indent), ' ') + "]";
    return;
  }
  size_t width = 0;
  for (const ValueEntry& e : v.entries()) width = std::max(width, display_key(e.first).size());
  out += "{\n";
  for (const ValueEntry& e : v.entries()) {
    std::string key = display_key(e.first);
    out += pad + key + std::string(width - key.size(), ' ') + " = ";
    render(e.second, indent + 2, max_inline, out);
    out += "\n";
  }
  out += std::string(static_cast<size_t>(indent), ' ') + "}";
}

}  // namespace

std::string quote_string(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '$':
      case '%':
        out += c;
        if (i + 1 < text.size() && text[i + 1] == '{') out += c;
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string to_display_string(const Value& value, const DisplayOptions& options) {
  std::string out;
  render(value, options.indent, options.max_inline, out);
  return out;
}

std::string to_inline_string(const Value& value) {
  std::string out;
  render_inline(value, out);
  return out;
}

}  // namespace mesh
