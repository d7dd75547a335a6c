/// The parse driver: validate UTF-8, lex the whole file, scan the tokens for lexical errors and
/// dangerous nesting, then parse one top-level item at a time — SLL prediction first, full LL
/// with error recovery only when SLL fails — converting each parse tree to AST and dropping it.

#include "compiler/parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <thread>

#include "Mesh.h"
#include "MeshLexer.h"
#include "compiler/ast_builder.h"
#include "compiler/byte_stream.h"
#include "compiler/fast_lexer.h"
#include "compiler/fast_parser.h"
#include "compiler/nesting.h"
#include "compiler/syntax_errors.h"
#include "compiler/syntax_reporter.h"
#include "compiler/tokens.h"

namespace mesh {

namespace {

using G = meshgrammar::Mesh;
using L = meshgrammar::MeshLexer;

/// Reports every byte that is not part of valid UTF-8; returns their offsets (sorted).
std::vector<size_t> check_utf8(SyntaxReporter& r) {
  std::string_view s = r.text();
  std::vector<size_t> bad;
  size_t line = r.first_line(), column = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {  // fast path
      if (c == '\n') {
        ++line;
        column = 0;
      } else {
        ++column;
      }
      ++i;
      continue;
    }
    size_t n = utf8_sequence(s, i);
    if (n == 0) {
      bad.push_back(i);
      r.error(r.at(line, column, 1), fmt::format("invalid UTF-8 byte 0x{:02x}", c));
      n = 1;
    }
    column += n;
    i += n;
  }
  return bad;
}

/// Errors the lexer found itself, and tokens it set aside on the error channel.
void report_lexical_errors(SyntaxReporter& r, L& lexer, antlr4::CommonTokenStream& tokens,
                           const std::vector<size_t>& bad_utf8) {
  if (lexer.eof_reported_) r.eof_explained = true;
  for (const auto& e : lexer.errors_) r.error(r.at(e.line, e.column, e.length), e.message);
  std::string_view s = r.text();
  for (size_t i = 0, n = tokens.size(); i < n; ++i) {
    antlr4::Token* t = tokens.get(i);
    size_t type = t->getType();
    if (type == L::BLOCK_COMMENT) {
      std::string_view text = r.text(t);
      if (text.size() < 4 || text.substr(text.size() - 2) != "*/") {
        r.error(
            r.range(t).begin.line ? r.at(t->getLine(), t->getCharPositionInLine(), 2) : r.range(t),
            "unterminated comment: expected `*/`");
        r.eof_explained = true;
      }
      continue;
    }
    if (type != L::BAD_HEREDOC && type != L::STR_BAD_ESCAPE && type != L::BAD_CHAR &&
        type != L::BAD_STRING)
      continue;
    std::string_view text = r.text(t);
    SourceRange range = r.range(t);
    switch (type) {
      case L::BAD_STRING:
        r.error(range, "single-quoted strings are not supported; use double quotes");
        break;
      case L::BAD_HEREDOC:
        r.error(range, fmt::format("expected a newline after heredoc marker `{}`", text));
        break;
      case L::STR_BAD_ESCAPE:
        if (text.size() < 2)
          r.error(range, "incomplete escape sequence `\\`");
        else
          r.error(range,
                  fmt::format("invalid escape sequence `{}`; use `\\\\` for a backslash", text));
        break;
      case L::BAD_CHAR: {
        size_t offset = t->getStartIndex();
        unsigned char c = static_cast<unsigned char>(s[offset]);
        if (c >= 0x80) {
          // A continuation byte of an already reported character, or invalid UTF-8 that was
          // reported by check_utf8.
          if ((c & 0xC0) == 0x80 || std::binary_search(bad_utf8.begin(), bad_utf8.end(), offset))
            break;
          size_t n = utf8_sequence(s, offset);
          range.end.column = range.begin.column + static_cast<uint32_t>(n);
          r.error(range, fmt::format("unexpected character `{}`", s.substr(offset, n)));
        } else if (c == 0) {
          r.error(range, "unexpected NUL byte");
        } else if (c < 0x20 || c == 0x7f) {
          r.error(range, fmt::format("unexpected control character 0x{:02x}", c));
        } else if (c == '\'') {
          r.error(range, "unexpected character `'`; strings use double quotes");
        } else {
          r.error(range, fmt::format("unexpected character `{}`", static_cast<char>(c)));
        }
        break;
      }
    }
  }
}

/// Rejects input nested deeper than the limit before it is parsed (see NestingCheck).
bool check_nesting(SyntaxReporter& r, antlr4::CommonTokenStream& tokens) {
  NestingCheck nesting(r.limits().max_nesting);
  for (size_t i = 0, n = tokens.size(); i < n; ++i) {
    antlr4::Token* t = tokens.get(i);
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    if (!nesting.add(t->getType())) {
      r.error(r.range(t), fmt::format("nesting too deep: more than {} levels of brackets, "
                                      "strings or operators",
                                      r.limits().max_nesting));
      return false;
    }
  }
  return true;
}

enum class Entry { File, Expression, Template };

/// Everything one parse needs, alive for the duration of the parse.
class Driver {
 public:
  /// `fast`: lex with FastLexer (chunks of large files), which gives up instead of reporting.
  Driver(const SourceManager& sources, FileId file, const ParseLimits& limits, Entry entry,
         std::string_view text, uint32_t first_line = 1, bool fast = false)
      : reporter_(text, first_line, file, limits),
        chars_(text, sources.path(file)),
        lexer_(&chars_),
        fast_(fast ? std::make_unique<FastLexer>(&chars_, text, first_line) : nullptr),
        tokens_(fast_ ? static_cast<antlr4::TokenSource*>(fast_.get()) : &lexer_),
        parser_(&tokens_),
        builder_(reporter_) {
    lexer_.removeErrorListeners();
    parser_.removeErrorListeners();
    bail_ = std::make_shared<antlr4::BailErrorStrategy>();
    recover_ = std::make_shared<SyntaxErrorStrategy>(reporter_);
    if (entry == Entry::Template) lexer_.pushMode(L::HEREDOC);
    lexer_.setLine(first_line);
  }

