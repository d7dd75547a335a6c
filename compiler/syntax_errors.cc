#include "compiler/syntax_errors.h"

#include <fmt/format.h>

#include "Mesh.h"
#include "MeshLexer.h"

namespace mesh {

using G = meshgrammar::Mesh;

namespace {

/// The innermost bracket that is open where the parser stopped: what it is, the token that
/// opened it, and the token that would close it.
struct OpenBracket {
  std::string what;
  antlr4::Token* opener = nullptr;
  const char* closer = "";
};

antlr4::Token* open_unclosed(antlr4::tree::TerminalNode* open, antlr4::tree::TerminalNode* close) {
  if (!open || close) return nullptr;
  return open->getSymbol();
}

OpenBracket innermost_open(antlr4::ParserRuleContext* context, const SyntaxReporter& reporter) {
  for (auto* c = context; c; c = dynamic_cast<antlr4::ParserRuleContext*>(c->parent)) {
    OpenBracket b;
    if (auto* x = dynamic_cast<G::BlockContext*>(c)) {
      b.opener = open_unclosed(x->LBRACE(), x->RBRACE());
      std::string type = x->key ? std::string(reporter.text(x->key)) : "";
      b.what = "block `" + type + "`";
      b.closer = "}";
    } else if (auto* x = dynamic_cast<G::ObjectContext*>(c)) {
      b.opener = open_unclosed(x->LBRACE(), x->RBRACE());
      b.what = "object";
      b.closer = "}";
    } else if (auto* x = dynamic_cast<G::ForObjectContext*>(c)) {
      b.opener = open_unclosed(x->LBRACE(), x->RBRACE());
      b.what = "`for` expression";
      b.closer = "}";
    } else if (auto* x = dynamic_cast<G::TupleContext*>(c)) {
      b.opener = open_unclosed(x->LBRACK(), x->RBRACK());
      b.what = "list";
      b.closer = "]";
    } else if (auto* x = dynamic_cast<G::ForTupleContext*>(c)) {
      b.opener = open_unclosed(x->LBRACK(), x->RBRACK());
      b.what = "`for` expression";
      b.closer = "]";
    } else if (auto* x = dynamic_cast<G::IndexExprContext*>(c)) {
      b.opener = open_unclosed(x->LBRACK(), x->RBRACK());
      b.what = "index";
      b.closer = "]";
    } else if (auto* x = dynamic_cast<G::CallContext*>(c)) {
      b.opener = open_unclosed(x->LPAREN(), x->RPAREN());
      b.what = "call to `" + (x->ID() ? x->ID()->getText() : std::string()) + "`";
      b.closer = ")";
    } else if (auto* x = dynamic_cast<G::ParenContext*>(c)) {
      b.opener = open_unclosed(x->LPAREN(), x->RPAREN());
      b.what = "parenthesis";
      b.closer = ")";
    } else if (auto* x = dynamic_cast<G::ObjectKeyContext*>(c)) {
      b.opener = open_unclosed(x->LPAREN(), x->RPAREN());
      b.what = "parenthesis";
      b.closer = ")";
    } else if (auto* x = dynamic_cast<G::InterpolationContext*>(c)) {
      if (!x->INTERP_CLOSE() && !x->INTERP_CLOSE_STRIP())
        b.opener = x->STR_INTERP() ? x->STR_INTERP()->getSymbol()
                                   : (x->HD_INTERP() ? x->HD_INTERP()->getSymbol() : nullptr);
      b.what = "interpolation";
      b.closer = "}";
    }
    if (b.opener) return b;
  }
  return {};
}

bool is_expression_start(size_t type) {
  switch (type) {
    case G::NUMBER:
    case G::DURATION:
    case G::KW_TRUE:
    case G::KW_FALSE:
    case G::KW_NULL:
    case G::STR_OPEN:
    case G::HEREDOC_START:
    case G::ID:
    case G::LBRACK:
    case G::LBRACE:
    case G::LPAREN:
    case G::MINUS:
    case G::BANG:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string describe_token(const antlr4::Token* token, std::string_view text) {
  constexpr size_t kMaxShown = 24;
  std::string shown(text.substr(0, kMaxShown));
  if (text.size() > kMaxShown) shown += "...";
  switch (token->getType()) {
    case antlr4::Token::EOF:
      return "end of file";
    case G::NUMBER:
      return "number `" + shown + "`";
    case G::DURATION:
      return "duration `" + shown + "`";
    case G::STR_OPEN:
      return "string";
    case G::HEREDOC_START:
      return "heredoc";
    case G::STR_CLOSE:
      return "end of string";
    case G::HD_TEXT:
    case G::STR_TEXT:
      return "text `" + shown + "`";
    case G::HD_NEWLINE:
      return "newline";
    default:
      return "`" + shown + "`";
  }
}

std::string describe_expected(const antlr4::misc::IntervalSet& set) {
  auto has = [&](size_t type) { return set.contains(type); };
  std::vector<std::string> items;
  bool expression = has(G::NUMBER) && has(G::LPAREN);
  if (expression) {
    items.push_back("an expression");
  } else {
    if (has(G::ID)) items.push_back("a name");
    if (has(G::STR_OPEN)) items.push_back("a string");
  }
  // Punctuation worth naming; binary operators are left out (they are always possible after an
  // operand and only add noise).
  static const std::pair<size_t, const char*> kPunctuation[] = {
      {G::EQ, "="},    {G::LBRACE, "{"}, {G::RBRACE, "}"}, {G::RBRACK, "]"}, {G::RPAREN, ")"},
      {G::COMMA, ","}, {G::COLON, ":"},  {G::ARROW, "=>"}, {G::KW_IN, "in"}, {G::INTERP_CLOSE, "}"},
  };
  for (auto [type, text] : kPunctuation) {
    if (!has(type)) continue;
    if (type == G::KW_IN && has(G::ID)) continue;  // `in` is also a name
    if (expression && is_expression_start(type)) continue;
    std::string item = std::string("`") + text + "`";
    if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
  }
  if (items.empty() && has(antlr4::Token::EOF)) items.push_back("end of file");
  if (items.empty()) return "";
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

namespace {

/// Whether a lexical error (a token set aside on the error channel) sits right before
/// `offending`: the lexer already explained what went wrong there.
bool follows_lexical_error(antlr4::Parser* parser, antlr4::Token* offending) {
  antlr4::TokenStream* tokens = parser->getTokenStream();
  size_t index = offending->getTokenIndex();
  if (index == INVALID_INDEX) return false;
  while (index-- > 0) {
    antlr4::Token* t = tokens->get(index);
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return false;
    if (t->getChannel() == meshgrammar::MeshLexer::ERRORS) return true;
  }
  return false;
}

}  // namespace

void SyntaxErrorStrategy::report(antlr4::Parser* parser, antlr4::Token* offending,
                                 const antlr4::misc::IntervalSet& expected) {
  bool at_eof = offending->getType() == antlr4::Token::EOF;
  if (at_eof && reporter_.eof_explained) return;
  if (follows_lexical_error(parser, offending)) return;
  size_t type = offending->getType();
  if (type == G::BAD_CHAR || type == G::BAD_HEREDOC || type == G::BAD_STRING)
    return;  // reported by the driver
  // `a =` with nothing after it on the line: newlines do not end attributes in the grammar,
  // so the parser took the next line's name as the value and stumbles on its `=`.
  if (type == G::EQ && offending->getTokenIndex() >= 2) {
    antlr4::TokenStream* tokens = parser->getTokenStream();
    size_t i = offending->getTokenIndex();
    antlr4::Token* name = nullptr;
    antlr4::Token* assign = nullptr;
    while (i-- > 0) {
      antlr4::Token* t = tokens->get(i);
      if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
      if (!name) {
        name = t;
        continue;
      }
      assign = t;
      break;
    }
    if (name && assign && assign->getType() == G::EQ && assign->getLine() < name->getLine()) {
      reporter_.error(reporter_.range(assign), "expected a value after `=`");
      return;
    }
  }
  SourceRange where = reporter_.range(offending);
  OpenBracket open = innermost_open(parser->getContext(), reporter_);
  std::string wanted = describe_expected(expected);
  if (wanted.empty()) wanted = describe_expected(parser->getExpectedTokens());
  std::string closer = std::string("`") + open.closer + "`";
  std::string opened = open.opener ? fmt::format("{} to close {} opened at line {}", closer,
                                                 open.what, open.opener->getLine())
                                   : "";
  std::string unexpected = "unexpected " + describe_token(offending, reporter_.text(offending));
  std::string message;
  if (open.opener && at_eof)
    message = "expected " + opened;
  else if (open.opener && wanted == closer)
    message = unexpected + "; expected " + opened;
  else
    message = unexpected + (wanted.empty() ? "" : "; expected " + wanted);
  Diagnostic& d = reporter_.error(where, message);
  if (open.opener && (at_eof || wanted == closer))
    d.notes.push_back({open.what + " opened here", reporter_.range(open.opener)});
}

void SyntaxErrorStrategy::reportNoViableAlternative(antlr4::Parser* parser,
                                                    const antlr4::NoViableAltException& e) {
  // The expected set belongs to where the decision started; past its first token it would name
  // the wrong things. After a name in a body, say what can follow a name there.
  antlr4::Token* start = e.getStartToken();
  antlr4::Token* offending = e.getOffendingToken();
  // End of input right after an opening bracket whose alternative was still undecided
  // (`{` could start an object or a `for`): the bracket is what is unclosed.
  if (start && offending->getType() == antlr4::Token::EOF && !reporter_.eof_explained &&
      (start->getType() == G::LBRACE || start->getType() == G::LBRACK ||
       start->getType() == G::LPAREN)) {
    size_t t = start->getType();
    const char* closer = t == G::LBRACE ? "}" : t == G::LBRACK ? "]" : ")";
    std::string what = t == G::LBRACE ? "object" : t == G::LBRACK ? "list" : "parenthesis";
    Diagnostic& d = reporter_.error(
        reporter_.range(offending),
        fmt::format("expected `{}` to close {} opened at line {}", closer, what, start->getLine()));
    d.notes.push_back({what + " opened here", reporter_.range(start)});
    return;
  }
  if (start && start->getTokenIndex() != offending->getTokenIndex()) {
    antlr4::RuleContext* c = parser->getContext();
    bool in_body = dynamic_cast<G::BodyItemContext*>(c) || dynamic_cast<G::TopItemContext*>(c) ||
                   dynamic_cast<G::BodyContext*>(c);
    antlr4::misc::IntervalSet set;
    if (in_body) {
      set.add(G::EQ);
      set.add(G::LBRACE);
    }
    report(parser, offending, set);
    return;
  }
  report(parser, offending, e.getExpectedTokens());
}

void SyntaxErrorStrategy::reportInputMismatch(antlr4::Parser* parser,
                                              const antlr4::InputMismatchException& e) {
  report(parser, e.getOffendingToken(), e.getExpectedTokens());
}

void SyntaxErrorStrategy::reportFailedPredicate(antlr4::Parser* parser,
                                                const antlr4::FailedPredicateException& e) {
  report(parser, e.getOffendingToken(), e.getExpectedTokens());
}

void SyntaxErrorStrategy::reportUnwantedToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  report(parser, parser->getCurrentToken(), getExpectedTokens(parser));
}

void SyntaxErrorStrategy::reportMissingToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  report(parser, parser->getCurrentToken(), getExpectedTokens(parser));
}

}  // namespace mesh
