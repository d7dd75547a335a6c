#pragma once
/// Internal to the parser: the nesting guard both parsers share. Recursive descent recurses once
/// per bracket, string, interpolation, prefix operator and chained `?:`; input nested deeper
/// than ParseLimits::max_nesting is rejected before parsing so hostile input cannot exhaust the
/// stack, and the same rule decides for the ANTLR parser and the fast parser.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mesh {

class NestingCheck {
 public:
  explicit NestingCheck(uint32_t limit) : limit_(limit), levels_(1) {}
  /// Feeds the next default-channel token type (meshgrammar::MeshLexer); false when it takes the
  /// nesting past the limit.
  bool add(size_t type);

 private:
  uint32_t limit_;
  std::vector<uint32_t> levels_;  ///< pending prefix operators and `?` per open bracket
  uint64_t depth_ = 0;            ///< levels_.size() - 1 plus every level's operators
  size_t previous_ = 0;           ///< the previous token type (0: none)
};

}  // namespace mesh