  SyntaxReporter& reporter() { return reporter_; }
  /// The fast lexer gave up: the input needs the generated lexer's diagnostics.
  bool fast_lexer_gave_up() const { return fast_gave_up_; }

  /// Lexes and pre-checks the input; false when it must not be parsed.
  bool prepare(std::vector<ast::Comment>* comments) {
    std::vector<size_t> bad_utf8 = check_utf8(reporter_);
    if (fast_ && !fast_->run()) {
      fast_gave_up_ = true;
      return false;
    }
    tokens_.fill();
    report_lexical_errors(reporter_, lexer_, tokens_, bad_utf8);
    if (comments) {
      for (size_t i = 0, n = tokens_.size(); i < n; ++i)
        if (antlr4::Token* t = tokens_.get(i); t->getChannel() == L::COMMENTS)
          comments->push_back(ast::Comment{std::string(reporter_.text(t)), reporter_.range(t)});
    }
    return check_nesting(reporter_, tokens_);
  }

  /// Runs `rule` with SLL prediction and no recovery; on failure rewinds and runs it again
  /// with full LL prediction and our error recovery and messages.
  template <typename Rule>
  auto two_stage(Rule rule) -> decltype(rule()) {
    size_t start = tokens_.index();
    auto* simulator = parser_.getInterpreter<antlr4::atn::ParserATNSimulator>();
    parser_.reset();
    tokens_.seek(start);
    simulator->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser_.setErrorHandler(bail_);
    try {
      return rule();
    } catch (const antlr4::ParseCancellationException&) {
    }
    parser_.reset();
    tokens_.seek(start);
    simulator->setPredictionMode(antlr4::atn::PredictionMode::LL);
    parser_.setErrorHandler(recover_);
    recover_->reset(&parser_);
    return rule();
  }

  void parse_file(ast::File& file) {
    while (tokens_.LA(1) != antlr4::Token::EOF) {
      if (!is_name_token(tokens_.LA(1))) {
        antlr4::Token* t = tokens_.LT(1);
        std::string message = "unexpected " + describe_token(t, reporter_.text(t)) +
                              "; expected a block, an attribute or an import";
        if (t->getType() == L::RBRACE) message += " (no block is open here)";
        if (t->getType() != L::BAD_CHAR && t->getType() != L::BAD_HEREDOC &&
            t->getType() != L::BAD_STRING)
          reporter_.error(reporter_.range(t), message);
        while (tokens_.LA(1) != antlr4::Token::EOF && !is_name_token(tokens_.LA(1)))
          tokens_.consume();
        continue;
      }
      size_t start = tokens_.index();
      G::TopItemContext* item = two_stage([&] { return parser_.topItem(); });
      builder_.add_top_item(item, file);
      if (tokens_.index() == start) tokens_.consume();
    }
    parser_.reset();  // drop the last tree now, not with the parser
  }

