#pragma once
/// The token stream of a text as one line per token ("type channel start stop line:column"),
/// from the generated lexer or from FastLexer. Lets tests check that the two agree.

#include <optional>
#include <string>
#include <string_view>

namespace mesh {

/// Empty when the lexer found an error (the generated one) or gave up (the fast one).
std::optional<std::string> dump_tokens(std::string_view text, bool fast);

}  // namespace mesh
