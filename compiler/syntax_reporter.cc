#include "compiler/syntax_reporter.h"

#include <algorithm>

#include "compiler/tokens.h"

namespace mesh {

Diagnostic& SyntaxReporter::error(SourceRange range, std::string message) {
  if (stopped_) throw StopParsing();
  Diagnostic d;
  d.range = range;
  d.message = std::move(message);
  items_.push_back(std::move(d));
  if (++errors_ >= limits_.max_errors_per_file) {
    stopped_ = true;
    Diagnostic note;
    note.severity = Severity::Note;
    note.message = "too many errors in this file; stopping here";
    note.range = range;
    note.range.end = note.range.begin;
    items_.push_back(std::move(note));
    throw StopParsing();
  }
  return items_.back();
}

void SyntaxReporter::flush(Diagnostics& out) {
  auto key = [](const Diagnostic& d) {
    return std::make_pair(d.range.begin.line, d.range.begin.column);
  };
  // The "too many errors" note stays last whatever its position.
  auto last = items_.end();
  if (stopped_) --last;
  std::stable_sort(items_.begin(), last,
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  for (Diagnostic& d : items_) out.add(std::move(d));
  items_.clear();
}

SourcePos SyntaxReporter::begin(const antlr4::Token* token) const {
  return SourcePos{static_cast<uint32_t>(token->getLine()),
                   static_cast<uint32_t>(token->getCharPositionInLine() + 1)};
}

std::string_view SyntaxReporter::text(const antlr4::Token* token) const {
  size_t start = token->getStartIndex();
  size_t stop = token->getStopIndex();
  if (token->getType() == antlr4::Token::EOF || start == INVALID_INDEX || stop == INVALID_INDEX ||
      start > stop || stop >= text_.size())
    return {};
  return text_.substr(start, stop - start + 1);
}

SourcePos SyntaxReporter::end(const antlr4::Token* token) const {
  return token_end(begin(token), text(token));
}

SourceRange SyntaxReporter::range(const antlr4::Token* first, const antlr4::Token* last) const {
  SourceRange r;
  r.file = file_;
  if (!first) return r;
  r.begin = begin(first);
  r.end = end(last && last->getTokenIndex() >= first->getTokenIndex() &&
                      last->getTokenIndex() != INVALID_INDEX
                  ? last
                  : first);
  return r;
}

SourceRange SyntaxReporter::range(antlr4::ParserRuleContext* context) const {
  return range(context->getStart(), context->getStop());
}

SourceRange SyntaxReporter::at(size_t line, size_t column0, size_t length) const {
  SourceRange r;
  r.file = file_;
  r.begin = SourcePos{static_cast<uint32_t>(line), static_cast<uint32_t>(column0 + 1)};
  r.end = SourcePos{r.begin.line, static_cast<uint32_t>(column0 + 1 + length)};
  return r;
}

}  // namespace mesh
