#include "compiler/fast_lexer.h"

#include "MeshLexer.h"

namespace mesh {

namespace {

using L = meshgrammar::MeshLexer;

bool is_name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

size_t keyword(std::string_view w) {
  switch (w.size()) {
    case 2:
      if (w == "as") return L::KW_AS;
      if (w == "in") return L::KW_IN;
      if (w == "if") return L::KW_IF;
      break;
    case 3:
      if (w == "for") return L::KW_FOR;
      break;
    case 4:
      if (w == "true") return L::KW_TRUE;
      if (w == "null") return L::KW_NULL;
      break;
    case 5:
      if (w == "false") return L::KW_FALSE;
      break;
    case 6:
      if (w == "import") return L::KW_IMPORT;
      break;
  }
  return L::ID;
}

}  // namespace

FastLexer::FastLexer(antlr4::CharStream* chars, std::string_view text, size_t first_line)
    : chars_(chars), text_(text), line_(first_line) {}

antlr4::TokenFactory<antlr4::CommonToken>* FastLexer::getTokenFactory() {
  return antlr4::CommonTokenFactory::DEFAULT.get();
}

std::unique_ptr<antlr4::Token> FastLexer::nextToken() {
  if (next_ < tokens_.size()) return make_token(tokens_[next_++]);
  return make_token(Lexeme{static_cast<uint32_t>(text_.size()), 0, static_cast<uint32_t>(line_),
                           static_cast<uint32_t>(column_), Lexeme::kEof, 0});
}

std::unique_ptr<antlr4::Token> FastLexer::make_token(const Lexeme& x) {
  size_t type = x.type == Lexeme::kEof ? antlr4::Token::EOF : x.type;
  auto t = std::make_unique<antlr4::CommonToken>(std::make_pair(this, chars_), type, x.channel,
                                                 x.start, size_t{x.start} + x.length - 1);
  t->setLine(x.line);
  t->setCharPositionInLine(x.column);
  return t;
}

void FastLexer::advance(size_t length) {
  for (size_t i = 0; i < length; ++i) {
    if (text_[pos_ + i] == '\n') {
      ++line_;
      column_ = 0;
    } else {
      ++column_;
    }
  }
  pos_ += length;
}

void FastLexer::emit(size_t type, size_t length, size_t channel) {
  tokens_.push_back(Lexeme{static_cast<uint32_t>(pos_), static_cast<uint32_t>(length),
                           static_cast<uint32_t>(line_), static_cast<uint32_t>(column_),
                           static_cast<uint16_t>(type), static_cast<uint8_t>(channel)});
  advance(length);
}

bool FastLexer::run() {
  if (text_.size() >= UINT32_MAX) return false;  // offsets are 32-bit
  tokens_.reserve(text_.size() / 6);             // typical configurations: 5–8 bytes a token
  modes_.push_back(Mode::Default);
  while (pos_ < text_.size()) {
    bool ok = false;
    switch (modes_.back()) {
      case Mode::Default:
        ok = lex_default();
        break;
      case Mode::String:
        ok = lex_string();
        break;
      case Mode::Heredoc:
        ok = lex_heredoc();
        break;
    }
    if (!ok) return false;
  }
  if (modes_.size() != 1) return false;  // unterminated string, heredoc or interpolation
  tokens_.push_back(Lexeme{static_cast<uint32_t>(text_.size()), 0, static_cast<uint32_t>(line_),
                           static_cast<uint32_t>(column_), Lexeme::kEof, 0});
  return true;
}

bool FastLexer::lex_default() {
  std::string_view s = text_;
  size_t p = pos_;
  char c = s[p];
  auto at = [&](size_t k) { return p + k < s.size() ? s[p + k] : '\0'; };
  // Blanks and byte order marks are skipped.
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
      (c == '\xEF' && at(1) == '\xBB' && at(2) == '\xBF')) {
    size_t q = p;
    while (q < s.size()) {
      if (s[q] == ' ' || s[q] == '\t' || s[q] == '\r' || s[q] == '\n' || s[q] == '\f') {
        ++q;
      } else if (s[q] == '\xEF' && q + 2 < s.size() && s[q + 1] == '\xBB' && s[q + 2] == '\xBF') {
        q += 3;
      } else {
        break;
      }
    }
    advance(q - p);
    return true;
  }
  if (c == '#' || (c == '/' && at(1) == '/')) {
    size_t q = p;
    while (q < s.size() && s[q] != '\n' && s[q] != '\r') ++q;
    emit(L::LINE_COMMENT, q - p, L::COMMENTS);
    return true;
  }
  if (c == '/' && at(1) == '*') {
    size_t end = s.find("*/", p + 2);
    if (end == std::string_view::npos) return false;
    emit(L::BLOCK_COMMENT, end + 2 - p, L::COMMENTS);
    return true;
  }
  if (is_name_start(c)) {
    size_t q = p + 1;
    while (q < s.size() && is_name_char(s[q])) ++q;
    emit(keyword(s.substr(p, q - p)), q - p);
    return true;
  }
  if (is_digit(c)) {
    size_t q = p;
    while (q < s.size() && is_digit(s[q])) ++q;
    if (q + 1 < s.size() && s[q] == '.' && is_digit(s[q + 1])) {
      ++q;
      while (q < s.size() && is_digit(s[q])) ++q;
    }
    size_t mantissa = q - p;
    // The longest of DURATION, NUMBER and BAD_NUMBER wins; ties go to the rule listed first.
    size_t name = 0;
    if (q < s.size() && is_name_start(s[q])) {
      name = 1;
      while (q + name < s.size() && is_name_char(s[q + name])) ++name;
    }
    size_t unit = 0;
    if (q + 1 < s.size() && s[q] == 'm' && s[q + 1] == 's')
      unit = 2;
    else if (q < s.size() && (s[q] == 's' || s[q] == 'm' || s[q] == 'h' || s[q] == 'd'))
      unit = 1;
    size_t exponent = 0;
    if (q < s.size() && (s[q] == 'e' || s[q] == 'E')) {
      size_t e = q + 1;
      if (e < s.size() && (s[e] == '+' || s[e] == '-')) ++e;
      size_t digits = e;
      while (digits < s.size() && is_digit(s[digits])) ++digits;
      if (digits > e) exponent = digits - q;
    }
    if (name > unit && name > exponent) return false;  // BAD_NUMBER: reported by the fallback
    if (unit > 0 && unit >= exponent) {
      emit(L::DURATION, mantissa + unit);
    } else {
      emit(L::NUMBER, mantissa + exponent);
    }
    return true;
  }
  if (c == '<' && at(1) == '<') {
    size_t q = p + 2;
    bool indented = q < s.size() && s[q] == '-';
    if (indented) ++q;
    if (q < s.size() && is_name_start(s[q])) {
      size_t marker_begin = q;
      while (q < s.size() && is_name_char(s[q])) ++q;
      std::string_view marker = s.substr(marker_begin, q - marker_begin);
      while (q < s.size() && (s[q] == ' ' || s[q] == '\t')) ++q;
      if (q < s.size() && s[q] == '\r') ++q;
      if (q >= s.size() || s[q] != '\n') return false;  // BAD_HEREDOC
      emit(L::HEREDOC_START, q + 1 - p);
      markers_.push_back(marker);
      modes_.push_back(Mode::Heredoc);
      return true;
    }
  }
  struct Op {
    const char* text;
    size_t type;
  };
  static const Op kOps[] = {
      {"...", L::ELLIPSIS},    {"==", L::EQEQ},    {"!=", L::NEQ},   {"<=", L::LE},
      {">=", L::GE},           {"&&", L::AND},     {"||", L::OR},    {"=>", L::ARROW},
      {"~}", L::TILDE_RBRACE}, {"<", L::LT},       {">", L::GT},     {"+", L::PLUS},
      {"-", L::MINUS},         {"*", L::STAR},     {"/", L::SLASH},  {"%", L::PERCENT},
      {"!", L::BANG},          {"?", L::QUESTION}, {":", L::COLON},  {"=", L::EQ},
      {",", L::COMMA},         {".", L::DOT},      {"(", L::LPAREN}, {")", L::RPAREN},
      {"[", L::LBRACK},        {"]", L::RBRACK},   {"{", L::LBRACE}, {"}", L::RBRACE},
      {"\"", L::STR_OPEN},
  };
  for (const Op& op : kOps) {
    std::string_view o(op.text);
    if (s.compare(p, o.size(), o) != 0) continue;
    size_t type = op.type;
    if (type == L::LBRACE && !brace_depth_.empty()) ++brace_depth_.back();
    if (type == L::RBRACE || type == L::TILDE_RBRACE) {
      if (!brace_depth_.empty()) {
        if (brace_depth_.back() > 0) {
          --brace_depth_.back();
        } else {
          brace_depth_.pop_back();
          modes_.pop_back();
          type = type == L::RBRACE ? L::INTERP_CLOSE : L::INTERP_CLOSE_STRIP;
        }
      }
      if (type == L::TILDE_RBRACE) return false;  // `~}` outside an interpolation
    }
    emit(type, o.size());
    if (type == L::STR_OPEN) modes_.push_back(Mode::String);
    return true;
  }
  return false;  // BAD_CHAR
}