  ast::ExprPtr parse_expression() {
    G::ExprFileContext* c = two_stage([&] { return parser_.exprFile(); });
    return builder_.expression(c->expr());
  }

  ast::ExprPtr parse_template() {
    G::TemplateFileContext* c = two_stage([&] { return parser_.templateFile(); });
    return builder_.template_file(c);
  }

 private:
  SyntaxReporter reporter_;
  ByteCharStream chars_;
  L lexer_;
  std::unique_ptr<FastLexer> fast_;
  bool fast_gave_up_ = false;
  antlr4::CommonTokenStream tokens_;
  G parser_;
  AstBuilder builder_;
  std::shared_ptr<antlr4::BailErrorStrategy> bail_;
  std::shared_ptr<SyntaxErrorStrategy> recover_;
};

/// Runs `body`, turning the ways a parse can be abandoned into diagnostics, never crashes.
template <typename F>
void guarded(SyntaxReporter& r, F body) {
  try {
    body();
  } catch (const StopParsing&) {
  } catch (const std::exception& e) {
    SourceRange at;
    at.file = r.file();
    at.begin = SourcePos{1, 1};
    at.end = at.begin;
    try {
      r.error(at, fmt::format("internal parser error: {}", e.what()));
    } catch (const StopParsing&) {
    }
  }
}

/// A slice of a large file that can be parsed on its own: it starts at the beginning of a
/// top-level item.
struct Chunk {
  size_t begin;
  size_t end;
  uint32_t line;  ///< line number of `begin`
};

/// Cuts a large file where a line that is exactly `}` (a top-level block closed in canonical
/// layout) is followed, after blank lines or line comments, by a line starting with a name. A cut
/// inside a heredoc or comment makes a chunk fail to parse, and the caller then parses the whole
/// file in one piece, so a wrong guess costs time, never correctness.
std::vector<Chunk> split_into_chunks(std::string_view text, size_t target) {
  std::vector<Chunk> chunks;
  Chunk current{0, 0, 1};
  uint32_t line = 1;
  bool previous_was_brace = false;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    if (previous_was_brace && pos - current.begin >= target &&
        (std::isalpha(static_cast<unsigned char>(text[pos])) || text[pos] == '_')) {
      current.end = pos;
      chunks.push_back(current);
      current = Chunk{pos, 0, line};
    }
    std::string_view content = text.substr(pos, end - pos);
    while (!content.empty() && (content.back() == '\r' || content.back() == ' '))
      content.remove_suffix(1);
    // Blank lines and line comments between two top-level blocks keep the cut possible.
    bool blank_or_comment = content.find_first_not_of(" \t") == std::string_view::npos ||
                            content[0] == '#' || content.substr(0, 2) == "//";
    previous_was_brace = content == "}" || (previous_was_brace && blank_or_comment);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    ++line;
  }
  current.end = text.size();
  chunks.push_back(current);
  return chunks;
}

/// Parses the chunks on several threads with `parse_chunk` (a Chunk → a File, or null on
/// failure) and merges the results; null when any chunk failed.
template <typename ParseChunk>
std::unique_ptr<ast::File> parse_chunks(FileId file, const std::vector<Chunk>& chunks,
                                        ParseChunk parse_chunk) {
  std::vector<std::unique_ptr<ast::File>> results(chunks.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    for (size_t i; !failed && (i = next++) < chunks.size();) {
      results[i] = parse_chunk(chunks[i]);
      if (!results[i]) failed = true;
    }
  };
  size_t threads =
      std::min<size_t>({std::max(1u, std::thread::hardware_concurrency()), 4, chunks.size()});
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failed) return nullptr;

  auto merged = std::make_unique<ast::File>();
  merged->file = file;
  ast::Body& body = merged->body;
  for (std::unique_ptr<ast::File>& r : results) {
    for (auto& i : r->imports) merged->imports.push_back(std::move(i));
    for (auto& c : r->comments) merged->comments.push_back(std::move(c));
    for (const auto& entry : r->body.order) {
      if (entry.is_block) {
        body.order.push_back({true, static_cast<uint32_t>(body.blocks.size())});
        body.blocks.push_back(std::move(r->body.blocks[entry.index]));
      } else {
        body.order.push_back({false, static_cast<uint32_t>(body.attributes.size())});
        body.attributes.push_back(std::move(r->body.attributes[entry.index]));
      }
    }
    r.reset();  // free as we go
  }
  return merged;
}

