#include "compiler/fast_parser.h"

#include <algorithm>

#include "MeshLexer.h"
#include "compiler/fast_lexer.h"
#include "compiler/literals.h"
#include "compiler/nesting.h"
#include "compiler/tokens.h"

namespace mesh {

namespace {

using L = meshgrammar::MeshLexer;

/// Thrown to abandon the fast parse; the caller falls back to the ANTLR parser.
struct GiveUp {};

[[noreturn]] void give_up() {
  throw GiveUp{};
}

/// Precedence of the operators of `expr` in grammar/Mesh.g4, loosest first. Postfix operators
/// (`.name`, `[i]`, `[*]`, `.*`) bind tighter than all of these and always apply.
enum Precedence : int {
  kAny = 0,
  kConditional = 1,
  kOr = 2,
  kAnd = 3,
  kEquality = 4,
  kComparison = 5,
  kAdditive = 6,
  kMultiplicative = 7,
  kUnary = 8,
};

/// The precedence of a binary operator token, or 0 when `type` is not one.
int binary_precedence(uint16_t type, ast::BinaryOp* op) {
  switch (type) {
    case L::OR:
      *op = ast::BinaryOp::Or;
      return kOr;
    case L::AND:
      *op = ast::BinaryOp::And;
      return kAnd;
    case L::EQEQ:
      *op = ast::BinaryOp::Eq;
      return kEquality;
    case L::NEQ:
      *op = ast::BinaryOp::Ne;
      return kEquality;
    case L::LT:
      *op = ast::BinaryOp::Lt;
      return kComparison;
    case L::LE:
      *op = ast::BinaryOp::Le;
      return kComparison;
    case L::GT:
      *op = ast::BinaryOp::Gt;
      return kComparison;
    case L::GE:
      *op = ast::BinaryOp::Ge;
      return kComparison;
    case L::PLUS:
      *op = ast::BinaryOp::Add;
      return kAdditive;
    case L::MINUS:
      *op = ast::BinaryOp::Sub;
      return kAdditive;
    case L::STAR:
      *op = ast::BinaryOp::Mul;
      return kMultiplicative;
    case L::SLASH:
      *op = ast::BinaryOp::Div;
      return kMultiplicative;
    case L::PERCENT:
      *op = ast::BinaryOp::Mod;
      return kMultiplicative;
    default:
      return 0;
  }
}

template <typename T>
std::unique_ptr<T> node(SourceRange range) {
  auto n = std::make_unique<T>();
  n->range = range;
  return n;
}

/// An expression with the tokens it spans and the depth of the parse tree the ANTLR parser
/// would build for it (the AST builder refuses trees deeper than `4 × max_nesting`).
struct Parsed {
  ast::ExprPtr expr;
  uint32_t first;  ///< index of its first lexeme
  uint32_t last;   ///< index of its last lexeme
  uint32_t depth;  ///< nested `expr` contexts
};

class FastParser {
 public:
  FastParser(std::string_view text, const std::vector<Lexeme>& lexemes, FileId file,
             const ParseLimits& limits)
      : text_(text), lexemes_(lexemes), file_(file), max_depth_(limits.max_nesting * 4) {}

  /// Picks the default-channel lexemes, collects comments and checks nesting.
  void prepare(ast::File& out, uint32_t max_nesting) {
    NestingCheck nesting(max_nesting);
    code_.reserve(lexemes_.size());
    for (uint32_t i = 0, n = static_cast<uint32_t>(lexemes_.size()); i < n; ++i) {
      const Lexeme& x = lexemes_[i];
      if (x.channel == L::COMMENTS) {
        out.comments.push_back(ast::Comment{std::string(text(x)), range(i, i)});
        continue;
      }
      if (x.channel != 0) give_up();
      if (x.type != Lexeme::kEof && !nesting.add(x.type)) give_up();
      code_.push_back(i);
    }
    if (code_.empty() || lexemes_[code_.back()].type != Lexeme::kEof) give_up();
  }

