#include "compiler/format.h"

#include <algorithm>

namespace mesh {

namespace {

bool before(SourcePos a, SourcePos b) {
  return a.line < b.line || (a.line == b.line && a.column < b.column);
}

std::string indentation(int level) {
  return std::string(static_cast<size_t>(level) * 2, ' ');
}

const char* binary_text(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::Or:
      return "||";
    case ast::BinaryOp::And:
      return "&&";
    case ast::BinaryOp::Eq:
      return "==";
    case ast::BinaryOp::Ne:
      return "!=";
    case ast::BinaryOp::Lt:
      return "<";
    case ast::BinaryOp::Le:
      return "<=";
    case ast::BinaryOp::Gt:
      return ">";
    case ast::BinaryOp::Ge:
      return ">=";
    case ast::BinaryOp::Add:
      return "+";
    case ast::BinaryOp::Sub:
      return "-";
    case ast::BinaryOp::Mul:
      return "*";
    case ast::BinaryOp::Div:
      return "/";
    case ast::BinaryOp::Mod:
      return "%";
  }
  return "?";
}

/// Escapes literal text for a quoted string. `${` and `%{` are doubled so they stay literal; a
/// `$`/`%` right before an interpolation is written as a unicode escape for the same reason.
std::string quote_literal(const std::string& s, bool interpolation_follows) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool next_brace = i + 1 < s.size() && s[i + 1] == '{';
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '$':
      case '%':
        if (next_brace) {
          out += c;
          out += c;
        } else if (i + 1 == s.size() && interpolation_follows) {
          out += c == '$' ? "\\u0024" : "\\u0025";
        } else {
          out += c;
        }
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

/// Heredoc text only escapes the interpolation openers.
std::string heredoc_literal(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if ((s[i] == '$' || s[i] == '%') && i + 1 < s.size() && s[i + 1] == '{') out += s[i];
  }
  return out;
}

bool is_heredoc(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::String) return static_cast<const ast::StringExpr&>(e).heredoc;
  if (e.kind == ast::ExprKind::Template) return static_cast<const ast::TemplateExpr&>(e).heredoc;
  return false;
}

/// Whether the printed expression ends with a heredoc terminator, after which only a newline
/// may follow.
bool ends_in_heredoc(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::String:
    case ast::ExprKind::Template:
      return is_heredoc(e);
    case ast::ExprKind::Binary:
      return ends_in_heredoc(*static_cast<const ast::BinaryExpr&>(e).rhs);
    case ast::ExprKind::Unary:
      return ends_in_heredoc(*static_cast<const ast::UnaryExpr&>(e).operand);
    case ast::ExprKind::Conditional:
      return ends_in_heredoc(*static_cast<const ast::ConditionalExpr&>(e).else_value);
    default:
      return false;
  }
}

/// One line (or multi-line item) of a body, object or list, before layout.
struct Element {
  bool blank_before = false;
  bool aligned = false;  ///< a single-line `head = value` taking part in `=` alignment
  std::string head;
  std::string value;
  std::string text;  ///< when not aligned: the whole element
  std::string trailing;
};

class Formatter {
 public:
  explicit Formatter(const std::vector<ast::Comment>& comments) : comments_(comments) {}

