/// `mesh fmt`: rewrites `.mesh` files in the canonical format. Files with syntax errors are
/// reported and never rewritten.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "cli/commands.h"
#include "cli/options.h"
#include "compiler/format.h"
#include "compiler/parse.h"
#include "core/diagnostics.h"

namespace mesh::cli {

namespace fs = std::filesystem;

namespace {

struct FmtOptions {
  std::vector<std::string> targets;
  bool check = false;
  bool diff = false;
};

/// Every `.mesh` file under `dir`, recursively, skipping `.mesh/` state dirs and `.git/`.
void collect(const fs::path& dir, std::vector<std::string>& out, std::error_code& ec) {
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    entries.push_back(it->path());
  std::sort(entries.begin(), entries.end());
  for (const fs::path& p : entries) {
    std::error_code e;
    if (fs::is_directory(p, e)) {
      std::string name = p.filename().string();
      if (name == ".mesh" || name == ".git") continue;
      collect(p, out, ec);
    } else if (p.extension() == ".mesh" && fs::is_regular_file(p, e)) {
      out.push_back(p.lexically_normal().string());
    }
  }
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

/// A line diff (longest common subsequence) printed as `-`/`+`/` ` lines with hunk headers;
/// files too large for the quadratic table are shown as replaced wholesale.
std::string line_diff(const std::string& path, const std::string& before,
                      const std::string& after) {
  std::vector<std::string> a = split_lines(before), b = split_lines(after);
  std::string out = "--- " + path + "\n+++ " + path + " (formatted)\n";
  size_t n = a.size(), m = b.size();
  std::vector<std::pair<char, const std::string*>> ops;
  if (n * m > 25'000'000) {
    for (auto& l : a) ops.push_back({'-', &l});
    for (auto& l : b) ops.push_back({'+', &l});
  } else {
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;)
        at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] == b[j]) {
        ops.push_back({' ', &a[i]});
        ++i;
        ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        ops.push_back({'-', &a[i++]});
      } else {
        ops.push_back({'+', &b[j++]});
      }
    }
  }
  // Hunks: changed lines with up to 3 lines of context, original line numbers in headers.
  constexpr size_t kContext = 3;
  size_t k = 0, line_a = 1;
  std::vector<size_t> line_of(ops.size());
  for (size_t x = 0; x < ops.size(); ++x) {
    line_of[x] = line_a;
    if (ops[x].first != '+') ++line_a;
  }
  while (k < ops.size()) {
    while (k < ops.size() && ops[k].first == ' ') ++k;
    if (k == ops.size()) break;
    size_t begin = k >= kContext ? k - kContext : 0;
    size_t end = k;
    while (end < ops.size()) {
      if (ops[end].first != ' ') {
        ++end;
        continue;
      }
      size_t run = end;
      while (run < ops.size() && ops[run].first == ' ') ++run;
      if (run == ops.size() || run - end > 2 * kContext) {
        end = std::min(run, end + kContext);
        break;
      }
      end = run;
    }
    out += "@@ line " + std::to_string(line_of[begin]) + " @@\n";
    for (size_t x = begin; x < end; ++x)
      out += std::string(1, ops[x].first) + *ops[x].second + "\n";
    k = end;
  }
  return out;
}

bool write_file(const std::string& path, const std::string& text) {
  std::string tmp = path + ".mesh-fmt.tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out << text;
    if (!out.flush()) return false;
  }
  std::error_code ec;
  fs::permissions(tmp, fs::status(path, ec).permissions(), ec);
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
  return !ec;
}

}  // namespace

void add_fmt_command(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<FmtOptions>();
  CLI::App* cmd = app.add_subcommand("fmt", "Rewrite .mesh files in the canonical format");
  cmd->add_option("targets", options->targets,
                  "Files or directories (default: the current directory, recursively)")
      ->option_text("FILES|DIRS...");
  cmd->add_flag("--check", options->check,
                "Write nothing; list the files that are not formatted and exit 1 if any");
  cmd->add_flag("--diff", options->diff, "Print the changes as a line diff");
  cmd->add_flag("--no-color", context.globals.no_color,
                "Disable colored output (NO_COLOR is honored too)");
  cmd->footer(
      "Formats like `terraform fmt`: two-space indentation, `=` aligned in runs of\n"
      "attributes, comments and heredocs kept. Directories are searched recursively for\n"
      "*.mesh files (skipping .mesh/ state directories). A file with syntax errors is\n"
      "reported and left untouched. Exits 1 on errors, or with --check when a file would\n"
      "change.\n"
      "\n"
      "Examples:\n"
      "  mesh fmt                      # format everything below the current directory\n"
      "  mesh fmt main.mesh modules/   # format a file and a directory\n"
      "  mesh fmt --check --diff       # in CI: fail and show what is not formatted");
  cmd->callback([options, &context] {
    std::vector<std::string> files;
    bool failed = false;
    std::vector<std::string> targets = options->targets;
    if (targets.empty()) targets.push_back(".");
    for (const std::string& target : targets) {
      std::error_code ec;
      if (fs::is_directory(target, ec)) {
        collect(target, files, ec);
        if (ec) {
          std::fprintf(stderr, "%s: error: cannot read directory: %s\n", target.c_str(),
                       ec.message().c_str());
          failed = true;
        }
      } else if (fs::exists(target, ec)) {
        files.push_back(target);
      } else {
        std::fprintf(stderr, "%s: error: no such file or directory\n", target.c_str());
        failed = true;
      }
    }
    RenderOptions render_options;
    render_options.color = context.globals.color_for(2);
    bool changed = false;
    for (const std::string& path : files) {
      SourceManager sources;
      Diagnostics diagnostics;
      std::string error;
      FileId id = sources.load(path, &error);
      if (id == kNoFile) {
        std::fprintf(stderr, "%s: error: cannot read file: %s\n", path.c_str(), error.c_str());
        failed = true;
        continue;
      }
      auto file = parse_file(sources, id, diagnostics);
      if (diagnostics.has_errors()) {
        std::fputs(render(diagnostics, sources, render_options).c_str(), stderr);
        failed = true;
        continue;
      }
      std::string formatted = format_file(*file);
      if (formatted == sources.contents(id)) continue;
      changed = true;
      if (options->diff)
        std::fputs(line_diff(path, sources.contents(id), formatted).c_str(), stdout);
      if (options->check) {
        if (!options->diff) std::printf("%s\n", path.c_str());
        continue;
      }
      if (!write_file(path, formatted)) {
        std::fprintf(stderr, "%s: error: cannot write file\n", path.c_str());
        failed = true;
        continue;
      }
      if (!options->diff) std::printf("%s\n", path.c_str());
    }
    context.exit_code = failed || (options->check && changed) ? kExitError : kExitOk;
  });
}

}  // namespace mesh::cli