  void parse_file(ast::File& out) {
    Separation top;
    while (la() != Lexeme::kEof) {
      if (la() == L::KW_IMPORT && la(1) == L::STR_OPEN) {
        parse_import(out, top);
      } else if (is_name_token(la())) {
        parse_body_item(out.body, top);
      } else {
        give_up();
      }
    }
  }

 private:
  /// Where the previous item of a body or object ended: items sharing a line need a comma.
  struct Separation {
    bool has_previous = false;
    bool previous_comma = false;
    uint32_t previous_end_line = 0;
  };

  // --- Lexemes and positions ---------------------------------------------------------------

  uint16_t la(size_t k = 0) const {
    size_t i = std::min(p_ + k, code_.size() - 1);
    return lexemes_[code_[i]].type;
  }
  /// Consumes the current lexeme (never the final EOF) and returns its index.
  uint32_t consume() {
    uint32_t i = code_[p_];
    if (p_ + 1 < code_.size()) ++p_;
    return i;
  }
  uint32_t expect(uint16_t type) {
    if (la() != type) give_up();
    return consume();
  }
  std::string_view text(const Lexeme& x) const { return text_.substr(x.start, x.length); }
  std::string_view text(uint32_t i) const { return text(lexemes_[i]); }

  SourcePos begin(uint32_t i) const {
    const Lexeme& x = lexemes_[i];
    return SourcePos{x.line, x.column + 1};
  }
  /// As SyntaxReporter::end: the position just past the lexeme's last byte.
  SourcePos end(uint32_t i) const { return token_end(begin(i), text(i)); }
  SourceRange range(uint32_t first, uint32_t last) const {
    SourceRange r;
    r.file = file_;
    r.begin = begin(first);
    r.end = end(last >= first ? last : first);
    return r;
  }

  void separate(Separation& s, uint32_t first, uint32_t last, bool comma) const {
    if (s.has_previous && !s.previous_comma && lexemes_[first].line == s.previous_end_line)
      give_up();
    s.has_previous = true;
    s.previous_comma = comma;
    s.previous_end_line = end(last).line;
  }

  uint32_t check_depth(uint32_t depth) const {
    if (depth > max_depth_) give_up();
    return depth;
  }

  // --- Structure -------------------------------------------------------------------------

  void parse_import(ast::File& out, Separation& top) {
    ast::Import i;
    uint32_t first = consume();  // `import`
    uint32_t path_first = p_index();
    Parsed path = parse_quoted();
    if (path.expr->kind != ast::ExprKind::String) give_up();
    i.path = std::move(static_cast<ast::StringExpr&>(*path.expr).value);
    i.path_range = range(path_first, path.last);
    uint32_t last = path.last;
    if (la() == L::KW_AS) {
      if (!is_name_token(la(1))) give_up();
      consume();
      last = consume();
      i.alias = std::string(text(last));
      i.alias_range = range(last, last);
    }
    bool comma = la() == L::COMMA;
    if (comma) last = consume();
    separate(top, first, last, comma);
    i.range = range(first, last);
    out.imports.push_back(std::move(i));
  }

  uint32_t p_index() const { return code_[p_]; }