  std::string file(const ast::File& f) {
    struct Item {
      SourceRange range;
      const ast::Import* import = nullptr;
      const ast::Body::Entry* entry = nullptr;
    };
    std::vector<Item> items;
    for (const auto& i : f.imports) items.push_back({i.range, &i, nullptr});
    for (const auto& e : f.body.order)
      items.push_back({e.is_block ? f.body.blocks[e.index].range : f.body.attributes[e.index].range,
                       nullptr, &e});
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
      return before(a.range.begin, b.range.begin);
    });
    Layout layout(*this);
    for (const Item& item : items) {
      layout.leading(item.range);
      if (item.import) {
        std::string text = "import \"" + quote_literal(item.import->path, false) + "\"";
        if (!item.import->alias.empty()) text += " as " + item.import->alias;
        layout.add_text(std::move(text), item.range);
      } else {
        layout.add_entry(f.body, *item.entry, 0);
      }
    }
    layout.rest(SourcePos{UINT32_MAX, 0});
    return layout.emit(0);
  }

  std::string expr(const ast::Expr& e, int indent);

 private:
  /// Collects the elements of one body, object or list with the comments around them.
  class Layout {
   public:
    explicit Layout(Formatter& f) : f_(f) {}

    /// Comments before `range` become their own elements.
    void leading(SourceRange range) { comments_before(range.begin); }
    /// Comments left before `end` (the closing bracket, or end of file).
    void rest(SourcePos end) { comments_before(end); }

    void add_entry(const ast::Body& body, const ast::Body::Entry& entry, int indent) {
      if (entry.is_block) {
        const ast::Block& b = body.blocks[entry.index];
        add_text(f_.block(b, indent), b.range);
      } else {
        const ast::Attribute& a = body.attributes[entry.index];
        add_pair(a.name, *a.value, a.range, indent);
      }
    }
    void add_pair(const std::string& head, const ast::Expr& value, SourceRange range, int indent) {
      Element e;
      e.blank_before = blank_before(range);
      std::string v = f_.expr(value, indent);
      if (v.find('\n') == std::string::npos) {
        e.aligned = true;
        e.head = head;
        e.value = std::move(v);
      } else {
        e.text = head + " = " + v;
      }
      finish(std::move(e), range);
    }
    /// `extra_lines`: lines printed after the item's source end (a comma after a heredoc).
    void add_text(std::string text, SourceRange range, uint32_t extra_lines = 0) {
      Element e;
      e.blank_before = blank_before(range);
      e.text = std::move(text);
      finish(std::move(e), range);
      previous_end_line_ = std::max(previous_end_line_, range.end.line + extra_lines);
    }
    /// Appends to the last element's text (a list item's comma).
    void append_to_last(const std::string& s) {
      Element& e = elements_[last_item_];
      if (e.aligned)
        e.value += s;
      else
        e.text += s;
    }

    bool empty() const { return elements_.empty(); }

    std::string emit(int indent) const {
      std::string out;
      std::string pad = indentation(indent);
      for (size_t i = 0; i < elements_.size(); ++i) {
        const Element& e = elements_[i];
        if (e.blank_before && i > 0) out += "\n";
        std::string line;
        size_t comment_column = 0;
        if (e.aligned) {
          // The run of aligned elements around this one: `=` and trailing comments line up.
          size_t first = i, last = i;
          while (first > 0 && elements_[first - 1].aligned && !elements_[first].blank_before)
            --first;
          while (last + 1 < elements_.size() && elements_[last + 1].aligned &&
                 !elements_[last + 1].blank_before)
            ++last;
          size_t width = 0;
          for (size_t j = first; j <= last; ++j) width = std::max(width, elements_[j].head.size());
          for (size_t j = first; j <= last; ++j)
            if (!elements_[j].trailing.empty())
              comment_column = std::max(comment_column, width + 3 + elements_[j].value.size());
          line = e.head + std::string(width - e.head.size(), ' ') + " = " + e.value;
        } else {
          line = e.text;
        }
        out += pad + line;
        if (!e.trailing.empty())
          out += std::string(comment_column > line.size() ? comment_column - line.size() : 0, ' ') +
                 " " + e.trailing;
        out += "\n";
      }
      return out;
    }

   private:
    bool blank_before(SourceRange range) {
      bool blank = has_previous_ && range.begin.line > previous_end_line_ + 1;
      return blank;
    }
    void finish(Element e, SourceRange range) {
      has_previous_ = true;
      previous_end_line_ = range.end.line;
      elements_.push_back(std::move(e));
      last_item_ = elements_.size() - 1;
      // A comment on the line where the item ends stays there; comments that were inside the
      // item but found no place in its printed form follow it on their own lines.
      std::vector<const ast::Comment*> inside = f_.take_before(range.end);
      if (const ast::Comment* c = f_.take_on_line(range.end.line)) {
        elements_[last_item_].trailing = trimmed(c->text);
        previous_end_line_ = c->range.end.line;
      }
      for (const ast::Comment* c : inside) {
        Element ce;
        ce.text = trimmed(c->text);
        elements_.push_back(std::move(ce));
      }
    }
    void comments_before(SourcePos pos) {
      for (const ast::Comment* c : f_.take_before(pos)) {
        Element e;
        e.blank_before = blank_before(c->range);
        e.text = trimmed(c->text);
        has_previous_ = true;
        previous_end_line_ = c->range.end.line;
        elements_.push_back(std::move(e));
      }
    }
    static std::string trimmed(const std::string& s) {
      size_t end = s.find_last_not_of(" \t\r");
      return end == std::string::npos ? std::string() : s.substr(0, end + 1);
    }

    Formatter& f_;
    std::vector<Element> elements_;
    size_t last_item_ = 0;
    bool has_previous_ = false;
    uint32_t previous_end_line_ = 0;
  };

  std::vector<const ast::Comment*> take_before(SourcePos pos) {
    std::vector<const ast::Comment*> out;
    while (next_ < comments_.size() && before(comments_[next_].range.begin, pos))
      out.push_back(&comments_[next_++]);
    return out;
  }
  const ast::Comment* take_on_line(uint32_t line) {
    if (next_ < comments_.size() && comments_[next_].range.begin.line == line)
      return &comments_[next_++];
    return nullptr;
  }
  bool comment_before(SourcePos pos) const {
    return next_ < comments_.size() && before(comments_[next_].range.begin, pos);
  }

  std::string label(const ast::Label& l) {
    return l.quoted ? "\"" + quote_literal(l.value, false) + "\"" : l.value;
  }

  std::string block(const ast::Block& b, int indent) {
    std::string header = b.type;
    for (const auto& l : b.labels) header += " " + label(l);
    const ast::Body& body = b.body;
    bool inside_comments = comment_before(b.range.end);
    if (body.order.empty() && !inside_comments) return header + " {}";
    if (b.range.begin.line == b.range.end.line && !inside_comments) {
      std::string line;
      bool single = true;
      for (const auto& entry : body.order) {
        std::string item;
        if (entry.is_block) {
          item = block(body.blocks[entry.index], indent + 1);
        } else {
          const auto& a = body.attributes[entry.index];
          item = a.name + " = " + expr(*a.value, indent + 1);
        }
        if (item.find('\n') != std::string::npos) single = false;
        if (!line.empty()) line += ", ";
        line += item;
      }
      if (single) return header + " { " + line + " }";
    }
    Layout layout(*this);
    for (const auto& entry : body.order) {
      layout.leading(entry.is_block ? body.blocks[entry.index].range
                                    : body.attributes[entry.index].range);
      layout.add_entry(body, entry, indent + 1);
    }
    layout.rest(b.range.end);
    return header + " {\n" + layout.emit(indent + 1) + indentation(indent) + "}";
  }

  std::string object(const ast::ObjectExpr& o, int indent) {
    if (o.items.empty() && !comment_before(o.range.end)) return "{}";
    bool multi = o.range.begin.line != o.range.end.line || comment_before(o.range.end);
    if (!multi) {
      std::string out = "{ ";
      for (size_t i = 0; i < o.items.size(); ++i) {
        if (i > 0) out += ", ";
        out += key(o.items[i]) + " = " + expr(*o.items[i].value, indent);
      }
      return out + " }";
    }
    Layout layout(*this);
    for (const auto& item : o.items) {
      layout.leading(item.range);
      layout.add_pair(key(item), *item.value, item.range, indent + 1);
    }
    layout.rest(o.range.end);
    return "{\n" + layout.emit(indent + 1) + indentation(indent) + "}";
  }

  std::string key(const ast::ObjectItem& item) {
    if (item.bare_key && item.key->kind == ast::ExprKind::String)
      return static_cast<const ast::StringExpr&>(*item.key).value;
    return expr(*item.key, 0);
  }

  std::string tuple(const ast::TupleExpr& t, int indent) {
    if (t.items.empty() && !comment_before(t.range.end)) return "[]";
    bool multi = t.range.begin.line != t.range.end.line || comment_before(t.range.end);
    for (const auto& item : t.items)
      if (ends_in_heredoc(*item)) multi = true;
    if (!multi) {
      std::string out = "[";
      for (size_t i = 0; i < t.items.size(); ++i) {
        if (i > 0) out += ", ";
        out += expr(*t.items[i], indent);
      }
      return out + "]";
    }
    Layout layout(*this);
    for (const auto& item : t.items) {
      layout.leading(item->range);
      std::string text = expr(*item, indent + 1);
      bool heredoc = ends_in_heredoc(*item);
      text += heredoc ? "\n" + indentation(indent + 1) + "," : ",";
      layout.add_text(std::move(text), item->range, heredoc ? 1 : 0);
    }
    layout.rest(t.range.end);
    return "[\n" + layout.emit(indent + 1) + indentation(indent) + "]";
  }

  std::string call(const ast::CallExpr& c, int indent) {
    bool multi = !c.args.empty() && (c.args.front()->range.begin.line > c.range.begin.line ||
                                     ends_in_heredoc(*c.args.back()));
    if (!multi) {
      std::string out = c.name + "(";
      for (size_t i = 0; i < c.args.size(); ++i) {
        if (i > 0) out += ", ";
        out += expr(*c.args[i], indent);
      }
      if (c.expand_last) out += "...";
      return out + ")";
    }
    Layout layout(*this);
    for (size_t i = 0; i < c.args.size(); ++i) {
      const auto& arg = *c.args[i];
      layout.leading(arg.range);
      std::string text = expr(arg, indent + 1);
      if (i + 1 == c.args.size() && c.expand_last) text += "...";
      bool heredoc = ends_in_heredoc(arg);
      text += heredoc ? "\n" + indentation(indent + 1) + "," : ",";
      layout.add_text(std::move(text), arg.range, heredoc ? 1 : 0);
    }
    layout.rest(c.range.end);
    return c.name + "(\n" + layout.emit(indent + 1) + indentation(indent) + ")";
  }

  std::string parts(const std::vector<ast::TemplatePart>& parts, bool heredoc, int indent) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
      const auto& p = parts[i];
      if (!p.expr) {
        bool interpolation_follows = i + 1 < parts.size();
        out +=
            heredoc ? heredoc_literal(p.literal) : quote_literal(p.literal, interpolation_follows);
        continue;
      }
      out += p.strip_left ? "${~" : "${";
      out += expr(*p.expr, indent);
      out += p.strip_right ? "~}" : "}";
    }
    return out;
  }

  std::string heredoc(const std::string& body, const std::string& marker, bool indented,
                      int indent) {
    std::string out = std::string("<<") + (indented ? "-" : "") + marker + "\n";
    if (!indented) {
      out += body;
    } else {
      std::string pad = indentation(indent + 1);
      size_t start = 0;
      while (start < body.size()) {
        size_t nl = body.find('\n', start);
        size_t end = nl == std::string::npos ? body.size() : nl;
        if (end > start) out += pad + body.substr(start, end - start);
        if (nl == std::string::npos) break;
        out += "\n";
        start = nl + 1;
      }
    }
    if (!out.empty() && out.back() != '\n') out += "\n";
    return out + indentation(indent) + marker;
  }

  std::string for_expr(const ast::ForExpr& f, int indent) {
    std::string out = f.object_result ? "{ for " : "[for ";
    if (!f.key_var.empty()) out += f.key_var + ", ";
    out += f.value_var + " in " + expr(*f.collection, indent) + " : ";
    if (f.object_result) out += expr(*f.key, indent) + " => ";
    out += expr(*f.value, indent);
    if (f.grouping) out += "...";
    if (f.condition) out += " if " + expr(*f.condition, indent);
    return out + (f.object_result ? " }" : "]");
  }

  const std::vector<ast::Comment>& comments_;
  size_t next_ = 0;
};