/// The generated parser on one chunk (fed by FastLexer); null when it finds any error.
std::unique_ptr<ast::File> antlr_parse_chunk(const SourceManager& sources, FileId file,
                                             const ParseLimits& limits, std::string_view text,
                                             const Chunk& c) {
  auto result = std::make_unique<ast::File>();
  Driver driver(sources, file, limits, Entry::File, text.substr(c.begin, c.end - c.begin), c.line,
                true);
  guarded(driver.reporter(), [&] {
    if (driver.prepare(&result->comments)) driver.parse_file(*result);
  });
  if (driver.reporter().error_count() != 0 || driver.fast_lexer_gave_up()) return nullptr;
  return result;
}

/// The fast parser is tried first unless ParseLimits::fast_parser is off or the environment
/// says `MESH_PARSER=antlr` (to compare the two, or to rule the fast parser out).
bool use_fast_parser(const ParseLimits& limits) {
  if (!limits.fast_parser) return false;
  const char* choice = std::getenv("MESH_PARSER");
  return !(choice && std::string_view(choice) == "antlr");
}

}  // namespace

std::unique_ptr<ast::File> parse_file(SourceManager& sources, FileId file, Diagnostics& diagnostics,
                                      const ParseLimits& limits) {
  std::string_view text = sources.contents(file);
  std::vector<Chunk> chunks;
  if (limits.chunk_bytes > 0 && text.size() > limits.chunk_bytes)
    chunks = split_into_chunks(text, limits.chunk_bytes);
  if (use_fast_parser(limits)) {
    // Valid input never reaches ANTLR; anything else is parsed again below, for diagnostics.
    auto result = chunks.size() > 1
                      ? parse_chunks(file, chunks,
                                     [&](const Chunk& c) {
                                       return fast_parse_file(text.substr(c.begin, c.end - c.begin),
                                                              c.line, file, limits);
                                     })
                      : fast_parse_file(text, 1, file, limits);
    if (result) return result;
  }
  if (chunks.size() > 1) {
    auto result = parse_chunks(file, chunks, [&](const Chunk& c) {
      return antlr_parse_chunk(sources, file, limits, text, c);
    });
    if (result) return result;
  }
  auto result = std::make_unique<ast::File>();
  result->file = file;
  Driver driver(sources, file, limits, Entry::File, text);
  guarded(driver.reporter(), [&] {
    if (driver.prepare(&result->comments)) driver.parse_file(*result);
  });
  driver.reporter().flush(diagnostics);
  return result;
}

ast::ExprPtr parse_expression(SourceManager& sources, FileId file, Diagnostics& diagnostics,
                              const ParseLimits& limits) {
  ast::ExprPtr result;
  Driver driver(sources, file, limits, Entry::Expression, sources.contents(file));
  guarded(driver.reporter(), [&] {
    if (driver.prepare(nullptr)) result = driver.parse_expression();
  });
  bool failed = driver.reporter().error_count() > 0;
  driver.reporter().flush(diagnostics);
  if (failed) return nullptr;
  return result;
}

ast::ExprPtr parse_template(SourceManager& sources, FileId file, Diagnostics& diagnostics,
                            const ParseLimits& limits) {
  ast::ExprPtr result;
  Driver driver(sources, file, limits, Entry::Template, sources.contents(file));
  guarded(driver.reporter(), [&] {
    if (driver.prepare(nullptr)) result = driver.parse_template();
  });
  bool failed = driver.reporter().error_count() > 0;
  driver.reporter().flush(diagnostics);
  if (failed) return nullptr;
  return result;
}

}  // namespace mesh
