#include "core/duration.h"

#include <limits>

namespace mesh {
namespace {

constexpr int64_t kMs = 1;
constexpr int64_t kSecond = 1000 * kMs;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

}  // namespace

std::optional<int64_t> parse_duration(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (i >= text.size()) return std::nullopt;
  __int128 total = 0;
  while (i < text.size()) {
    __int128 whole = 0;
    __int128 frac = 0;
    __int128 frac_div = 1;
    bool any = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      whole = whole * 10 + (text[i++] - '0');
      any = true;
      if (whole > std::numeric_limits<int64_t>::max()) return std::nullopt;
    }
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        if (frac_div < 1000000000000000000LL) {
          frac = frac * 10 + (text[i] - '0');
          frac_div *= 10;
        }
        ++i;
        any = true;
      }
    }
    if (!any) return std::nullopt;
    int64_t unit = 0;
    if (text.substr(i, 2) == "ms") {
      unit = kMs;
      i += 2;
    } else if (i < text.size()) {
      switch (text[i]) {
        case 'd':
          unit = kDay;
          break;
        case 'h':
          unit = kHour;
          break;
        case 'm':
          unit = kMinute;
          break;
        case 's':
          unit = kSecond;
          break;
        default:
          return std::nullopt;
      }
      ++i;
    } else {
      return std::nullopt;
    }
    if ((frac * unit) % frac_div != 0) return std::nullopt;
    total += whole * unit + frac * unit / frac_div;
    if (total > std::numeric_limits<int64_t>::max()) return std::nullopt;
  }
  int64_t result = static_cast<int64_t>(total);
  return negative ? -result : result;
}

std::string format_duration(int64_t milliseconds) {
  if (milliseconds == 0) return "0s";
  std::string out;
  unsigned long long rest;
  if (milliseconds < 0) {
    out = "-";
    rest = static_cast<unsigned long long>(-(milliseconds + 1)) + 1;
  } else {
    rest = static_cast<unsigned long long>(milliseconds);
  }
  struct Unit {
    unsigned long long ms;
    const char* suffix;
  };
  static const Unit units[] = {
      {kDay, "d"}, {kHour, "h"}, {kMinute, "m"}, {kSecond, "s"}, {kMs, "ms"}};
  for (const Unit& u : units) {
    if (rest >= u.ms) {
      out += std::to_string(rest / u.ms);
      out += u.suffix;
      rest %= u.ms;
    }
  }
  return out;
}

}  // namespace mesh
