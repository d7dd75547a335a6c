#include "compiler/byte_stream.h"

namespace mesh {

void ByteCharStream::consume() {
  if (pos_ >= data_.size()) throw antlr4::IllegalStateException("cannot consume EOF");
  ++pos_;
}

size_t ByteCharStream::LA(ssize_t i) {
  if (i == 0) return 0;
  ssize_t at = i > 0 ? static_cast<ssize_t>(pos_) + i - 1 : static_cast<ssize_t>(pos_) + i;
  if (at < 0 || at >= static_cast<ssize_t>(data_.size())) return antlr4::IntStream::EOF;
  return static_cast<unsigned char>(data_[at]);
}

std::string ByteCharStream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < interval.a) return {};
  size_t a = static_cast<size_t>(interval.a);
  size_t b = static_cast<size_t>(interval.b);
  if (a >= data_.size()) return {};
  if (b >= data_.size()) b = data_.size() - 1;
  return std::string(data_.substr(a, b - a + 1));
}

}  // namespace mesh
