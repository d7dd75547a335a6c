#pragma once
/// Internal to the parser: how literal tokens become AST values — string and heredoc parts
/// (merged text runs and interpolations, `<<-` indentation stripping), escapes, durations. Shared
/// by the ANTLR tree converter (ast_builder) and the fast parser so both build identical nodes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast.h"

namespace mesh {

/// Literal text and interpolations of a string or heredoc, merged as they are added.
struct Parts {
  std::vector<ast::TemplatePart> parts;

  void text(std::string_view s);
  void interpolation(ast::ExprPtr e, bool strip_left, bool strip_right);
  bool has_interpolation() const;
  /// A StringExpr when nothing is interpolated, else a TemplateExpr.
  ast::ExprPtr finish(SourceRange range, bool heredoc, std::string marker, bool indented);
  /// `<<-` heredocs: removes the smallest indentation of the non-blank lines from every line.
  void strip_indentation();
};

/// Appends the text of an escape token (`\n`, `\"`, `\u00e9`, `\U0001F600`…) to `parts`; false
/// (nothing appended) when a unicode escape names no character (a surrogate, or > U+10FFFF).
bool decode_escape(std::string_view escape, Parts& parts);

/// Milliseconds of a duration literal such as "1.5h"; false when it overflows.
bool duration_milliseconds(std::string_view text, int64_t& out);

/// Length of the UTF-8 sequence starting at `s[i]`, or 0 when it is not valid UTF-8 (overlong
/// forms, surrogates and code points above U+10FFFF are invalid).
size_t utf8_sequence(std::string_view s, size_t i);

/// The marker of a heredoc start token (`<<EOT\n`, `<<-EOT\n`) and whether it is indented.
std::string heredoc_marker(std::string_view start, bool* indented);

}  // namespace mesh
