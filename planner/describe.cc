#include "planner/describe.h"

#include <array>

#include "core/duration.h"

namespace mesh::plan {
namespace {

constexpr std::array<std::pair<Action, std::string_view>, 6> kActions = {{
    {Action::NoOp, "no-op"},
    {Action::Create, "create"},
    {Action::Update, "update"},
    {Action::DeleteCreate, "delete-create"},
    {Action::CreateDelete, "create-delete"},
    {Action::Delete, "delete"},
}};

constexpr std::array<std::pair<Reason, std::string_view>, 8> kReasons = {{
    {Reason::None, "none"},
    {Reason::ForcesReplacement, "forces-replacement"},
    {Reason::ReplaceRequested, "replace-requested"},
    {Reason::NotInConfig, "not-in-configuration"},
    {Reason::TtlExpired, "ttl-expired"},
    {Reason::Drifted, "drifted"},
    {Reason::Gone, "gone"},
    {Reason::DestroyRequested, "destroy-requested"},
}};

}  // namespace

std::string_view action_name(Action action) {
  for (const auto& [a, name] : kActions) {
    if (a == action) return name;
  }
  return "no-op";
}

std::optional<Action> parse_action(std::string_view name) {
  for (const auto& [a, n] : kActions) {
    if (n == name) return a;
  }
  return std::nullopt;
}

std::string_view action_symbol(Action action) {
  switch (action) {
    case Action::Create:
      return "+";
    case Action::Update:
      return "~";
    case Action::DeleteCreate:
      return "-/+";
    case Action::CreateDelete:
      return "+/-";
    case Action::Delete:
      return "-";
    case Action::NoOp:
      break;
  }
  return " ";
}

std::string_view action_phrase(Action action) {
  switch (action) {
    case Action::Create:
      return "created";
    case Action::Update:
      return "updated in place";
    case Action::DeleteCreate:
    case Action::CreateDelete:
      return "replaced";
    case Action::Delete:
      return "destroyed";
    case Action::NoOp:
      break;
  }
  return "left unchanged";
}

std::string_view reason_name(Reason reason) {
  for (const auto& [r, name] : kReasons) {
    if (r == reason) return name;
  }
  return "none";
}

std::optional<Reason> parse_reason(std::string_view name) {
  for (const auto& [r, n] : kReasons) {
    if (n == name) return r;
  }
  return std::nullopt;
}

std::string reason_text(const ResourceChange& change) {
  switch (change.reason) {
    case Reason::None:
      return "";
    case Reason::ForcesReplacement: {
      std::string out = "forces replacement";
      for (size_t i = 0; i < change.replace_paths.size(); ++i) {
        out += i == 0 ? ": " : ", ";
        out += change.replace_paths[i];
      }
      return out;
    }
    case Reason::ReplaceRequested:
      return "replace requested";
    case Reason::NotInConfig:
      return "no longer in configuration";
    case Reason::TtlExpired:
      return "ttl expired";
    case Reason::Drifted:
      return "drifted outside mesh";
    case Reason::Gone:
      return "deleted outside mesh";
    case Reason::DestroyRequested:
      return "destroy requested";
  }
  return "";
}

bool is_replace(Action action) {
  return action == Action::DeleteCreate || action == Action::CreateDelete;
}

bool destroys(Action action) {
  return action == Action::Delete || is_replace(action);
}

std::string workspace_expiry_text(const Plan& plan) {
  const auto& after = plan.workspace_expires_at;
  const auto& before = plan.prior_workspace_expires_at;
  if (!after && !before) return "";
  std::string out = "workspace " + plan.workspace + " ";
  out += after ? expiry_text(*after, plan.created_at) : std::string("no longer expires");
  if (after != before)
    out += " (was: " + (before ? expiry_text(*before, plan.created_at) : "no expiry") + ")";
  return out;
}

std::string expiry_text(int64_t expires_at, int64_t now) {
  // Minutes are enough for a reader; seconds only when less than a minute is left.
  auto rounded = [](int64_t seconds) {
    if (seconds >= 60) seconds -= seconds % 60;
    return format_duration(seconds * 1000);
  };
  if (expires_at > now) return "expires in " + rounded(expires_at - now);
  return "expired " + rounded(now - expires_at) + " ago";
}

}  // namespace mesh::plan
