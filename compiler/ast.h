#pragma once
/// The mesh AST: what the parser produces and every later compiler pass reads. Plain structs,
/// every node with a source range. The ANTLR parse tree never escapes the parser; this is the
/// only tree the rest of the compiler sees.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/source.h"

namespace mesh::ast {

// ---------------------------------------------------------------------------------------------
// Expressions

enum class ExprKind : uint8_t {
  Null,         ///< null
  Bool,         ///< true / false
  Number,       ///< 42, 3.14, 1e6 (kept as source text: exact decimal)
  Duration,     ///< 90s, 15m, 8h, 7d, 500ms
  String,       ///< a quoted string or heredoc without interpolation (escapes resolved)
  Template,     ///< a quoted string or heredoc with ${...} interpolation
  Variable,     ///< a bare name: var, let, each, self, param, a resource type, a function-less id
  GetAttr,      ///< object.name
  Index,        ///< collection[key]
  Splat,        ///< list[*].a.b
  Call,         ///< name(args...)
  Unary,        ///< -x, !x
  Binary,       ///< a + b, a && b, ...
  Conditional,  ///< c ? a : b
  Tuple,        ///< [a, b]
  Object,       ///< { k = v, "k2" = v2, (expr) = v3 }
  For,          ///< [for x in xs : f(x) if p(x)] and {for k, v in m : k => v}
  Paren,        ///< (expr), kept so the formatter can print it back
};

struct Expr {
  ExprKind kind;
  SourceRange range;
  explicit Expr(ExprKind k) : kind(k) {}
  virtual ~Expr() = default;
};
using ExprPtr = std::unique_ptr<Expr>;

struct NullExpr : Expr {
  NullExpr() : Expr(ExprKind::Null) {}
};

struct BoolExpr : Expr {
  bool value = false;
  BoolExpr() : Expr(ExprKind::Bool) {}
};

struct NumberExpr : Expr {
  std::string text;  ///< exactly as written, e.g. "12.50" or "1e3"
  NumberExpr() : Expr(ExprKind::Number) {}
};

struct DurationExpr : Expr {
  std::string text;          ///< as written, e.g. "8h"
  int64_t milliseconds = 0;  ///< its length
  DurationExpr() : Expr(ExprKind::Duration) {}
};

struct StringExpr : Expr {
  std::string value;              ///< escapes resolved, heredoc indentation stripped
  bool heredoc = false;           ///< written as a heredoc (formatter keeps the form)
  std::string heredoc_marker;     ///< heredocs: the marker, e.g. "EOT"
  bool heredoc_indented = false;  ///< heredocs: `<<-` (indentation stripped)
  StringExpr() : Expr(ExprKind::String) {}
};

/// One piece of an interpolated string: literal text, or an expression (`expr` non-null).
struct TemplatePart {
  std::string literal;
  ExprPtr expr;
  bool strip_left = false;   ///< `${~ ...}` trims whitespace before
  bool strip_right = false;  ///< `${... ~}` trims whitespace after
};

struct TemplateExpr : Expr {
  std::vector<TemplatePart> parts;
  bool heredoc = false;
  std::string heredoc_marker;     ///< heredocs: the marker, e.g. "EOT"
  bool heredoc_indented = false;  ///< heredocs: `<<-` (indentation stripped)
  TemplateExpr() : Expr(ExprKind::Template) {}
};

struct VariableExpr : Expr {
  std::string name;
  VariableExpr() : Expr(ExprKind::Variable) {}
};

struct GetAttrExpr : Expr {
  ExprPtr object;
  std::string name;
  SourceRange name_range;
  GetAttrExpr() : Expr(ExprKind::GetAttr) {}
};

struct IndexExpr : Expr {
  ExprPtr collection;
  ExprPtr key;
  IndexExpr() : Expr(ExprKind::Index) {}
};

/// One step applied to every element by a splat: `.name` or `[key]`.
struct Traversal {
  std::string name;  ///< attribute step when `key` is null
  ExprPtr key;       ///< index step when non-null
  SourceRange range;
};

struct SplatExpr : Expr {
  ExprPtr source;
  std::vector<Traversal> each;  ///< steps after `[*]`
  SplatExpr() : Expr(ExprKind::Splat) {}
};

struct CallExpr : Expr {
  std::string name;
  SourceRange name_range;
  std::vector<ExprPtr> args;
  bool expand_last = false;  ///< f(a, list...)
  CallExpr() : Expr(ExprKind::Call) {}
};

enum class UnaryOp : uint8_t { Negate, Not };

struct UnaryExpr : Expr {
  UnaryOp op = UnaryOp::Negate;
  ExprPtr operand;
  UnaryExpr() : Expr(ExprKind::Unary) {}
};

/// Ordered by precedence groups, loosest first: || ; && ; == != ; < <= > >= ; + - ; * / %
enum class BinaryOp : uint8_t { Or, And, Eq, Ne, Lt, Le, Gt, Ge, Add, Sub, Mul, Div, Mod };

struct BinaryExpr : Expr {
  BinaryOp op = BinaryOp::Add;
  ExprPtr lhs;
  ExprPtr rhs;
  SourceRange op_range;
  BinaryExpr() : Expr(ExprKind::Binary) {}
};

struct ConditionalExpr : Expr {
  ExprPtr condition;
  ExprPtr then_value;
  ExprPtr else_value;
  ConditionalExpr() : Expr(ExprKind::Conditional) {}
};

struct TupleExpr : Expr {
  std::vector<ExprPtr> items;
  TupleExpr() : Expr(ExprKind::Tuple) {}
};

struct ObjectItem {
  /// The key. A bare identifier key (`a = 1`) is a StringExpr with `bare_key` set;
  /// a quoted key is a String/Template expr; `(expr) = v` is any expression.
  ExprPtr key;
  bool bare_key = false;
  ExprPtr value;
  SourceRange range;
};

struct ObjectExpr : Expr {
  std::vector<ObjectItem> items;
  ObjectExpr() : Expr(ExprKind::Object) {}
};

struct ForExpr : Expr {
  bool object_result = false;  ///< `{for ...}` when true, `[for ...]` otherwise
  std::string key_var;         ///< first name of `for k, v in`; empty with one name
  std::string value_var;
  ExprPtr collection;
  ExprPtr key;  ///< object results only: the expression before `=>`
  ExprPtr value;
  ExprPtr condition;      ///< optional `if` clause
  bool grouping = false;  ///< `...` after the value: group values by key
  ForExpr() : Expr(ExprKind::For) {}
};

struct ParenExpr : Expr {
  ExprPtr inner;
  ParenExpr() : Expr(ExprKind::Paren) {}
};

// ---------------------------------------------------------------------------------------------
// Structure

struct Attribute {
  std::string name;
  SourceRange name_range;
  ExprPtr value;
  SourceRange range;
};

struct Label {
  std::string value;   ///< unquoted
  bool quoted = true;  ///< `resource "a" "b"` vs. `output_port orders {`
  SourceRange range;
};

struct Block;

/// Attributes and nested blocks of a block, with their source order kept for the formatter.
struct Body {
  std::vector<Attribute> attributes;
  std::vector<Block> blocks;
  struct Entry {
    bool is_block;
    uint32_t index;  ///< into `blocks` or `attributes`
  };
  std::vector<Entry> order;
  SourceRange range;  ///< from `{` to `}` inclusive
};

struct Block {
  std::string type;  ///< resource, variable, let, output, provider, template, param, block,
                     ///< policy, lifecycle, or a template name used as a block kind
  SourceRange type_range;
  std::vector<Label> labels;
  Body body;
  SourceRange range;
};

/// `import "path"` or `import "path" as name`.
struct Import {
  std::string path;
  SourceRange path_range;
  std::string alias;  ///< empty without `as`
  SourceRange alias_range;
  SourceRange range;
};

/// A comment as written, including its markers (`#`, `//`, `/* */`).
struct Comment {
  std::string text;
  SourceRange range;
};

struct File {
  FileId file = kNoFile;
  std::vector<Import> imports;
  Body body;                      ///< top-level attributes (an error later) and blocks
  std::vector<Comment> comments;  ///< every comment in source order
};

}  // namespace mesh::ast
