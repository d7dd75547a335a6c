#pragma once
/// What `mesh apply` and `mesh destroy` share: lock, plan (or check a saved plan), show it,
/// ask for approval, execute it with progress and signals, and report the outcome.

#include <cstdint>
#include <optional>
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
  std::string ttl;  ///< `--ttl DURATION|none` (apply only): the workspace's own expiry
};

/// A parsed `--ttl`: a duration, `none` (clear the expiry), or not given.
struct WorkspaceTtl {
  bool given = false;
  std::optional<int64_t> ttl_ms;  ///< set unless `none`
};

/// Adds `--ttl DURATION|none` (the workspace's expiry) to `command`.
void add_workspace_ttl_option(CLI::App& command, std::string& value);
/// Parses a `--ttl` value for `workspace`: `none`, or a positive duration (`90m`, `24h`, `7d`);
/// `default` cannot expire. False with `error` set otherwise.
bool parse_workspace_ttl(const std::string& text, const std::string& workspace, WorkspaceTtl* out,
                         std::string* error);
/// `expires in 23h59m (2026-11-29T14:00:00Z)`, `expired 1h ago (…)`.
std::string workspace_expiry_phrase(int64_t expires_at, int64_t now);

/// Adds the options both commands take (`--auto-approve`, `--target`, `--parallelism`, …).
void add_apply_options(CLI::App& command, ApplyCommandOptions& options, GlobalOptions& globals);

/// Runs the command; returns its exit code (docs/cli.md).
int run_apply(const GlobalOptions& globals, ApplyCommandOptions& options);

}  // namespace mesh::cli
