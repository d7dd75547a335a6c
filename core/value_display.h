#pragma once
/// The human rendering of values in HCL-like syntax, used by plans and `mesh console`.

#include <string>
#include <string_view>

#include "core/value.h"

namespace mesh {

struct DisplayOptions {
  int indent = 0;       ///< spaces already in front of the line where the value starts
  int max_inline = 80;  ///< a list of primitives shorter than this stays on one line
};

/// Strings quoted with escapes (`"a\"b"`) — multi-line text ending with a newline as an
/// indented `<<-EOT` heredoc — numbers and durations canonical, `null`,
/// `[1, 2]` inline for short lists of primitives, otherwise one element per line;
/// objects `{ }` with one `key = value` per line, `=` aligned, keys bare when they are
/// identifiers; `(sensitive)` for sensitive values and `(known after apply)` for unknowns,
/// at any depth. Nested lines are indented by two spaces per level, starting at
/// `options.indent`; no trailing newline.
std::string to_display_string(const Value& value, const DisplayOptions& options = {});

/// A string in double quotes with `\\ \" \n \r \t` and other control characters escaped
/// (`\u001b`), and `${` written as `$${` so the text reads back as the same literal.
std::string quote_string(std::string_view text);

/// One line, no newlines: `{ a = 1, b = [1, 2] }`. For messages.
std::string to_inline_string(const Value& value);

}  // namespace mesh
