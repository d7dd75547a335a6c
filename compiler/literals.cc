#include "compiler/literals.h"

#include <cctype>
#include <limits>
#include <string>

namespace mesh {

namespace {

template <typename T>
std::unique_ptr<T> node(SourceRange range) {
  auto n = std::make_unique<T>();
  n->range = range;
  return n;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

bool duration_milliseconds(std::string_view text, int64_t& out) {
  size_t unit = 0;
  while (unit < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[unit])) || text[unit] == '.'))
    ++unit;
  std::string_view number = text.substr(0, unit);
  std::string_view suffix = text.substr(unit);
  int64_t scale = suffix == "ms"  ? 1
                  : suffix == "s" ? 1000
                  : suffix == "m" ? 60'000
                  : suffix == "h" ? 3'600'000
                  : suffix == "d" ? 86'400'000
                                  : 0;
  if (scale == 0 || number.empty()) return false;
  // Exact decimal arithmetic: whole part times scale, plus the fraction digit by digit.
  size_t dot = number.find('.');
  std::string_view whole = number.substr(0, dot);
  int64_t total = 0;
  for (char c : whole) {
    if (total > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10) return false;
    total = total * 10 + (c - '0');
  }
  if (total > std::numeric_limits<int64_t>::max() / scale) return false;
  total *= scale;
  if (dot != std::string_view::npos) {
    int64_t place = scale;
    for (char c : number.substr(dot + 1)) {
      place /= 10;
      if (place == 0) break;  // below a millisecond
      total += (c - '0') * place;
    }
  }
  out = total;
  return true;
}

void Parts::text(std::string_view s) {
  if (parts.empty() || parts.back().expr) parts.emplace_back();
  parts.back().literal += s;
}

void Parts::interpolation(ast::ExprPtr e, bool strip_left, bool strip_right) {
  ast::TemplatePart p;
  p.expr = std::move(e);
  p.strip_left = strip_left;
  p.strip_right = strip_right;
  parts.push_back(std::move(p));
}

bool Parts::has_interpolation() const {
  for (const auto& p : parts)
    if (p.expr) return true;
  return false;
}

ast::ExprPtr Parts::finish(SourceRange range, bool heredoc, std::string marker, bool indented) {
  if (!has_interpolation()) {
    auto s = node<ast::StringExpr>(range);
    if (parts.size() == 1) {
      s->value = std::move(parts[0].literal);
    } else {
      for (auto& p : parts) s->value += p.literal;
    }
    s->heredoc = heredoc;
    s->heredoc_marker = std::move(marker);
    s->heredoc_indented = indented;
    return s;
  }
  auto t = node<ast::TemplateExpr>(range);
  t->parts = std::move(parts);
  t->heredoc = heredoc;
  t->heredoc_marker = std::move(marker);
  t->heredoc_indented = indented;
  return t;
}

namespace {

/// Calls `f(literal, offset, expr_follows)` at the start of every line; `literal` is null when
/// the line starts with an interpolation.
template <typename F>
void walk_line_starts(const std::vector<ast::TemplatePart>& parts, F f) {
  bool at_line_start = true;
  for (size_t k = 0; k < parts.size(); ++k) {
    const auto& p = parts[k];
    bool expr_follows = k + 1 < parts.size();
    if (p.expr) {
      if (at_line_start) f(nullptr, 0, true);
      at_line_start = false;
      continue;
    }
    const std::string& s = p.literal;
    if (at_line_start && !s.empty()) f(&s, 0, expr_follows);
    if (at_line_start && s.empty() && expr_follows) f(nullptr, 0, true);
    at_line_start = false;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\n') continue;
      if (i + 1 < s.size())
        f(&s, i + 1, expr_follows);
      else if (expr_follows)
        at_line_start = true;
    }
  }
}

}  // namespace

void Parts::strip_indentation() {
  size_t min = std::numeric_limits<size_t>::max();
  walk_line_starts(parts, [&](const std::string* literal, size_t pos, bool expr_follows) {
    if (!literal) {  // an interpolation starts the line
      min = 0;
      return;
    }
    size_t i = pos;
    while (i < literal->size() && ((*literal)[i] == ' ' || (*literal)[i] == '\t')) ++i;
    bool blank =
        i < literal->size() ? ((*literal)[i] == '\n' || (*literal)[i] == '\r') : !expr_follows;
    if (!blank) min = std::min(min, i - pos);
  });
  if (min == 0 || min == std::numeric_limits<size_t>::max()) return;
  // Second pass rewrites each literal, removing up to `min` blanks at each line start.
  bool at_line_start = true;
  for (auto& p : parts) {
    if (p.expr) {
      at_line_start = false;
      continue;
    }
    std::string out;
    const std::string& s = p.literal;
    for (size_t i = 0; i < s.size();) {
      if (at_line_start) {
        size_t removed = 0;
        while (i < s.size() && removed < min && (s[i] == ' ' || s[i] == '\t')) {
          ++i;
          ++removed;
        }
        at_line_start = false;
        continue;
      }
      out += s[i];
      if (s[i] == '\n') at_line_start = true;
      ++i;
    }
    p.literal = std::move(out);
  }
}

/// Length of the UTF-8 sequence starting at `s[i]`, or 0 when it is not valid UTF-8.
size_t utf8_sequence(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n;
  uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return n;
}

bool decode_escape(std::string_view s, Parts& parts) {
  if (s.size() < 2) return true;
  switch (s[1]) {
    case 'n':
      parts.text("\n");
      return true;
    case 'r':
      parts.text("\r");
      return true;
    case 't':
      parts.text("\t");
      return true;
    case '"':
      parts.text("\"");
      return true;
    case '\\':
      parts.text("\\");
      return true;
    default:  // \uXXXX, \UXXXXXXXX
      break;
  }
  uint32_t cp = static_cast<uint32_t>(std::stoul(std::string(s.substr(2)), nullptr, 16));
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
  std::string utf8;
  append_utf8(utf8, cp);
  parts.text(utf8);
  return true;
}

std::string heredoc_marker(std::string_view start, bool* indented) {
  *indented = start.size() > 2 && start[2] == '-';
  size_t marker_begin = *indented ? 3 : 2;
  size_t marker_end = marker_begin;
  while (marker_end < start.size() &&
         (std::isalnum(static_cast<unsigned char>(start[marker_end])) || start[marker_end] == '_'))
    ++marker_end;
  if (marker_begin > start.size()) return {};
  return std::string(start.substr(marker_begin, marker_end - marker_begin));
}

}  // namespace mesh
