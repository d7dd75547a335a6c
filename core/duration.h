#pragma once
/// Durations of the mesh language (`90s`, `8h`, `7d`, `1h30m`, `500ms`): a signed count of
/// milliseconds. A day is exactly 24h (no calendar, no DST): durations are lengths, not dates.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mesh {

/// Parses "8h", "1h30m", "7d", "500ms", "-15m", "1.5h" (a fractional part is allowed on each
/// component when the result is a whole number of milliseconds). Units: d, h, m, s, ms.
/// nullopt when malformed or out of range.
std::optional<int64_t> parse_duration(std::string_view text);

/// Canonical text: largest units first, zero components dropped: 90s → "1m30s",
/// 5400000 → "1h30m", 0 → "0s", 500 → "500ms", 7 days → "7d".
std::string format_duration(int64_t milliseconds);

}  // namespace mesh
