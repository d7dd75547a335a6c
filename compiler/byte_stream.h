#pragma once
/// An ANTLR character stream over raw bytes: every byte is one character, so token offsets and
/// columns are byte offsets (as in SourcePos) and text is never re-encoded. UTF-8 validity is
/// checked separately, before lexing.

#include <antlr4-runtime.h>

#include <string_view>

namespace mesh {

class ByteCharStream : public antlr4::CharStream {
 public:
  ByteCharStream(std::string_view data, std::string name) : data_(data), name_(std::move(name)) {}

  void consume() override;
  size_t LA(ssize_t i) override;
  ssize_t mark() override { return -1; }
  void release(ssize_t) override {}
  size_t index() override { return pos_; }
  void seek(size_t index) override { pos_ = index < data_.size() ? index : data_.size(); }
  size_t size() override { return data_.size(); }
  std::string getSourceName() const override { return name_; }
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string toString() const override { return std::string(data_); }

 private:
  std::string_view data_;
  std::string name_;
  size_t pos_ = 0;
};

}  // namespace mesh
