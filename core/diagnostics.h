#pragma once
/// Diagnostics: errors and warnings as values, with a location (a source range or, for stages
/// past the compiler, a resource address) and optional notes and a did-you-mean suggestion.

#include <string>
#include <string_view>
#include <vector>

#include "core/source.h"

namespace mesh {

enum class Severity { Error, Warning, Note };

struct DiagnosticNote {
  std::string message;
  SourceRange range;  ///< may be invalid: then the note is printed without a location
};

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string message;
  SourceRange range;            ///< where it happened, when it comes from source text
  std::string subject;          ///< resource address or other subject when there is no range
  std::string suggestion;       ///< "did you mean `x`?" candidate, empty when none
  std::vector<DiagnosticNote> notes;
};

/// An ordered collection of diagnostics that every stage appends to.
class Diagnostics {
 public:
  Diagnostic& error(SourceRange range, std::string message);
  Diagnostic& warning(SourceRange range, std::string message);
  Diagnostic& add(Diagnostic diagnostic);

  bool has_errors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  void append(const Diagnostics& other);

 private:
  std::vector<Diagnostic> items_;
  size_t error_count_ = 0;
};

/// The closest candidate to `name` by edit distance, or "" when none is close enough to help.
std::string closest_match(std::string_view name, const std::vector<std::string>& candidates);

struct RenderOptions {
  bool color = false;
};

/// Renders like a compiler:
///   file.mesh:12:7: error: message
///      12 |   name = var.nmae
///         |          ^~~~~~~~
///   help: did you mean `name`?
std::string render(const Diagnostic& diagnostic, const SourceManager& sources,
                   const RenderOptions& options = {});
std::string render(const Diagnostics& diagnostics, const SourceManager& sources,
                   const RenderOptions& options = {});

}  // namespace mesh