bool FastLexer::lex_string() {
  std::string_view s = text_;
  size_t p = pos_;
  auto at = [&](size_t k) { return p + k < s.size() ? s[p + k] : '\0'; };
  switch (s[p]) {
    case '"':
      emit(L::STR_CLOSE, 1);
      modes_.pop_back();
      return true;
    case '\n':
      return false;  // unterminated string
    case '\\': {
      char e = at(1);
      if (e == 'n' || e == 'r' || e == 't' || e == '"' || e == '\\') {
        emit(L::STR_ESCAPE, 2);
        return true;
      }
      size_t digits = e == 'u' ? 4 : e == 'U' ? 8 : 0;
      if (digits == 0) return false;
      for (size_t k = 0; k < digits; ++k)
        if (!is_hex(at(2 + k))) return false;
      emit(L::STR_ESCAPE, 2 + digits);
      return true;
    }
    case '$':
    case '%': {
      char c = s[p];
      if (at(1) == c && at(2) == '{') {
        emit(L::STR_LITERAL, 3);
      } else if (c == '$' && at(1) == '{') {
        emit(L::STR_INTERP, at(2) == '~' ? 3 : 2);
        brace_depth_.push_back(0);
        modes_.push_back(Mode::Default);
      } else {
        emit(L::STR_DOLLAR, 1);
      }
      return true;
    }
    default: {
      size_t q = p;
      while (q < s.size() && s[q] != '"' && s[q] != '\\' && s[q] != '$' && s[q] != '%' &&
             s[q] != '\n')
        ++q;
      emit(L::STR_TEXT, q - p);
      return true;
    }
  }
}