  void parse_body_item(ast::Body& body, Separation& separation) {
    uint32_t key = consume();
    uint32_t last;
    if (la() == L::EQ) {
      consume();
      Parsed value = parse_expr(kAny);
      ast::Attribute a;
      a.name = std::string(text(key));
      a.name_range = range(key, key);
      a.range = range(key, value.last);
      a.value = std::move(value.expr);
      last = value.last;
      body.order.push_back({false, static_cast<uint32_t>(body.attributes.size())});
      body.attributes.push_back(std::move(a));
    } else {
      ast::Block b;
      b.type = std::string(text(key));
      b.type_range = range(key, key);
      while (la() != L::LBRACE) {
        ast::Label label;
        if (la() == L::STR_OPEN) {
          uint32_t label_first = p_index();
          Parsed q = parse_quoted();
          if (q.expr->kind != ast::ExprKind::String) give_up();
          label.value = std::move(static_cast<ast::StringExpr&>(*q.expr).value);
          label.range = range(label_first, q.last);
        } else if (is_name_token(la())) {
          uint32_t t = consume();
          label.value = std::string(text(t));
          label.quoted = false;
          label.range = range(t, t);
        } else {
          give_up();
        }
        b.labels.push_back(std::move(label));
      }
      uint32_t open = consume();
      Separation inner;
      while (la() != L::RBRACE) {
        if (!is_name_token(la())) give_up();
        parse_body_item(b.body, inner);
      }
      last = consume();
      b.body.range = range(open, last);
      b.range = range(key, last);
      body.order.push_back({true, static_cast<uint32_t>(body.blocks.size())});
      body.blocks.push_back(std::move(b));
    }
    bool comma = la() == L::COMMA;
    if (comma) last = consume();
    separate(separation, key, last, comma);
  }

  // --- Expressions -----------------------------------------------------------------------

  Parsed parse_expr(int min) {
    Parsed lhs;
    if (la() == L::MINUS || la() == L::BANG) {
      uint32_t op = consume();
      Parsed operand = parse_expr(kUnary);
      auto n = node<ast::UnaryExpr>(range(op, operand.last));
      n->op = lexemes_[op].type == L::BANG ? ast::UnaryOp::Not : ast::UnaryOp::Negate;
      n->operand = std::move(operand.expr);
      lhs = Parsed{std::move(n), op, operand.last, check_depth(operand.depth + 1)};
    } else {
      lhs = parse_primary();
    }
    for (;;) {
      uint16_t t = la();
      if (t == L::DOT) {
        lhs = parse_dot(std::move(lhs));
        continue;
      }
      if (t == L::LBRACK) {
        lhs = parse_bracket(std::move(lhs));
        continue;
      }
      ast::BinaryOp op;
      int precedence = binary_precedence(t, &op);
      if (precedence > 0 && precedence >= min) {
        uint32_t op_token = consume();
        Parsed rhs = parse_expr(precedence + 1);  // left-associative
        auto n = node<ast::BinaryExpr>(range(lhs.first, rhs.last));
        n->op = op;
        n->op_range = range(op_token, op_token);
        n->lhs = std::move(lhs.expr);
        n->rhs = std::move(rhs.expr);
        uint32_t depth = check_depth(std::max(lhs.depth, rhs.depth) + 1);
        lhs = Parsed{std::move(n), lhs.first, rhs.last, depth};
        continue;
      }
      if (t == L::QUESTION && kConditional >= min) {
        consume();
        Parsed then_value = parse_expr(kAny);
        expect(L::COLON);
        Parsed else_value = parse_expr(kConditional);  // right-associative
        auto n = node<ast::ConditionalExpr>(range(lhs.first, else_value.last));
        uint32_t depth = check_depth(std::max({lhs.depth, then_value.depth, else_value.depth}) + 1);
        n->condition = std::move(lhs.expr);
        n->then_value = std::move(then_value.expr);
        n->else_value = std::move(else_value.expr);
        lhs = Parsed{std::move(n), lhs.first, else_value.last, depth};
        continue;
      }
      return lhs;
    }
  }

  /// `.name` or `.*` after `lhs`; attribute steps after a splat extend the splat.
  Parsed parse_dot(Parsed lhs) {
    consume();  // `.`
    uint32_t depth = check_depth(lhs.depth + 1);
    if (la() == L::STAR) {
      uint32_t star = consume();
      auto n = node<ast::SplatExpr>(range(lhs.first, star));
      n->source = std::move(lhs.expr);
      return Parsed{std::move(n), lhs.first, star, depth};
    }
    if (!is_name_token(la())) give_up();
    uint32_t key = consume();
    SourceRange whole = range(lhs.first, key);
    if (lhs.expr->kind == ast::ExprKind::Splat) {
      auto& splat = static_cast<ast::SplatExpr&>(*lhs.expr);
      splat.each.push_back(ast::Traversal{std::string(text(key)), nullptr, range(key, key)});
      splat.range = whole;
      return Parsed{std::move(lhs.expr), lhs.first, key, depth};
    }
    auto n = node<ast::GetAttrExpr>(whole);
    n->object = std::move(lhs.expr);
    n->name = std::string(text(key));
    n->name_range = range(key, key);
    return Parsed{std::move(n), lhs.first, key, depth};
  }

