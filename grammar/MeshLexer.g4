// The mesh lexer. Lexer modes need a separate lexer grammar; Mesh.g4 is the parser.
//
// The input is fed byte by byte (each byte one "character", see compiler/byte_stream.h), so
// token indices and columns are byte offsets and non-ASCII text passes through untouched.
// UTF-8 validity is checked before lexing.
//
// Strings and heredocs switch to their own modes; `${` pushes the default mode back on top.
// A stack of brace depths (one per open interpolation) decides whether a `}` closes a nested
// object or the interpolation itself, so "${ {a = 1}.a }" works and a stray `}` never pops an
// empty mode stack. Heredoc terminators are recognised by member code: a text run that starts
// a line, ends it, and equals the marker of the innermost heredoc.
lexer grammar MeshLexer;

channels { COMMENTS, ERRORS }

tokens { INTERP_CLOSE, INTERP_CLOSE_STRIP, HEREDOC_END }

@lexer::members {
  /// Something opened and not yet closed: a string, a heredoc or an interpolation.
  struct Open {
    enum Kind { String, Heredoc, Interpolation } kind;
    size_t line;
    size_t column;  ///< 0-based
    size_t start;   ///< byte offset
    std::string marker;  ///< heredoc only
  };
  /// An error found while lexing, reported by the parser driver.
  struct LexError {
    size_t line;
    size_t column;  ///< 0-based
    size_t length;
    std::string message;
  };

  std::vector<Open> open_;
  std::vector<int> brace_depth_;  ///< one per open interpolation
  std::vector<LexError> errors_;
  bool eof_reported_ = false;

  void open(Open::Kind kind, std::string marker = {}) {
    open_.push_back(Open{kind, tokenStartLine, tokenStartCharPositionInLine, tokenStartCharIndex,
                         std::move(marker)});
  }
  void closeInnermost() {
    if (!open_.empty()) open_.pop_back();
  }
  void openInterpolation() {
    open(Open::Interpolation);
    brace_depth_.push_back(0);
    pushMode(DEFAULT_MODE);
  }
  void onLeftBrace() {
    if (!brace_depth_.empty()) ++brace_depth_.back();
  }
  void onRightBrace(bool strip) {
    if (brace_depth_.empty()) return;
    if (brace_depth_.back() > 0) {
      --brace_depth_.back();
      return;
    }
    brace_depth_.pop_back();
    closeInnermost();
    setType(strip ? INTERP_CLOSE_STRIP : INTERP_CLOSE);
    popMode();
  }
  void openHeredoc() {
    std::string text = getText();
    size_t i = 2;
    if (i < text.size() && text[i] == '-') ++i;
    size_t end = i;
    while (end < text.size() && (isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))
      ++end;
    open(Open::Heredoc, text.substr(i, end - i));
    pushMode(HEREDOC);
  }
  /// A newline inside a quoted string: the string is unterminated. Close it here so the parser
  /// sees a complete string and the error is reported once, by us.
  void newlineInString() {
    if (!open_.empty()) {
      const Open& o = open_.back();
      errors_.push_back(LexError{o.line, o.column, 1, "unterminated string"});
    }
    closeInnermost();
    setType(STR_CLOSE);
    popMode();
  }
  /// A text run in a heredoc is its terminator when it fills a whole line and, trimmed of
  /// blanks, equals the marker.
  void checkHeredocEnd() {
    if (tokenStartCharPositionInLine != 0 || open_.empty() || open_.back().kind != Open::Heredoc)
      return;
    size_t next = _input->LA(1);
    if (next != '\n' && next != static_cast<size_t>(EOF)) return;
    std::string text = getText();
    size_t b = text.find_first_not_of(" \t\r");
    size_t e = text.find_last_not_of(" \t\r");
    if (b == std::string::npos || text.compare(b, e - b + 1, open_.back().marker) != 0) return;
    closeInnermost();
    setType(HEREDOC_END);
    popMode();
  }
  /// Reported here and passed on as a number so the parser does not cascade.
  void badNumber() {
    errors_.push_back(LexError{tokenStartLine, tokenStartCharPositionInLine, getText().size(),
                               "invalid number `" + getText() + "`"});
    setType(NUMBER);
  }
  antlr4::Token* emitEOF() override {
    if (!eof_reported_ && !open_.empty()) {
      eof_reported_ = true;
      const Open& o = open_.back();
      switch (o.kind) {
        case Open::String:
          errors_.push_back(LexError{o.line, o.column, 1, "unterminated string"});
          break;
        case Open::Heredoc:
          errors_.push_back(LexError{o.line, o.column, 2 + (o.marker.size()),
                                     "unterminated heredoc: expected `" + o.marker + "`"});
          break;
        case Open::Interpolation:
          errors_.push_back(
              LexError{o.line, o.column, 2, "unterminated interpolation: expected `}`"});
          break;
      }
    }
    return Lexer::emitEOF();
  }
}

