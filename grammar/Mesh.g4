// The mesh language (DESIGN.md §3). Tokens come from MeshLexer.g4.
//
// The grammar ignores newlines: no item of a body or an object starts with an operator, `(`,
// `[` or `.`, so where one item ends and the next begins is never ambiguous. "One item per line
// unless separated by a comma" is checked by the AST builder, which reports it with a location.
//
// The driver parses a file one top-level item at a time (`topItem`) and drops each parse tree
// after converting it, so memory stays flat on large configurations.
parser grammar Mesh;

options { tokenVocab = MeshLexer; }

// Entry points -------------------------------------------------------------------------------

file         : topItem* EOF;
topItem      : importDecl | bodyItem;
exprFile     : expr EOF;
templateFile : (HD_TEXT | HD_NEWLINE | HD_LITERAL | HD_DOLLAR | interpolation)* EOF;

// Structure ----------------------------------------------------------------------------------

importDecl : KW_IMPORT quoted (KW_AS name)? COMMA?;

body     : bodyItem*;
bodyItem : (attribute | block) COMMA?;

// The hot rules take their name as a token (`key=`), not through `name`: one parse-tree node
// less per attribute, block and attribute access.
attribute : key=(ID | KW_IMPORT | KW_AS | KW_FOR | KW_IN | KW_IF | KW_TRUE | KW_FALSE | KW_NULL) EQ expr;
block     : key=(ID | KW_IMPORT | KW_AS | KW_FOR | KW_IN | KW_IF | KW_TRUE | KW_FALSE | KW_NULL) label* LBRACE body RBRACE;
label     : quoted | name;

/// Keywords are only reserved where they would be ambiguous (inside expressions).
name : ID | KW_IMPORT | KW_AS | KW_FOR | KW_IN | KW_IF | KW_TRUE | KW_FALSE | KW_NULL;

// Expressions, tightest first; literals and brackets are alternatives of `expr` itself ----------------------------------------------------------------

expr
  : expr DOT key=(ID | KW_IMPORT | KW_AS | KW_FOR | KW_IN | KW_IF | KW_TRUE | KW_FALSE | KW_NULL)  # getAttrExpr
  | expr DOT STAR                                      # legacySplatExpr
  | expr LBRACK STAR RBRACK                            # splatExpr
  | expr LBRACK expr RBRACK                            # indexExpr
  | op=(MINUS | BANG) expr                             # unaryExpr
  | expr op=(STAR | SLASH | PERCENT) expr              # binaryExpr
  | expr op=(PLUS | MINUS) expr                        # binaryExpr
  | expr op=(LT | LE | GT | GE) expr                   # binaryExpr
  | expr op=(EQEQ | NEQ) expr                          # binaryExpr
  | expr op=AND expr                                   # binaryExpr
  | expr op=OR expr                                    # binaryExpr
  | <assoc=right> expr QUESTION expr COLON expr        # conditionalExpr
  | NUMBER                                             # numberLit
  | DURATION                                           # durationLit
  | KW_TRUE                                               # trueLit
  | KW_FALSE                                              # falseLit
  | KW_NULL                                               # nullLit
  | quoted                                             # stringLit
  | heredoc                                            # heredocLit
  | ID LPAREN (expr (COMMA expr)* ELLIPSIS? COMMA?)? RPAREN   # call
  | ID                                                 # variable
  | LBRACK KW_FOR forIntro COLON expr (KW_IF expr)? RBRACK   # forTuple
  | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK         # tuple
  | LBRACE KW_FOR forIntro COLON expr ARROW expr ELLIPSIS? (KW_IF expr)? RBRACE   # forObject
  | LBRACE objectItem* RBRACE                          # object
  | LPAREN expr RPAREN                                 # paren
  | (BAD_CHAR | BAD_HEREDOC | BAD_STRING)              # badToken
  ;


forIntro   : name (COMMA name)? KW_IN expr;
objectItem : objectKey (EQ | COLON) expr COMMA?;
objectKey  : name | quoted | LPAREN expr RPAREN;

// Strings ------------------------------------------------------------------------------------

// Parts are inlined (no rule per part): fewer parse-tree nodes on the hot path.
quoted  : STR_OPEN (STR_TEXT | STR_ESCAPE | STR_LITERAL | STR_DOLLAR | interpolation)* STR_CLOSE;
heredoc : HEREDOC_START (HD_TEXT | HD_NEWLINE | HD_LITERAL | HD_DOLLAR | interpolation)* HEREDOC_END;

interpolation : (STR_INTERP | HD_INTERP) expr (INTERP_CLOSE | INTERP_CLOSE_STRIP);