  /// `[*]` or `[key]` after `lhs`; index steps after a splat extend the splat.
  Parsed parse_bracket(Parsed lhs) {
    uint32_t open = consume();  // `[`
    if (la() == L::STAR && la(1) == L::RBRACK) {
      consume();
      uint32_t close = consume();
      auto n = node<ast::SplatExpr>(range(lhs.first, close));
      n->source = std::move(lhs.expr);
      return Parsed{std::move(n), lhs.first, close, check_depth(lhs.depth + 1)};
    }
    Parsed key = parse_expr(kAny);
    uint32_t close = expect(L::RBRACK);
    uint32_t depth = check_depth(std::max(lhs.depth, key.depth) + 1);
    SourceRange whole = range(lhs.first, close);
    if (lhs.expr->kind == ast::ExprKind::Splat) {
      auto& splat = static_cast<ast::SplatExpr&>(*lhs.expr);
      splat.each.push_back(ast::Traversal{"", std::move(key.expr), range(open, close)});
      splat.range = whole;
      return Parsed{std::move(lhs.expr), lhs.first, close, depth};
    }
    auto n = node<ast::IndexExpr>(whole);
    n->collection = std::move(lhs.expr);
    n->key = std::move(key.expr);
    return Parsed{std::move(n), lhs.first, close, depth};
  }

  Parsed parse_primary() {
    uint32_t first = p_index();
    switch (la()) {
      case L::NUMBER: {
        consume();
        auto n = node<ast::NumberExpr>(range(first, first));
        n->text = std::string(text(first));
        return Parsed{std::move(n), first, first, 1};
      }
      case L::DURATION: {
        consume();
        auto n = node<ast::DurationExpr>(range(first, first));
        n->text = std::string(text(first));
        if (!duration_milliseconds(n->text, n->milliseconds)) give_up();
        return Parsed{std::move(n), first, first, 1};
      }
      case L::KW_TRUE:
      case L::KW_FALSE: {
        consume();
        auto n = node<ast::BoolExpr>(range(first, first));
        n->value = lexemes_[first].type == L::KW_TRUE;
        return Parsed{std::move(n), first, first, 1};
      }
      case L::KW_NULL:
        consume();
        return Parsed{node<ast::NullExpr>(range(first, first)), first, first, 1};
      case L::STR_OPEN:
        return parse_quoted();
      case L::HEREDOC_START:
        return parse_heredoc();
      case L::ID:
        if (la(1) == L::LPAREN) return parse_call();
        {
          consume();
          auto n = node<ast::VariableExpr>(range(first, first));
          n->name = std::string(text(first));
          return Parsed{std::move(n), first, first, 1};
        }
      case L::LBRACK:
        if (la(1) == L::KW_FOR) return parse_for(false);
        return parse_tuple();
      case L::LBRACE:
        // `{ for = 1 }` is an object whose key is `for`.
        if (la(1) == L::KW_FOR && la(2) != L::EQ && la(2) != L::COLON) return parse_for(true);
        return parse_object();
      case L::LPAREN: {
        consume();
        Parsed inner = parse_expr(kAny);
        uint32_t close = expect(L::RPAREN);
        auto n = node<ast::ParenExpr>(range(first, close));
        n->inner = std::move(inner.expr);
        return Parsed{std::move(n), first, close, check_depth(inner.depth + 1)};
      }
      default:
        give_up();
    }
  }

