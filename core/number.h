#pragma once
/// Numbers of the mesh language.
///
/// Representation: an exact decimal `mantissa * 10^-scale` (int64 mantissa, scale 0..18) for
/// every integer and every number a user writes, and for the results of + - * % and of / when
/// they fit; so `0.1 + 0.2` is exactly `0.3` and `7 / 2` is exactly `3.5`. A result that does not
/// fit (huge products, 1/3 beyond 18 decimals) falls back to a binary double, flagged `exact() ==
/// false`; `1 / 3` rounds to 18 decimal places and stays exact-decimal. Values are normalized
/// (no trailing zeros in the mantissa), so equal numbers have equal representations and
/// `12.50` prints `12.5`. Integers never print with an exponent.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mesh {

class Number {
 public:
  Number() = default;  ///< zero
  static Number from_int(int64_t value);
  /// A double made exact when its shortest round-trip decimal fits (0.1 → exactly 0.1).
  static Number from_double(double value);
  /// An exact decimal from its parts; normalizes. `scale` must be 0..18.
  static Number from_decimal(int64_t mantissa, int scale);
  /// Parses source text: "42", "-3", "12.50", "1e3", "2.5E-2". nullopt when malformed.
  static std::optional<Number> parse(std::string_view text);

  bool exact() const { return exact_; }
  bool is_integer() const;
  /// The value as int64 when it is an integer in range, nullopt otherwise.
  std::optional<int64_t> to_int64() const;
  double to_double() const;
  int64_t mantissa() const { return exact_ ? mantissa_ : 0; }
  int scale() const { return scale_; }
  bool is_zero() const;
  bool is_negative() const;

  /// Canonical text: "42", "-3.5", "0.3"; never an exponent for exact numbers.
  std::string to_string() const;

  /// -1, 0, 1.
  int compare(const Number& other) const;
  bool operator==(const Number& other) const { return compare(other) == 0; }
  bool operator!=(const Number& other) const { return compare(other) != 0; }
  bool operator<(const Number& other) const { return compare(other) < 0; }

  Number operator+(const Number& other) const;
  Number operator-(const Number& other) const;
  Number operator*(const Number& other) const;
  Number operator-() const;
  /// nullopt on division by zero.
  std::optional<Number> divide(const Number& other) const;
  /// Remainder with the sign of the dividend (like C's fmod). nullopt on modulo by zero.
  std::optional<Number> modulo(const Number& other) const;
  /// Rounds toward negative infinity to an integer.
  Number floor() const;

 private:
  union {
    int64_t mantissa_ = 0;
    double double_;
  };
  int8_t scale_ = 0;
  bool exact_ = true;

  friend class Value;
};

}  // namespace mesh
