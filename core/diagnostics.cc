#include "core/diagnostics.h"

#include <fmt/color.h>
#include <fmt/format.h>

#include <algorithm>

namespace mesh {

Diagnostic& Diagnostics::error(SourceRange range, std::string message) {
  Diagnostic d;
  d.severity = Severity::Error;
  d.range = range;
  d.message = std::move(message);
  return add(std::move(d));
}

Diagnostic& Diagnostics::warning(SourceRange range, std::string message) {
  Diagnostic d;
  d.severity = Severity::Warning;
  d.range = range;
  d.message = std::move(message);
  return add(std::move(d));
}

Diagnostic& Diagnostics::add(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::Error) ++error_count_;
  items_.push_back(std::move(diagnostic));
  return items_.back();
}

void Diagnostics::append(const Diagnostics& other) {
  for (const Diagnostic& d : other.items_) add(d);
}

namespace {

/// Optimal string alignment distance: Levenshtein plus adjacent transpositions ("nmae").
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

fmt::text_style severity_style(Severity s) {
  switch (s) {
    case Severity::Error:
      return fmt::emphasis::bold | fg(fmt::terminal_color::bright_red);
    case Severity::Warning:
      return fmt::emphasis::bold | fg(fmt::terminal_color::bright_yellow);
    case Severity::Note:
      return fmt::emphasis::bold | fg(fmt::terminal_color::bright_cyan);
  }
  return {};
}

std::string styled(const RenderOptions& o, fmt::text_style style, std::string_view text) {
  if (!o.color) return std::string(text);
  return fmt::format(style, "{}", text);
}

std::string location(const SourceRange& r, const SourceManager& sources) {
  if (!r.valid() || r.file >= sources.size()) return {};
  return fmt::format("{}:{}:{}", sources.path(r.file), r.begin.line, r.begin.column);
}

/// The source line with a caret under the range (tabs kept so the caret lines up).
void append_snippet(std::string& out, const SourceRange& r, const SourceManager& sources,
                    const RenderOptions& o) {
  if (!r.valid() || r.file >= sources.size()) return;
  std::string_view line = sources.line_text(r.file, r.begin.line);
  constexpr size_t kMaxShown = 200;  // a minified 50 MB line must not flood the terminal
  size_t col = r.begin.column == 0 ? 0 : r.begin.column - 1;
  size_t shift = 0;
  if (line.size() > kMaxShown) {
    shift = col > kMaxShown / 2 ? col - kMaxShown / 2 : 0;
    line = line.substr(shift, kMaxShown);
  }
  std::string number = std::to_string(r.begin.line);
  std::string gutter(number.size(), ' ');
  out += fmt::format(" {} | {}\n", number, line);
  std::string pad;
  for (size_t i = shift; i < col && i - shift < line.size(); ++i)
    pad += line[i - shift] == '\t' ? '\t' : ' ';
  size_t width = 1;
  if (r.end.line == r.begin.line && r.end.column > r.begin.column)
    width = r.end.column - r.begin.column;
  width = std::min(width, kMaxShown);
  std::string marker = "^" + std::string(width - 1, '~');
  out += fmt::format(" {} | {}{}\n", gutter, pad,
                     styled(o, fmt::emphasis::bold | fg(fmt::terminal_color::bright_green), marker));
}

}  // namespace

std::string closest_match(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = SIZE_MAX;
  if (name.size() > 64) return {};  // nobody mistypes a 65-character name; keep this cheap
  for (const std::string& c : candidates) {
    if (c.size() > 64) continue;
    size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // Close enough to be a typo: at most a third of the name, and never a total rewrite.
  size_t limit = std::max<size_t>(1, name.size() / 3);
  if (best_distance == 0 || best_distance > limit || best_distance >= name.size()) return {};
  return best;
}

std::string render(const Diagnostic& d, const SourceManager& sources, const RenderOptions& o) {
  std::string out;
  std::string where = location(d.range, sources);
  if (where.empty() && !d.subject.empty()) where = d.subject;
  if (!where.empty()) out += styled(o, fmt::emphasis::bold, where) + ": ";
  out += styled(o, severity_style(d.severity), std::string(severity_name(d.severity)) + ":");
  out += " " + styled(o, fmt::emphasis::bold, d.message) + "\n";
  append_snippet(out, d.range, sources, o);
  if (!d.suggestion.empty())
    out += fmt::format("{} did you mean `{}`?\n",
                       styled(o, fmt::emphasis::bold | fg(fmt::terminal_color::bright_cyan), "help:"),
                       d.suggestion);
  for (const DiagnosticNote& note : d.notes) {
    std::string note_where = location(note.range, sources);
    if (!note_where.empty()) out += styled(o, fmt::emphasis::bold, note_where) + ": ";
    out += styled(o, severity_style(Severity::Note), "note:") + " " + note.message + "\n";
    append_snippet(out, note.range, sources, o);
  }
  return out;
}

std::string render(const Diagnostics& diagnostics, const SourceManager& sources,
                   const RenderOptions& o) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) out += render(d, sources, o);
  return out;
}

}  // namespace mesh
