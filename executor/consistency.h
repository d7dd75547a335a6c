#pragma once
/// Checks that what a provider returns keeps the promises of the plan: every value known at
/// plan time is the value applied. A broken promise is the provider's bug, reported as
/// "provider produced an inconsistent result" rather than silently accepted.

#include <optional>
#include <string>

#include "core/value.h"

namespace mesh::exec {

/// A message naming the first place where `actual` differs from a known part of `planned`,
/// or nullopt. Values are shown only when neither side is sensitive.
std::optional<std::string> contradiction(const Value& planned, const Value& actual);

/// The path of the first unknown inside `value` ("" for the value itself), or nullopt.
std::optional<std::string> first_unknown(const Value& value);

}  // namespace mesh::exec
