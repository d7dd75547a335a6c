#pragma once
/// Names and phrases for plan actions and reasons, shared by the three renderers and the
/// saved-plan format so that every view says the same thing in the same words.

#include <optional>
#include <string>
#include <string_view>

#include "planner/plan.h"

namespace mesh::plan {

/// Stable machine names, used by the JSON format and saved plans: "no-op", "create",
/// "update", "delete-create", "create-delete", "delete".
std::string_view action_name(Action action);
std::optional<Action> parse_action(std::string_view name);

/// Terraform-familiar symbols: "+", "~", "-/+", "+/-", "-", " ".
std::string_view action_symbol(Action action);

/// "created", "updated in place", "replaced", "destroyed": completes "will be …".
std::string_view action_phrase(Action action);

/// Stable machine names of reasons ("none", "forces-replacement", "replace-requested",
/// "not-in-configuration", "ttl-expired", "drifted", "gone", "destroy-requested").
std::string_view reason_name(Reason reason);
std::optional<Reason> parse_reason(std::string_view name);

/// The reason as a reader sees it: `forces replacement: name, port`, `no longer in
/// configuration`, `ttl expired`, `drifted outside mesh`, `replace requested`, `deleted
/// outside mesh`, `destroy requested`; "" for Reason::None.
std::string reason_text(const ResourceChange& change);

bool is_replace(Action action);
/// Whether the change deletes the object that exists now (deletes and replaces).
bool destroys(Action action);

/// `expires in 7h59m`, `expired 3m ago`: an expiry relative to `now` (Unix seconds).
std::string expiry_text(int64_t expires_at, int64_t now);

/// The plan's line about the workspace's own expiry ("" when it has none and gets none):
/// `workspace pr-42 expires in 23h59m`, `workspace pr-42 expires in 1d (was: expires in 2h)`,
/// `workspace pr-42 expires in 1d (was: no expiry)`, `workspace pr-42 no longer expires (was:
/// expires in 2h)`, `workspace pr-42 expired 1h ago`.
std::string workspace_expiry_text(const Plan& plan);

}  // namespace mesh::plan
