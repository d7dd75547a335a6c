#include "planner/render_markdown.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/address.h"
#include "core/value_display.h"
#include "planner/describe.h"
#include "planner/policy_render.h"
#include "planner/render_human.h"
#include "planner/value_diff.h"

namespace mesh::plan {
namespace {

std::string html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '|':
        out += "&#124;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string code(std::string_view text) {
  return "<code>" + html(text) + "</code>";
}

/// Writes `text` (possibly several lines) with `prefix` in column 0 of every line.
void lines(std::string& out, char prefix, size_t indent, const std::string& text) {
  size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += prefix;
    out += ' ';
    // Continuation lines of a multi-line value already carry their own indentation.
    if (first) out += std::string(indent, ' ');
    out.append(text, start, end - start);
    out += '\n';
    first = false;
    start = end + 1;
  }
}

std::string shown(const Value& v, size_t indent) {
  if (v.is_sensitive()) return "(sensitive)";
  DisplayOptions options;
  options.indent = static_cast<int>(indent);
  return to_display_string(v, options);
}

void diff_lines(std::string& out, const ValueDiff& d, size_t indent, bool in_list);

void hidden_line(std::string& out, size_t indent, size_t hidden, const char* what) {
  if (hidden == 0) return;
  out += fmt::format("  {}# ({} unchanged {}{} hidden)\n", std::string(indent, ' '), hidden, what,
                     hidden == 1 ? "" : "s");
}

void diff_lines(std::string& out, const ValueDiff& d, size_t indent, bool in_list) {
  const std::string key = in_list ? "" : display_key(d.key) + " = ";
  const std::string marker = d.forces_replacement ? "  # forces replacement" : "";
  const std::string comma = in_list ? "," : "";
  if (d.nested) {
    const bool list = d.before.is_sequence();
    out += "  " + std::string(indent, ' ') + key + (list ? "[" : "{") + marker + "\n";
    for (const ValueDiff& c : d.children) diff_lines(out, c, indent + 2, list);
    hidden_line(out, indent + 2, d.hidden, "element");
    out += "  " + std::string(indent, ' ') + (list ? "]" : "}") + comma + "\n";
    return;
  }
  switch (d.op) {
    case DiffOp::Add:
      lines(out, '+', indent, key + shown(d.after, indent) + comma + marker);
      break;
    case DiffOp::Remove:
      lines(out, '-', indent, key + shown(d.before, indent) + comma + marker);
      break;
    case DiffOp::Change:
    case DiffOp::Same:
      lines(out, '-', indent, key + shown(d.before, indent) + comma);
      lines(out, '+', indent, key + shown(d.after, indent) + comma + marker);
      break;
  }
}

std::string fenced(const std::string& body) {
  size_t run = 0, longest = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  return fence + "diff\n" + body + fence + "\n";
}

std::string change_block(const ResourceChange& c, int64_t now) {
  const bool warn = destroys(c.action);
  std::string summary = (warn ? "⚠️ " : "") + code(c.address) + " " +
                        (is_replace(c.action) ? "must be replaced"
                                              : "will be " + std::string(action_phrase(c.action)));
  std::string why = reason_text(c);
  if (!why.empty()) summary += " — " + html(why);
  if (c.expires_at && c.action != Action::Delete)
    summary += " (" + expiry_text(*c.expires_at, now) + ")";

  std::string body;
  std::string name = c.address;
  std::string error;
  if (auto a = parse_address(c.address, &error)) name = a->resource.name;
  body += fmt::format("{} resource \"{}\" \"{}\" {{\n",
                      c.action == Action::Create   ? '+'
                      : c.action == Action::Delete ? '-'
                                                   : ' ',
                      c.type, name);
  AttributeDiff diff =
      diff_attributes(c.before, c.action == Action::Delete ? Value() : c.after, c.replace_paths);
  for (const ValueDiff& d : diff.attributes) diff_lines(body, d, 2, false);
  if (c.action != Action::Create && c.action != Action::Delete)
    hidden_line(body, 2, diff.hidden, "attribute");
  if (c.action == Action::Update && c.prior_prevent_destroy != c.prevent_destroy)
    body +=
        fmt::format("  # prevent_destroy: {} -> {}\n", c.prior_prevent_destroy, c.prevent_destroy);
  body += fmt::format("{} }}\n", c.action == Action::Create   ? '+'
                                 : c.action == Action::Delete ? '-'
                                                              : ' ');
  return "<details><summary>" + summary + "</summary>\n\n" + fenced(body) + "\n</details>\n\n";
}

std::string drift_block(const Drift& d) {
  std::string summary =
      code(d.address) + (d.gone ? " was deleted outside mesh" : " has changed outside mesh");
  if (d.gone) return "- " + summary + "\n";
  std::string body;
  AttributeDiff diff = diff_attributes(d.before, d.after, {});
  for (const ValueDiff& a : diff.attributes) diff_lines(body, a, 0, false);
  hidden_line(body, 0, diff.hidden, "attribute");
  return "<details><summary>" + summary + "</summary>\n\n" + fenced(body) + "\n</details>\n\n";
}

