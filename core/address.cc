#include "core/address.h"

#include <fmt/format.h>

namespace mesh {

namespace {

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
  return is_ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

/// A tiny cursor-based reader; addresses are short, so errors just name the column.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  size_t column() const { return pos_ + 1; }

  bool identifier(std::string* out) {
    if (done() || !is_ident_start(peek())) return false;
    size_t start = pos_;
    while (!done() && is_ident_char(peek())) ++pos_;
    *out = std::string(text_.substr(start, pos_ - start));
    return true;
  }

  bool consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  /// `[3]` or `["key"]`; `key` is untouched when no `[` follows.
  bool key(InstanceKey* key, std::string* error) {
    if (!consume('[')) return true;
    if (consume('"')) {
      std::string s;
      while (!done() && peek() != '"') {
        char c = text_[pos_++];
        if (c == '\\') {
          if (done()) break;
          char e = text_[pos_++];
          switch (e) {
            case 'n':
              s += '\n';
              break;
            case 't':
              s += '\t';
              break;
            case 'r':
              s += '\r';
              break;
            default:
              s += e;
          }
        } else {
          s += c;
        }
      }
      if (!consume('"')) return fail(error, "unterminated string key");
      *key = InstanceKey::of_string(std::move(s));
    } else {
      size_t start = pos_;
      bool negative = consume('-');
      int64_t value = 0;
      while (!done() && peek() >= '0' && peek() <= '9') {
        if (value > (INT64_MAX - 9) / 10) return fail(error, "index is too large");
        value = value * 10 + (text_[pos_++] - '0');
      }
      if (pos_ == start + (negative ? 1 : 0))
        return fail(error, "expected a number or a quoted key");
      *key = InstanceKey::of_index(negative ? -value : value);
    }
    if (!consume(']')) return fail(error, "expected `]`");
    return true;
  }

  bool fail(std::string* error, std::string_view message) const {
    if (error) *error = fmt::format("column {}: {}", column(), message);
    return false;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::string InstanceKey::to_string() const {
  switch (kind) {
    case Kind::None:
      return {};
    case Kind::Index:
      return fmt::format("[{}]", index);
    case Kind::String:
      return "[" + quote(name) + "]";
  }
  return {};
}

bool InstanceKey::operator<(const InstanceKey& o) const {
  if (kind != o.kind) return kind < o.kind;
  if (kind == Kind::Index) return index < o.index;
  return name < o.name;
}

std::string ResourceAddress::to_string() const {
  std::string out;
  for (const AddressStep& step : module_path) {
    out += step.kind + "." + step.name + step.key.to_string() + ".";
  }
  return out + resource.kind + "." + resource.name + resource.key.to_string();
}

std::string ResourceAddress::config_address() const {
  ResourceAddress copy = *this;
  copy.resource.key = InstanceKey::none();
  return copy.to_string();
}

std::optional<ResourceAddress> parse_address(std::string_view text, std::string* error) {
  Reader in(text);
  std::vector<AddressStep> steps;
  while (true) {
    AddressStep step;
    if (!in.identifier(&step.kind)) {
      in.fail(error, "expected a resource type or template name");
      return std::nullopt;
    }
    if (!in.consume('.') || !in.identifier(&step.name)) {
      in.fail(error, fmt::format("expected `.NAME` after `{}`", step.kind));
      return std::nullopt;
    }
    if (!in.key(&step.key, error)) return std::nullopt;
    steps.push_back(std::move(step));
    if (in.done()) break;
    if (!in.consume('.')) {
      in.fail(error, "expected `.` or the end of the address");
      return std::nullopt;
    }
  }
  ResourceAddress address;
  address.resource = std::move(steps.back());
  steps.pop_back();
  address.module_path = std::move(steps);
  return address;
}

bool address_within(const ResourceAddress& address, std::string_view target_text) {
  std::string full = address.to_string();
  if (full == target_text) return true;
  if (full.size() <= target_text.size() || full.compare(0, target_text.size(), target_text) != 0)
    return false;
  // A prefix only counts at a step boundary: `a.b` contains `a.b["k"]` and `a.b.c.d`,
  // but not `a.bc`.
  char next = full[target_text.size()];
  return next == '.' || next == '[';
}

}  // namespace mesh
