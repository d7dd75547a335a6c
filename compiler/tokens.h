#pragma once
/// Internal to the parser: facts about tokens that the ANTLR path and the fast parser share, so
/// the two cannot drift apart.

#include <cstddef>
#include <string_view>

#include "core/source.h"

namespace mesh {

/// Whether a token type (meshgrammar::MeshLexer) may stand where the grammar says `name`: an
/// identifier or a keyword (keywords are reserved only inside expressions). Every top-level
/// item and body item starts with one.
bool is_name_token(size_t type);

/// The position just past a token that starts at `begin` and has the bytes `text`. A token that
/// ends a line (an unterminated string's newline) ends on that line.
SourcePos token_end(SourcePos begin, std::string_view text);

}  // namespace mesh
