#include <doctest/doctest.h>

#include "core/duration.h"

using namespace mesh;

TEST_CASE("durations parse from text") {
  CHECK(parse_duration("8h") == 8 * 3600000LL);
  CHECK(parse_duration("1h30m") == 5400000);
  CHECK(parse_duration("7d") == 7 * 86400000LL);
  CHECK(parse_duration("500ms") == 500);
  CHECK(parse_duration("90s") == 90000);
  CHECK(parse_duration("1.5h") == 5400000);
  CHECK(parse_duration("-15m") == -900000);
  CHECK(parse_duration("1m1ms") == 60001);
  CHECK(parse_duration("") == std::nullopt);
  CHECK(parse_duration("8") == std::nullopt);
  CHECK(parse_duration("8x") == std::nullopt);
  CHECK(parse_duration("h") == std::nullopt);
  CHECK(parse_duration("0.0001s") == std::nullopt);
  CHECK(parse_duration("99999999999999999999d") == std::nullopt);
}

TEST_CASE("durations print canonically") {
  CHECK(format_duration(8 * 3600000LL) == "8h");
  CHECK(format_duration(5400000) == "1h30m");
  CHECK(format_duration(90000) == "1m30s");
  CHECK(format_duration(500) == "500ms");
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(7 * 86400000LL) == "7d");
  CHECK(format_duration(-900000) == "-15m");
  CHECK(format_duration(90061001) == "1d1h1m1s1ms");
  CHECK(format_duration(INT64_MIN).rfind("-", 0) == 0);
}
