#include <doctest/doctest.h>

#include "core/number.h"

using namespace mesh;

static Number N(const char* text) {
  return *Number::parse(text);
}

TEST_CASE("number parses source text exactly and prints canonically") {
  CHECK(N("42").to_string() == "42");
  CHECK(N("-3").to_string() == "-3");
  CHECK(N("12.50").to_string() == "12.5");
  CHECK(N("1e3").to_string() == "1000");
  CHECK(N("2.5E-2").to_string() == "0.025");
  CHECK(N("0.000").to_string() == "0");
  CHECK(N("9223372036854775807").to_string() == "9223372036854775807");
  CHECK(N("1e18").to_string() == "1000000000000000000");
  CHECK(N("12.50").exact());
  CHECK_FALSE(Number::parse("").has_value());
  CHECK_FALSE(Number::parse("1.2.3").has_value());
  CHECK_FALSE(Number::parse("abc").has_value());
  CHECK_FALSE(Number::parse("1e").has_value());
  CHECK_FALSE(Number::parse(".").has_value());
}

TEST_CASE("number arithmetic is exact for decimals") {
  CHECK((N("0.1") + N("0.2")).to_string() == "0.3");
  CHECK((N("0.3") - N("0.1")).to_string() == "0.2");
  CHECK((N("1.5") * N("1.5")).to_string() == "2.25");
  CHECK(N("7").divide(N("2"))->to_string() == "3.5");
  CHECK(N("1").divide(N("3"))->to_string() == "0.333333333333333333");
  CHECK(N("2").divide(N("3"))->to_string() == "0.666666666666666667");
  CHECK(N("-7").divide(N("2"))->to_string() == "-3.5");
  CHECK(N("1").divide(N("0")) == std::nullopt);
  CHECK(N("7").modulo(N("3"))->to_string() == "1");
  CHECK(N("-7").modulo(N("3"))->to_string() == "-1");
  CHECK(N("5.5").modulo(N("2"))->to_string() == "1.5");
  CHECK(N("1").modulo(N("0")) == std::nullopt);
  CHECK((-N("4.5")).to_string() == "-4.5");
  CHECK(N("2.7").floor().to_string() == "2");
  CHECK(N("-2.5").floor().to_string() == "-3");
}

TEST_CASE("number falls back to double only beyond int64 and prints integers without exponent") {
  Number big = N("9223372036854775807") * N("10");
  CHECK_FALSE(big.exact());
  CHECK(big.to_string() == "92233720368547760000");
  Number huge = N("1e30");
  CHECK_FALSE(huge.exact());
  CHECK(huge.to_string() == "1000000000000000000000000000000");
  CHECK(Number::from_double(0.1).exact());
  CHECK(Number::from_double(0.1).to_string() == "0.1");
  CHECK(Number::from_double(2.5).to_string() == "2.5");
}

TEST_CASE("number comparison and integer queries") {
  CHECK(N("1.0") == N("1"));
  CHECK(N("0.1") < N("0.2"));
  CHECK(N("-1") < N("0.5"));
  CHECK(N("1e30").compare(N("1")) == 1);
  CHECK(N("3").to_int64() == 3);
  CHECK(N("3.5").to_int64() == std::nullopt);
  CHECK(N("3").is_integer());
  CHECK_FALSE(N("3.5").is_integer());
  CHECK(N("0").is_zero());
  CHECK(N("-0.5").is_negative());
  CHECK(N("0.5").to_double() == doctest::Approx(0.5));
}

TEST_CASE("number arithmetic agrees with scaled integer arithmetic on random decimals") {
  // Deterministic LCG so failures reproduce.
  uint64_t state = 42;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int64_t>(state >> 33);
  };
  for (int i = 0; i < 2000; ++i) {
    int64_t a = next() % 2000000000 - 1000000000;  // micro-units
    int64_t b = next() % 2000000000 - 1000000000;
    Number x = Number::from_decimal(a, 6), y = Number::from_decimal(b, 6);
    CHECK((x + y) == Number::from_decimal(a + b, 6));
    CHECK((x - y) == Number::from_decimal(a - b, 6));
    __int128 p = static_cast<__int128>(a) * b;  // scale 12
    Number product = x * y;
    CHECK(product.exact());
    CHECK(product == Number::from_decimal(static_cast<int64_t>(p / 1000000), 6) +
                         Number::from_decimal(static_cast<int64_t>(p % 1000000), 12));
    CHECK((x < y) == (a < b));
    if (b != 0) {
      Number q = *x.divide(y);
      // q * y is x up to the 18-decimal rounding of q.
      Number back = q * y;
      CHECK((back - x).to_double() == doctest::Approx(0).epsilon(1e-9));
      CHECK(Number::parse(q.to_string())->compare(q) == 0);
    }
  }
}
