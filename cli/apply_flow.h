#pragma once
/// What `mesh apply` and `mesh destroy` share: lock, plan (or check a saved plan), show it,
/// ask for approval, execute it with progress and signals, and report the outcome.

#include <string>
#include <vector>

#include "cli/session.h"

namespace CLI {
class App;
}

namespace mesh::cli {

struct GlobalOptions;

struct ApplyCommandOptions {
  SessionOptions session;
  std::string plan_file;  ///< `mesh apply FILE`; empty: plan now
  bool auto_approve = false;
  bool destroy = false;  ///< `mesh destroy`
  std::vector<std::string> targets;
  std::vector<std::string> replace;
  bool refresh = true;
  bool refresh_set = false;  ///< `--refresh` given explicitly
  unsigned parallelism = 10;
  std::string lock_timeout;
};

/// Adds the options both commands take (`--auto-approve`, `--target`, `--parallelism`, …).
void add_apply_options(CLI::App& command, ApplyCommandOptions& options, GlobalOptions& globals);

/// Runs the command; returns its exit code (docs/cli.md).
int run_apply(const GlobalOptions& globals, ApplyCommandOptions& options);

}  // namespace mesh::cli
