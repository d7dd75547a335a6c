#pragma once
/// Internal to the parser: ANTLR's error recovery with our own messages. ANTLR decides how to
/// recover; we decide what to say ("expected `}` to close block `resource` opened at line 3").

#include <antlr4-runtime.h>

#include "compiler/syntax_reporter.h"

namespace mesh {

class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit SyntaxErrorStrategy(SyntaxReporter& reporter) : reporter_(reporter) {}

 protected:
  void reportNoViableAlternative(antlr4::Parser* parser,
                                 const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* parser,
                           const antlr4::InputMismatchException& e) override;
  void reportFailedPredicate(antlr4::Parser* parser,
                             const antlr4::FailedPredicateException& e) override;
  void reportUnwantedToken(antlr4::Parser* parser) override;
  void reportMissingToken(antlr4::Parser* parser) override;

 private:
  void report(antlr4::Parser* parser, antlr4::Token* offending,
              const antlr4::misc::IntervalSet& expected);
  SyntaxReporter& reporter_;
};

/// How a token reads in a message: "`=`", "number `12`", "end of file".
std::string describe_token(const antlr4::Token* token, std::string_view text);

/// A readable list of what the parser would have accepted: "an expression, `,` or `]`".
std::string describe_expected(const antlr4::misc::IntervalSet& expected);

}  // namespace mesh
