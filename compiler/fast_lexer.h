#pragma once
/// A hand-written lexer for large, valid files. grammar/MeshLexer.g4 is the specification and
/// the lexer used for every file that is not split into chunks; the generated ANTLR lexer runs
/// at about 9 MB/s, too slow for the 100k-block budget. This one produces the same tokens
/// (types, channels, offsets, lines, columns — checked token for token in the unit tests) and
/// gives up on anything that would be an error: the caller then re-parses the file with the
/// generated lexer, which reports it.

#include <antlr4-runtime.h>

#include <memory>
#include <string_view>
#include <vector>

namespace mesh {

/// One token as the fast lexer keeps it: 20 bytes, no allocation. Types and channels are the
/// generated lexer's (meshgrammar::MeshLexer); an ANTLR token is made from it only on demand.
struct Lexeme {
  static constexpr uint16_t kEof = 0xFFFF;  ///< the type of the end-of-input lexeme
  uint32_t start;                           ///< byte offset in the text
  uint32_t length;                          ///< bytes (0 for EOF)
  uint32_t line;                            ///< 1-based (plus the first line of the text)
  uint32_t column;                          ///< 0-based, in bytes
  uint16_t type;  ///< kEof at the end, else the generated lexer's token type
  uint8_t channel;
};

class FastLexer : public antlr4::TokenSource {
 public:
  /// `chars` is the stream tokens point into (for getText; may be null when only lexemes are
  /// used); `text` is its content, shorter than 4 GiB.
  FastLexer(antlr4::CharStream* chars, std::string_view text, size_t first_line = 1);

  /// Lexes everything; false at the first input the generated lexer would report an error
  /// for (bad character, unterminated string, invalid escape...).
  bool run();
  /// The tokens after a successful run, ending with EOF; nextToken() hands them out in order
  /// as ANTLR tokens.
  const std::vector<Lexeme>& lexemes() const { return tokens_; }

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return line_; }
  size_t getCharPositionInLine() override { return column_; }
  antlr4::CharStream* getInputStream() override { return chars_; }
  std::string getSourceName() override { return chars_->getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override;

 private:
  enum class Mode { Default, String, Heredoc };
  bool lex_default();
  bool lex_string();
  bool lex_heredoc();
  void emit(size_t type, size_t length, size_t channel = 0);
  void advance(size_t length);  ///< moves past `length` bytes, counting lines
  std::unique_ptr<antlr4::Token> make_token(const Lexeme& lexeme);

  antlr4::CharStream* chars_;
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_;
  size_t column_ = 0;
  std::vector<Mode> modes_;
  std::vector<int> brace_depth_;           ///< one per open interpolation
  std::vector<std::string_view> markers_;  ///< open heredocs
  std::vector<Lexeme> tokens_;
  size_t next_ = 0;
};

}  // namespace mesh