std::string Formatter::expr(const ast::Expr& e, int indent) {
  switch (e.kind) {
    case ast::ExprKind::Null:
      return "null";
    case ast::ExprKind::Bool:
      return static_cast<const ast::BoolExpr&>(e).value ? "true" : "false";
    case ast::ExprKind::Number:
      return static_cast<const ast::NumberExpr&>(e).text;
    case ast::ExprKind::Duration:
      return static_cast<const ast::DurationExpr&>(e).text;
    case ast::ExprKind::String: {
      const auto& s = static_cast<const ast::StringExpr&>(e);
      if (s.heredoc)
        return heredoc(heredoc_literal(s.value), s.heredoc_marker, s.heredoc_indented, indent);
      return "\"" + quote_literal(s.value, false) + "\"";
    }
    case ast::ExprKind::Template: {
      const auto& t = static_cast<const ast::TemplateExpr&>(e);
      if (t.heredoc)
        return heredoc(parts(t.parts, true, indent), t.heredoc_marker, t.heredoc_indented, indent);
      return "\"" + parts(t.parts, false, indent) + "\"";
    }
    case ast::ExprKind::Variable:
      return static_cast<const ast::VariableExpr&>(e).name;
    case ast::ExprKind::GetAttr: {
      const auto& g = static_cast<const ast::GetAttrExpr&>(e);
      return expr(*g.object, indent) + "." + g.name;
    }
    case ast::ExprKind::Index: {
      const auto& x = static_cast<const ast::IndexExpr&>(e);
      return expr(*x.collection, indent) + "[" + expr(*x.key, indent) + "]";
    }
    case ast::ExprKind::Splat: {
      const auto& s = static_cast<const ast::SplatExpr&>(e);
      std::string out = expr(*s.source, indent) + "[*]";
      for (const auto& step : s.each)
        out += step.key ? "[" + expr(*step.key, indent) + "]" : "." + step.name;
      return out;
    }
    case ast::ExprKind::Call:
      return call(static_cast<const ast::CallExpr&>(e), indent);
    case ast::ExprKind::Unary: {
      const auto& u = static_cast<const ast::UnaryExpr&>(e);
      return (u.op == ast::UnaryOp::Not ? "!" : "-") + expr(*u.operand, indent);
    }
    case ast::ExprKind::Binary: {
      const auto& b = static_cast<const ast::BinaryExpr&>(e);
      std::string lhs = expr(*b.lhs, indent);
      std::string sep = ends_in_heredoc(*b.lhs) ? "\n" + indentation(indent) : " ";
      return lhs + sep + binary_text(b.op) + " " + expr(*b.rhs, indent);
    }
    case ast::ExprKind::Conditional: {
      const auto& c = static_cast<const ast::ConditionalExpr&>(e);
      std::string cond = expr(*c.condition, indent);
      std::string sep1 = ends_in_heredoc(*c.condition) ? "\n" + indentation(indent) : " ";
      std::string then = expr(*c.then_value, indent);
      std::string sep2 = ends_in_heredoc(*c.then_value) ? "\n" + indentation(indent) : " ";
      return cond + sep1 + "? " + then + sep2 + ": " + expr(*c.else_value, indent);
    }
    case ast::ExprKind::Tuple:
      return tuple(static_cast<const ast::TupleExpr&>(e), indent);
    case ast::ExprKind::Object:
      return object(static_cast<const ast::ObjectExpr&>(e), indent);
    case ast::ExprKind::For:
      return for_expr(static_cast<const ast::ForExpr&>(e), indent);
    case ast::ExprKind::Paren: {
      const auto& p = static_cast<const ast::ParenExpr&>(e);
      std::string inner = expr(*p.inner, indent);
      return "(" + inner + (ends_in_heredoc(*p.inner) ? "\n" + indentation(indent) : "") + ")";
    }
  }
  return "";
}

}  // namespace

std::string format_file(const ast::File& file) {
  Formatter f(file.comments);
  return f.file(file);
}

std::string format_expression(const ast::Expr& expr, int indent) {
  static const std::vector<ast::Comment> kNone;
  Formatter f(kNone);
  return f.expr(expr, indent);
}

}  // namespace mesh