// ---------------------------------------------------------------------------------------------
// Default mode: expressions and structure.

LINE_COMMENT  : ('#' | '//') ~[\r\n]* -> channel(COMMENTS);
BLOCK_COMMENT : '/*' .*? ('*/' | EOF) -> channel(COMMENTS);
// Blanks, newlines and a UTF-8 byte order mark (three bytes, see the header note).
WS            : ([ \t\r\n\f] | '\u00EF\u00BB\u00BF')+ -> skip;

KW_IMPORT : 'import';
KW_AS     : 'as';
KW_FOR    : 'for';
KW_IN     : 'in';
KW_IF     : 'if';
KW_TRUE   : 'true';
KW_FALSE  : 'false';
KW_NULL   : 'null';

DURATION   : DIGITS ('.' DIGITS)? ('ms' | 's' | 'm' | 'h' | 'd');
NUMBER     : DIGITS ('.' DIGITS)? ([eE] [+-]? DIGITS)?;
// A number running into letters (`15min`, `0x1f`): one error instead of two odd tokens.
BAD_NUMBER : DIGITS ('.' DIGITS)? [a-zA-Z_] [a-zA-Z0-9_]* { badNumber(); };
ID         : [a-zA-Z_] [a-zA-Z0-9_]*;

HEREDOC_START : '<<' '-'? [a-zA-Z_] [a-zA-Z0-9_]* [ \t]* '\r'? '\n' { openHeredoc(); };
// `<<EOT` not followed by a newline.
BAD_HEREDOC   : '<<' '-'? [a-zA-Z_] [a-zA-Z0-9_]*;

ELLIPSIS : '...';
EQEQ     : '==';
NEQ      : '!=';
LE       : '<=';
GE       : '>=';
AND      : '&&';
OR       : '||';
ARROW    : '=>';
LT       : '<';
GT       : '>';
PLUS     : '+';
MINUS    : '-';
STAR     : '*';
SLASH    : '/';
PERCENT  : '%';
BANG     : '!';
QUESTION : '?';
COLON    : ':';
EQ       : '=';
COMMA    : ',';
DOT      : '.';
LPAREN   : '(';
RPAREN   : ')';
LBRACK   : '[';
RBRACK   : ']';
LBRACE   : '{' { onLeftBrace(); };
RBRACE   : '}' { onRightBrace(false); };
// `~}` only means something when it closes an interpolation (strip whitespace after).
TILDE_RBRACE : '~}' { onRightBrace(true); };

STR_OPEN : '"' { open(Open::String); } -> pushMode(STRING);

// 'text': a common slip, reported as one error.
BAD_STRING : '\'' ~['\r\n]* '\'';
// Reported by the driver; the parser takes it as an operand so one bad byte is one error.
BAD_CHAR : .;

fragment DIGITS : [0-9]+;
fragment HEX    : [0-9a-fA-F];

// ---------------------------------------------------------------------------------------------
// Inside "...": text, escapes and interpolations.
mode STRING;

STR_CLOSE      : '"' { closeInnermost(); } -> popMode;
STR_TEXT       : ~["\\$%\n]+;
STR_ESCAPE     : '\\' ([nrt"\\] | 'u' HEX HEX HEX HEX | 'U' HEX HEX HEX HEX HEX HEX HEX HEX);
STR_BAD_ESCAPE : '\\' ~[\r\n]? -> channel(ERRORS);
STR_LITERAL    : '$${' | '%%{';
STR_INTERP     : '${' '~'? { openInterpolation(); };
STR_DOLLAR     : [$%];
STR_NEWLINE    : '\n' { newlineInString(); };

// ---------------------------------------------------------------------------------------------
// Heredoc lines (also the whole input of a template file): no backslash escapes.
mode HEREDOC;

HD_INTERP  : '${' '~'? { openInterpolation(); };
HD_LITERAL : '$${' | '%%{';
HD_TEXT    : ~[$%\n]+ { checkHeredocEnd(); };
HD_DOLLAR  : [$%];
HD_NEWLINE : '\n';