bool FastLexer::lex_heredoc() {
  std::string_view s = text_;
  size_t p = pos_;
  auto at = [&](size_t k) { return p + k < s.size() ? s[p + k] : '\0'; };
  switch (s[p]) {
    case '\n':
      emit(L::HD_NEWLINE, 1);
      return true;
    case '$':
    case '%': {
      char c = s[p];
      if (at(1) == c && at(2) == '{') {
        emit(L::HD_LITERAL, 3);
      } else if (c == '$' && at(1) == '{') {
        emit(L::HD_INTERP, at(2) == '~' ? 3 : 2);
        brace_depth_.push_back(0);
        modes_.push_back(Mode::Default);
      } else {
        emit(L::HD_DOLLAR, 1);
      }
      return true;
    }
    default: {
      size_t q = p;
      while (q < s.size() && s[q] != '$' && s[q] != '%' && s[q] != '\n') ++q;
      // The terminator: a whole line equal to the marker, blanks around it allowed.
      if (column_ == 0 && (q == s.size() || s[q] == '\n') && !markers_.empty()) {
        std::string_view line = s.substr(p, q - p);
        size_t b = line.find_first_not_of(" \t\r");
        size_t e = line.find_last_not_of(" \t\r");
        if (b != std::string_view::npos && line.substr(b, e - b + 1) == markers_.back()) {
          emit(L::HEREDOC_END, q - p);
          markers_.pop_back();
          modes_.pop_back();
          return true;
        }
      }
      emit(L::HD_TEXT, q - p);
      return true;
    }
  }
}

}  // namespace mesh

#include "compiler/byte_stream.h"
#include "compiler/token_dump.h"

namespace mesh {

namespace {

std::string describe(antlr4::Token* t) {
  return std::to_string(t->getType()) + " " + std::to_string(t->getChannel()) + " " +
         std::to_string(t->getStartIndex()) + " " + std::to_string(t->getStopIndex()) + " " +
         std::to_string(t->getLine()) + ":" + std::to_string(t->getCharPositionInLine()) + "\n";
}

}  // namespace

std::optional<std::string> dump_tokens(std::string_view text, bool fast) {
  ByteCharStream chars(text, "dump");
  std::string out;
  if (fast) {
    FastLexer lexer(&chars, text);
    if (!lexer.run()) return std::nullopt;
    for (size_t i = 0, n = lexer.lexemes().size(); i < n; ++i) {
      std::unique_ptr<antlr4::Token> t = lexer.nextToken();
      out += describe(t.get());
    }
    return out;
  }
  meshgrammar::MeshLexer lexer(&chars);
  lexer.removeErrorListeners();
  for (;;) {
    std::unique_ptr<antlr4::Token> t = lexer.nextToken();
    size_t type = t->getType();
    if (type == L::BAD_CHAR || type == L::BAD_HEREDOC || type == L::BAD_STRING ||
        type == L::STR_BAD_ESCAPE || type == L::TILDE_RBRACE)
      return std::nullopt;
    if (type == L::BLOCK_COMMENT) {
      std::string comment = t->getText();
      if (comment.size() < 4 || comment.compare(comment.size() - 2, 2, "*/") != 0)
        return std::nullopt;
    }
    out += describe(t.get());
    if (type == antlr4::Token::EOF) break;
  }
  if (!lexer.errors_.empty()) return std::nullopt;
  return out;
}

}  // namespace mesh