  Parsed parse_call() {
    uint32_t name = consume();
    consume();  // `(`
    auto n = std::make_unique<ast::CallExpr>();
    n->name = std::string(text(name));
    n->name_range = range(name, name);
    uint32_t depth = 1;
    if (la() != L::RPAREN) {
      for (;;) {
        Parsed arg = parse_expr(kAny);
        depth = std::max(depth, arg.depth + 1);
        n->args.push_back(std::move(arg.expr));
        if (la() == L::ELLIPSIS) {
          consume();
          n->expand_last = true;
          if (la() == L::COMMA) consume();
          break;
        }
        if (la() != L::COMMA) break;
        consume();
        if (la() == L::RPAREN) break;
      }
    }
    uint32_t close = expect(L::RPAREN);
    n->range = range(name, close);
    return Parsed{std::move(n), name, close, check_depth(depth)};
  }

  Parsed parse_tuple() {
    uint32_t open = consume();
    auto n = std::make_unique<ast::TupleExpr>();
    uint32_t depth = 1;
    if (la() != L::RBRACK) {
      for (;;) {
        Parsed item = parse_expr(kAny);
        depth = std::max(depth, item.depth + 1);
        n->items.push_back(std::move(item.expr));
        if (la() != L::COMMA) break;
        consume();
        if (la() == L::RBRACK) break;
      }
    }
    uint32_t close = expect(L::RBRACK);
    n->range = range(open, close);
    return Parsed{std::move(n), open, close, check_depth(depth)};
  }

  /// `[for … : v if c]` and `{for … : k => v... if c}`.
  Parsed parse_for(bool object_result) {
    uint32_t open = consume();
    consume();  // `for`
    auto n = std::make_unique<ast::ForExpr>();
    n->object_result = object_result;
    if (!is_name_token(la())) give_up();
    uint32_t first_name = consume();
    if (la() == L::COMMA) {
      consume();
      if (!is_name_token(la())) give_up();
      n->key_var = std::string(text(first_name));
      n->value_var = std::string(text(consume()));
    } else {
      n->value_var = std::string(text(first_name));
    }
    expect(L::KW_IN);
    Parsed collection = parse_expr(kAny);
    uint32_t depth = collection.depth + 1;
    n->collection = std::move(collection.expr);
    expect(L::COLON);
    if (object_result) {
      Parsed key = parse_expr(kAny);
      depth = std::max(depth, key.depth + 1);
      n->key = std::move(key.expr);
      expect(L::ARROW);
    }
    Parsed value = parse_expr(kAny);
    depth = std::max(depth, value.depth + 1);
    n->value = std::move(value.expr);
    if (object_result && la() == L::ELLIPSIS) {
      consume();
      n->grouping = true;
    }
    if (la() == L::KW_IF) {
      consume();
      Parsed condition = parse_expr(kAny);
      depth = std::max(depth, condition.depth + 1);
      n->condition = std::move(condition.expr);
    }
    uint32_t close = expect(object_result ? L::RBRACE : L::RBRACK);
    n->range = range(open, close);
    return Parsed{std::move(n), open, close, check_depth(depth)};
  }

  Parsed parse_object() {
    uint32_t open = consume();
    auto n = std::make_unique<ast::ObjectExpr>();
    uint32_t depth = 1;
    Separation separation;
    while (la() != L::RBRACE) {
      uint32_t first = p_index();
      ast::ObjectItem item;
      if (is_name_token(la())) {
        consume();
        auto key = node<ast::StringExpr>(range(first, first));
        key->value = std::string(text(first));
        item.key = std::move(key);
        item.bare_key = true;
      } else if (la() == L::STR_OPEN) {
        Parsed key = parse_quoted();
        depth = std::max(depth, key.depth + 1);
        item.key = std::move(key.expr);
      } else if (la() == L::LPAREN) {
        consume();
        Parsed inner = parse_expr(kAny);
        uint32_t close = expect(L::RPAREN);
        depth = std::max(depth, inner.depth + 1);
        auto key = node<ast::ParenExpr>(range(first, close));
        key->inner = std::move(inner.expr);
        item.key = std::move(key);
      } else {
        give_up();
      }
      if (la() != L::EQ && la() != L::COLON) give_up();
      consume();
      Parsed value = parse_expr(kAny);
      depth = std::max(depth, value.depth + 1);
      item.value = std::move(value.expr);
      uint32_t last = value.last;
      bool comma = la() == L::COMMA;
      if (comma) last = consume();
      separate(separation, first, last, comma);
      item.range = range(first, last);
      n->items.push_back(std::move(item));
    }
    uint32_t close = consume();
    n->range = range(open, close);
    return Parsed{std::move(n), open, close, check_depth(depth)};
  }

