#pragma once
/// Internal to the parser: collects the syntax errors of one file, turns ANTLR tokens into
/// SourceRanges, and stops the parse after too many errors.

#include <antlr4-runtime.h>

#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/parse.h"

namespace mesh {

/// Thrown to abandon a file: too many errors, or input too deeply nested to parse safely.
struct StopParsing : std::exception {
  const char* what() const noexcept override { return "parse stopped"; }
};

class SyntaxReporter {
 public:
  /// `text` is the file's contents or, when a large file is parsed in chunks, one chunk of it
  /// that starts at line `first_line`; token offsets are relative to `text`.
  SyntaxReporter(std::string_view text, uint32_t first_line, FileId file, const ParseLimits& limits)
      : text_(text), first_line_(first_line), file_(file), limits_(limits) {}

  std::string_view text() const { return text_; }
  uint32_t first_line() const { return first_line_; }
  FileId file() const { return file_; }
  const ParseLimits& limits() const { return limits_; }

  /// Records an error; throws StopParsing once the per-file limit is reached.
  Diagnostic& error(SourceRange range, std::string message);
  size_t error_count() const { return errors_; }
  /// Errors at end of input are dropped once the lexer explained why the input ended early.
  bool eof_explained = false;

  /// Moves the diagnostics, sorted by position, into `out`.
  void flush(Diagnostics& out);

  // Token positions. Columns are bytes because the input stream is bytes.
  SourcePos begin(const antlr4::Token* token) const;
  SourcePos end(const antlr4::Token* token) const;
  SourceRange range(const antlr4::Token* first, const antlr4::Token* last) const;
  SourceRange range(const antlr4::Token* token) const { return range(token, token); }
  SourceRange range(antlr4::ParserRuleContext* context) const;
  SourceRange at(size_t line, size_t column0, size_t length) const;
  /// The bytes of a token; empty for EOF and for tokens conjured by error recovery.
  std::string_view text(const antlr4::Token* token) const;

 private:
  std::string_view text_;
  uint32_t first_line_;
  FileId file_;
  ParseLimits limits_;
  std::vector<Diagnostic> items_;
  size_t errors_ = 0;
  bool stopped_ = false;
};

}  // namespace mesh
