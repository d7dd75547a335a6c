#include "compiler/tokens.h"

#include <algorithm>

#include "MeshLexer.h"

namespace mesh {

bool is_name_token(size_t type) {
  using L = meshgrammar::MeshLexer;
  switch (type) {
    case L::ID:
    case L::KW_IMPORT:
    case L::KW_AS:
    case L::KW_FOR:
    case L::KW_IN:
    case L::KW_IF:
    case L::KW_TRUE:
    case L::KW_FALSE:
    case L::KW_NULL:
      return true;
    default:
      return false;
  }
}

SourcePos token_end(SourcePos begin, std::string_view text) {
  SourcePos pos = begin;
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  size_t newline = text.rfind('\n');
  if (newline == std::string_view::npos) {
    pos.column += static_cast<uint32_t>(text.size());
    return pos;
  }
  pos.line += static_cast<uint32_t>(std::count(text.begin(), text.end(), '\n'));
  pos.column = static_cast<uint32_t>(text.size() - newline);
  return pos;
}

}  // namespace mesh
