#include "planner/render_human.h"

#include <fmt/color.h>
#include <fmt/format.h>

#include "core/address.h"
#include "core/value_display.h"
#include "planner/describe.h"
#include "planner/policy_render.h"
#include "planner/value_diff.h"

namespace mesh::plan {
namespace {

class Writer {
 public:
  explicit Writer(bool color) : color_(color) {}

  std::string styled(std::string_view text, fmt::text_style style) const {
    if (!color_ || text.empty()) return std::string(text);
    return fmt::format(style, "{}", text);
  }
  std::string symbol(std::string_view sym) const {
    if (sym == "+") return styled(sym, fmt::fg(fmt::terminal_color::green));
    if (sym == "-") return styled(sym, fmt::fg(fmt::terminal_color::red));
    if (sym == "~") return styled(sym, fmt::fg(fmt::terminal_color::yellow));
    if (sym == "-/+" || sym == "+/-") return styled(sym, fmt::fg(fmt::terminal_color::magenta));
    return std::string(sym);
  }
  std::string bold(std::string_view text) const { return styled(text, fmt::emphasis::bold); }
  std::string dim(std::string_view text) const { return styled(text, fmt::emphasis::faint); }

  std::string out;

 private:
  bool color_;
};

std::string_view op_symbol(DiffOp op) {
  switch (op) {
    case DiffOp::Add:
      return "+";
    case DiffOp::Remove:
      return "-";
    case DiffOp::Change:
      return "~";
    case DiffOp::Same:
      break;
  }
  return " ";
}

/// A value as it sits after `key = ` on a line whose symbol is at column `indent`.
std::string shown(const Value& v, size_t indent) {
  if (v.is_sensitive()) return "(sensitive)";
  DisplayOptions options;
  options.indent = static_cast<int>(indent + 2);
  return to_display_string(v, options);
}

void write_hidden(Writer& w, size_t indent, size_t hidden, std::string_view what) {
  if (hidden == 0) return;
  w.out += std::string(indent + 2, ' ');
  w.out += w.dim(fmt::format("# ({} unchanged {} hidden)", hidden,
                             hidden == 1 ? what : std::string(what) + "s"));
  w.out += '\n';
}

void write_diff(Writer& w, const ValueDiff& d, size_t indent, size_t key_width, bool in_list);

void write_children(Writer& w, const ValueDiff& d, size_t indent) {
  const bool list = d.before.is_sequence();
  size_t width = 0;
  for (const ValueDiff& c : d.children) width = std::max(width, display_key(c.key).size());
  for (const ValueDiff& c : d.children) write_diff(w, c, indent, width, list);
  write_hidden(w, indent, d.hidden, "element");
}

void write_diff(Writer& w, const ValueDiff& d, size_t indent, size_t key_width, bool in_list) {
  std::string pad(indent, ' ');
  std::string head = pad + w.symbol(op_symbol(d.op)) + " ";
  if (!in_list) {
    std::string key = display_key(d.key);
    head += key + std::string(key_width - key.size(), ' ') + " = ";
  }
  std::string marker = d.forces_replacement ? " " + w.styled("# forces replacement",
                                                             fmt::fg(fmt::terminal_color::red))
                                            : "";
  std::string comma = in_list ? "," : "";
  if (d.nested) {
    const bool list = d.before.is_sequence();
    w.out += head + (list ? "[" : "{") + marker + "\n";
    write_children(w, d, indent + 4);
    w.out += pad + "  " + (list ? "]" : "}") + comma + "\n";
    return;
  }
  const bool secret = d.before.is_sensitive() || d.after.is_sensitive();
  switch (d.op) {
    case DiffOp::Add:
      w.out += head + shown(d.after, indent) + comma + marker + "\n";
      break;
    case DiffOp::Remove:
      w.out += head + shown(d.before, indent) + (in_list ? "" : " -> null") + comma + marker + "\n";
      break;
    case DiffOp::Change:
    case DiffOp::Same:
      if (secret) {
        w.out += head + "(sensitive)" + comma + marker + "\n";
      } else {
        w.out += head + shown(d.before, indent) + " -> " + shown(d.after, indent) + comma + marker +
                 "\n";
      }
      break;
  }
}

std::string resource_name(const std::string& address) {
  std::string error;
  std::optional<ResourceAddress> a = parse_address(address, &error);
  return a ? a->resource.name : address;
}

void write_change(Writer& w, const ResourceChange& c, int64_t now) {
  w.out += "  " + w.bold("# " + c.address);
  switch (c.action) {
    case Action::Create:
      w.out += w.bold(" will be created");
      break;
    case Action::Update:
      w.out += w.bold(" will be updated in place");
      break;
    case Action::DeleteCreate:
    case Action::CreateDelete:
      w.out += " " + w.styled("must be replaced",
                              fmt::emphasis::bold | fmt::fg(fmt::terminal_color::red));
      break;
    case Action::Delete:
      w.out += " " + w.styled("will be destroyed",
                              fmt::emphasis::bold | fmt::fg(fmt::terminal_color::red));
      break;
    case Action::NoOp:
      break;
  }
  w.out += "\n";
  if (c.reason != Reason::None && c.reason != Reason::ForcesReplacement)
    w.out += "  # (because " + reason_text(c) + ")\n";
  if (c.action == Action::CreateDelete)
    w.out +=
        "  # (create_before_destroy: the new object is created before the old one is "
        "destroyed)\n";
  if (c.prior_prevent_destroy != c.prevent_destroy && c.action == Action::Update)
    w.out += fmt::format("  # (prevent_destroy: {} -> {})\n", c.prior_prevent_destroy,
                         c.prevent_destroy);
  if (c.expires_at && c.action != Action::Delete) {
    w.out += "  # (" + expiry_text(*c.expires_at, now) + ")\n";
  } else if (!c.expires_at && c.prior_expires_at && c.action == Action::Update) {
    w.out += "  # (ttl removed: no longer expires)\n";
  }

  std::string_view sym = action_symbol(c.action);
  w.out += std::string(sym.size() == 1 ? "  " : "") + w.symbol(sym) +
           fmt::format(" resource \"{}\" \"{}\" {{\n", c.type, resource_name(c.address));
  AttributeDiff diff =
      diff_attributes(c.before, c.action == Action::Delete ? Value() : c.after, c.replace_paths);
  size_t width = 0;
  for (const ValueDiff& d : diff.attributes) width = std::max(width, display_key(d.key).size());
  for (const ValueDiff& d : diff.attributes) write_diff(w, d, 6, width, false);
  if (c.action != Action::Create && c.action != Action::Delete)
    write_hidden(w, 6, diff.hidden, "attribute");
  w.out += "    }\n\n";
}

void write_drift(Writer& w, const Drift& d) {
  w.out += "  " + w.bold("# " + d.address) +
           w.bold(d.gone ? " was deleted outside mesh" : " has changed outside mesh") + "\n";
  if (d.gone) {
    w.out += "\n";
    return;
  }
  std::string error;
  std::optional<ResourceAddress> parsed = parse_address(d.address, &error);
  w.out += "  " + w.symbol("~") +
           (parsed ? fmt::format(" resource \"{}\" \"{}\" {{\n", parsed->resource.kind,
                                 parsed->resource.name)
                   : std::string(" resource {\n"));
  AttributeDiff diff = diff_attributes(d.before, d.after, {});
  size_t width = 0;
  for (const ValueDiff& a : diff.attributes) width = std::max(width, display_key(a.key).size());
  for (const ValueDiff& a : diff.attributes) write_diff(w, a, 6, width, false);
  write_hidden(w, 6, diff.hidden, "attribute");
  w.out += "    }\n\n";
}

void write_outputs(Writer& w, const Plan& plan) {
  size_t width = 0;
  bool any = false;
  for (const OutputChange& o : plan.outputs) {
    if (o.action == Action::NoOp) continue;
    any = true;
    width = std::max(width, display_key(o.name).size());
  }
  if (!any) return;
  w.out += "Changes to outputs:\n";
  for (const OutputChange& o : plan.outputs) {
    if (o.action == Action::NoOp) continue;
    Value before = o.sensitive ? o.before.mark_sensitive() : o.before;
    Value after = o.sensitive ? o.after.mark_sensitive() : o.after;
    ValueDiff d;
    if (o.action == Action::Create) {
      d = diff_values(o.name, Value(), after);
      d.op = DiffOp::Add;
    } else if (o.action == Action::Delete) {
      d = diff_values(o.name, before, Value());
      d.op = DiffOp::Remove;
    } else {
      d = diff_values(o.name, before, after);
      if (d.op == DiffOp::Same) d.op = DiffOp::Change;
    }
    write_diff(w, d, 2, width, false);
  }
  w.out += "\n";
}

}  // namespace

std::string summary_line(const Plan& plan) {
  Summary s = plan.summary();
  bool outputs = false;
  for (const OutputChange& o : plan.outputs) outputs = outputs || o.action != Action::NoOp;
  if (s.empty() && !outputs) {
    // `--ttl` alone: the apply records the workspace's new expiry and touches nothing else.
    if (plan.workspace_expires_at != plan.prior_workspace_expires_at)
      return "No resource changes; only the workspace's expiry changes.";
    return "No changes. Your infrastructure matches the configuration.";
  }
  return fmt::format("Plan: {} to add, {} to change, {} to replace, {} to destroy.", s.add,
                     s.change, s.replace, s.destroy);
}

std::string render_human(const Plan& plan, const HumanOptions& options) {
  Writer w(options.color);
  if (!plan.drift.empty()) {
    w.out += w.bold("Changed outside mesh") +
             " (found by refresh; the plan below starts from "
             "what exists now):\n\n";
    for (const Drift& d : plan.drift) write_drift(w, d);
  }
  bool any = false;
  for (const ResourceChange& c : plan.changes) any = any || c.action != Action::NoOp;
  if (any) {
    w.out += plan.destroy ? "mesh will destroy the following:\n\n"
                          : "mesh will perform the following actions:\n\n";
    for (const ResourceChange& c : plan.changes) {
      if (c.action != Action::NoOp) write_change(w, c, plan.created_at);
    }
  }
  write_outputs(w, plan);
  if (std::string e = workspace_expiry_text(plan); !e.empty()) {
    e[0] = 'W';
    w.out += e + ".\n\n";
  }
  if (!plan.targets.empty()) {
    w.out += "Limited to --target";
    for (const std::string& t : plan.targets) w.out += " " + t;
    w.out += " and what they depend on.\n\n";
  }
  w.out += policy_text(plan.policies);
  w.out += w.bold(summary_line(plan)) + "\n";
  return w.out;
}

}  // namespace mesh::plan
