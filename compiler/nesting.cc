#include "compiler/nesting.h"

#include "MeshLexer.h"

namespace mesh {

namespace {

using L = meshgrammar::MeshLexer;

/// Whether a `-` after this token is binary (it follows an operand) rather than a prefix.
bool ends_operand(size_t type) {
  switch (type) {
    case L::ID:
    case L::NUMBER:
    case L::DURATION:
    case L::KW_TRUE:
    case L::KW_FALSE:
    case L::KW_NULL:
    case L::STR_CLOSE:
    case L::HEREDOC_END:
    case L::RPAREN:
    case L::RBRACK:
    case L::RBRACE:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool NestingCheck::add(size_t type) {
  switch (type) {
    case L::LPAREN:
    case L::LBRACK:
    case L::LBRACE:
    case L::STR_OPEN:
    case L::HEREDOC_START:
    case L::STR_INTERP:
    case L::HD_INTERP:
      levels_.push_back(0);
      ++depth_;
      break;
    case L::RPAREN:
    case L::RBRACK:
    case L::RBRACE:
    case L::STR_CLOSE:
    case L::HEREDOC_END:
    case L::INTERP_CLOSE:
    case L::INTERP_CLOSE_STRIP:
      if (levels_.size() > 1) {
        depth_ -= 1 + levels_.back();
        levels_.pop_back();
      }
      break;
    case L::MINUS:
    case L::BANG:
      if (!ends_operand(previous_)) {
        ++levels_.back();
        ++depth_;
      }
      break;
    case L::QUESTION:
      ++levels_.back();
      ++depth_;
      break;
    case L::EQ:
    case L::COMMA:
    case L::ARROW:
      depth_ -= levels_.back();
      levels_.back() = 0;
      break;
    default:
      break;
  }
  previous_ = type;
  return depth_ <= limit_;
}

}  // namespace mesh