  // --- Strings ---------------------------------------------------------------------------

  /// `${ expr }` inside a string or heredoc; returns the expression's depth.
  uint32_t parse_interpolation(Parts& parts) {
    uint32_t open = consume();
    bool strip_left = lexemes_[open].length == 3;  // `${~`
    Parsed e = parse_expr(kAny);
    bool strip_right = false;
    if (la() == L::INTERP_CLOSE) {
      // strip_right stays false
    } else if (la() == L::INTERP_CLOSE_STRIP) {
      strip_right = true;
    } else {
      give_up();
    }
    consume();
    parts.interpolation(std::move(e.expr), strip_left, strip_right);
    return e.depth;
  }

  Parsed parse_quoted() {
    uint32_t open = expect(L::STR_OPEN);
    Parts parts;
    uint32_t depth = 1;
    for (;;) {
      switch (la()) {
        case L::STR_TEXT:
        case L::STR_DOLLAR:
          parts.text(text(consume()));
          break;
        case L::STR_LITERAL:
          parts.text(text(consume()).substr(1));
          break;
        case L::STR_ESCAPE:
          if (!decode_escape(text(consume()), parts)) give_up();
          break;
        case L::STR_INTERP:
          depth = std::max(depth, parse_interpolation(parts) + 1);
          break;
        case L::STR_CLOSE: {
          uint32_t close = consume();
          return Parsed{parts.finish(range(open, close), false, "", false), open, close,
                        check_depth(depth)};
        }
        default:
          give_up();
      }
    }
  }

  Parsed parse_heredoc() {
    uint32_t open = consume();
    Parts parts;
    uint32_t depth = 1;
    for (;;) {
      switch (la()) {
        case L::HD_TEXT:
        case L::HD_NEWLINE:
        case L::HD_DOLLAR:
          parts.text(text(consume()));
          break;
        case L::HD_LITERAL:
          parts.text(text(consume()).substr(1));
          break;
        case L::HD_INTERP:
          depth = std::max(depth, parse_interpolation(parts) + 1);
          break;
        case L::HEREDOC_END: {
          uint32_t close = consume();
          bool indented = false;
          std::string marker = heredoc_marker(text(open), &indented);
          if (indented) parts.strip_indentation();
          return Parsed{parts.finish(range(open, close), true, std::move(marker), indented), open,
                        close, check_depth(depth)};
        }
        default:
          give_up();
      }
    }
  }

  std::string_view text_;
  const std::vector<Lexeme>& lexemes_;
  FileId file_;
  uint32_t max_depth_;
  std::vector<uint32_t> code_;  ///< indices of the default-channel lexemes, ending with EOF
  size_t p_ = 0;                ///< position in code_
};

/// Whether every byte of `text` belongs to valid UTF-8 (the ANTLR path reports the others).
bool valid_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = utf8_sequence(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

}  // namespace

std::unique_ptr<ast::File> fast_parse_file(std::string_view text, uint32_t first_line, FileId file,
                                           const ParseLimits& limits) {
  if (!valid_utf8(text)) return nullptr;
  FastLexer lexer(nullptr, text, first_line);
  if (!lexer.run()) return nullptr;
  auto out = std::make_unique<ast::File>();
  out->file = file;
  try {
    FastParser parser(text, lexer.lexemes(), file, limits);
    parser.prepare(*out, limits.max_nesting);
    parser.parse_file(*out);
  } catch (const GiveUp&) {
    return nullptr;
  }
  return out;
}

}  // namespace mesh
