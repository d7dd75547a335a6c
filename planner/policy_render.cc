#include "planner/policy_render.h"

namespace mesh::plan {
namespace {

struct Counts {
  size_t passed = 0, denied = 0, warned = 0, unknown = 0;
};

Counts count(const std::vector<PolicyResult>& results) {
  Counts c;
  for (const PolicyResult& r : results) {
    if (r.status == "pass")
      ++c.passed;
    else if (r.status == "unknown")
      ++c.unknown;
    else if (r.enforcement == "deny")
      ++c.denied;
    else
      ++c.warned;
  }
  return c;
}

std::string headline(const Counts& c) {
  std::string out = "Policies: " + std::to_string(c.passed) + " passed";
  if (c.denied) out += ", " + std::to_string(c.denied) + " denied";
  if (c.warned) out += ", " + std::to_string(c.warned) + " warning" + (c.warned == 1 ? "" : "s");
  if (c.unknown) out += ", " + std::to_string(c.unknown) + " checked at apply";
  return out;
}

std::string verdict(const PolicyResult& r) {
  if (r.status == "unknown") return r.enforcement + " (checked at apply)";
  return r.enforcement == "deny" ? "deny" : "warn";
}

std::string where(const PolicyResult& r) {
  std::string out;
  if (!r.policy_location.empty()) out += "policy at " + r.policy_location;
  if (!r.subject_location.empty())
    out += std::string(out.empty() ? "" : ", ") + r.address + " at " + r.subject_location;
  return out;
}

}  // namespace

std::string policy_violation_line(const PolicyResult& r) {
  std::string out = verdict(r) + ": policy \"" + r.policy + "\" on " + r.address + ": " + r.message;
  if (std::string w = where(r); !w.empty()) out += " (" + w + ")";
  return out;
}

std::string policy_text(const std::vector<PolicyResult>& results) {
  if (results.empty()) return "";
  std::string out = headline(count(results)) + "\n";
  for (const PolicyResult& r : results) {
    if (r.status == "pass") continue;
    out += "  " + verdict(r) + "  " + r.policy + "  " + r.address + "\n";
    out += "      " + r.message + "\n";
    if (std::string w = where(r); !w.empty()) out += "      " + w + "\n";
  }
  return out + "\n";
}

std::string policy_markdown(const std::vector<PolicyResult>& results) {
  if (results.empty()) return "";
  std::string out = "#### " + headline(count(results)) + "\n\n";
  bool any = false;
  for (const PolicyResult& r : results) {
    if (r.status == "pass") continue;
    if (!any) out += "| policy | instance | verdict | message |\n|---|---|---|---|\n";
    any = true;
    std::string message;
    for (char ch : r.message) message += ch == '|' ? std::string("\\|") : std::string(1, ch);
    out += "| `" + r.policy + "` | `" + r.address + "` | " +
           (r.enforcement == "deny" && r.status == "fail" ? "⛔ " : "⚠️ ") + verdict(r) + " | " +
           message + " |\n";
  }
  return out + (any ? "\n" : "");
}

}  // namespace mesh::plan