std::string outputs_block(const Plan& plan) {
  std::string body;
  for (const OutputChange& o : plan.outputs) {
    if (o.action == Action::NoOp) continue;
    Value before = o.sensitive ? o.before.mark_sensitive() : o.before;
    Value after = o.sensitive ? o.after.mark_sensitive() : o.after;
    ValueDiff d = diff_values(o.name, o.action == Action::Create ? Value() : before,
                              o.action == Action::Delete ? Value() : after);
    if (o.action == Action::Create) d.op = DiffOp::Add;
    if (o.action == Action::Delete) d.op = DiffOp::Remove;
    if (d.op == DiffOp::Same) d.op = DiffOp::Change;
    diff_lines(body, d, 0, false);
  }
  if (body.empty()) return "";
  return "#### Outputs\n\n" + fenced(body) + "\n";
}

}  // namespace

std::string module_path_of(const std::string& address) {
  std::string error;
  std::optional<ResourceAddress> a = parse_address(address, &error);
  if (!a) return "";
  std::string out;
  for (const AddressStep& s : a->module_path) {
    if (!out.empty()) out += ".";
    out += s.kind + "." + s.name + s.key.to_string();
  }
  return out;
}

std::string render_markdown(const Plan& plan, const MarkdownOptions& options) {
  std::string out;
  out += "### " + options.title;
  if (!plan.workspace.empty()) out += " — workspace `" + plan.workspace + "`";
  out += "\n\n**" + summary_line(plan) + "**\n\n";
  if (std::string e = workspace_expiry_text(plan); !e.empty()) {
    e[0] = 'W';
    out += "⏳ " + e + ".\n\n";
  }
  out += policy_markdown(plan.policies);

  // Counts by template instance, then action.
  struct Counts {
    size_t add = 0, change = 0, replace = 0, destroy = 0;
  };
  std::map<std::string, Counts> by_module;
  std::vector<const ResourceChange*> risky, others;
  for (const ResourceChange& c : plan.changes) {
    if (c.action == Action::NoOp) continue;
    Counts& n = by_module[module_path_of(c.address)];
    switch (c.action) {
      case Action::Create:
        ++n.add;
        break;
      case Action::Update:
        ++n.change;
        break;
      case Action::DeleteCreate:
      case Action::CreateDelete:
        ++n.replace;
        break;
      default:
        ++n.destroy;
    }
    (destroys(c.action) ? risky : others).push_back(&c);
  }
  if (!by_module.empty()) {
    out += "| template instance | add | change | replace | destroy |\n";
    out += "|---|---:|---:|---:|---:|\n";
    for (const auto& [module, n] : by_module) {
      out += fmt::format("| {} | {} | {} | {} | {} |\n", module.empty() ? "(root)" : code(module),
                         n.add, n.change, n.replace ? "⚠️ " + std::to_string(n.replace) : "0",
                         n.destroy ? "⚠️ " + std::to_string(n.destroy) : "0");
    }
    out += "\n";
  }

  // Details, in priority order; everything past the budget is counted, not shown.
  std::vector<std::string> sections;
  std::vector<size_t> section_changes;  // how many changes each section holds
  if (!risky.empty()) {
    sections.push_back(fmt::format("#### ⚠️ Destroyed or replaced ({})\n\n", risky.size()));
    section_changes.push_back(0);
    for (const ResourceChange* c : risky) {
      sections.push_back(change_block(*c, plan.created_at));
      section_changes.push_back(1);
    }
  }
  if (!others.empty()) {
    sections.push_back(fmt::format("#### Changes ({})\n\n", others.size()));
    section_changes.push_back(0);
    for (const ResourceChange* c : others) {
      sections.push_back(change_block(*c, plan.created_at));
      section_changes.push_back(1);
    }
  }
  if (std::string o = outputs_block(plan); !o.empty()) {
    sections.push_back(std::move(o));
    section_changes.push_back(0);
  }
  if (!plan.drift.empty()) {
    sections.push_back(fmt::format("#### Changed outside mesh ({})\n\n", plan.drift.size()));
    section_changes.push_back(0);
    for (const Drift& d : plan.drift) {
      sections.push_back(drift_block(d));
      section_changes.push_back(0);
    }
  }
  const size_t reserve = 400;  // for the truncation note
  size_t omitted = 0, cut_at = sections.size();
  for (size_t i = 0; i < sections.size(); ++i) {
    if (out.size() + sections[i].size() + reserve > options.max_chars) {
      cut_at = i;
      break;
    }
    out += sections[i];
  }
  if (cut_at < sections.size()) {
    for (size_t i = cut_at; i < sections.size(); ++i) omitted += section_changes[i];
    out += fmt::format(
        "\n> **Truncated:** {} more change{} (and any drift and output details) are not shown: "
        "a comment is limited to {} characters. Run `mesh show PLANFILE` for the whole plan.\n",
        omitted, omitted == 1 ? "" : "s", options.max_chars);
  }
  return out;
}

}  // namespace mesh::plan
