#include "core/number.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <limits>

namespace mesh {
namespace {

using i128 = __int128;
constexpr int kMaxScale = 18;

i128 pow10(int n) {
  i128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

bool fits_int64(i128 v) {
  return v >= std::numeric_limits<int64_t>::min() && v <= std::numeric_limits<int64_t>::max();
}

i128 abs128(i128 v) {
  return v < 0 ? -v : v;
}

/// Divides by 10^n rounding half away from zero.
i128 round_div_pow10(i128 m, int n) {
  i128 p = pow10(n);
  i128 q = m / p;
  i128 r = m % p;
  if (abs128(r) * 2 >= p) q += (m < 0 ? -1 : 1);
  return q;
}

}  // namespace

Number Number::from_int(int64_t value) {
  Number n;
  n.mantissa_ = value;
  return n;
}

/// Builds a normalized number from a wide mantissa and a scale (which may be negative or
/// larger than kMaxScale). Digits beyond what fits in int64 at scale >= 0 are rounded off;
/// only an integer part too large for int64 falls back to a double.
static Number make_number(i128 m, int scale) {
  while (scale < 0) {
    if (abs128(m) > pow10(37))
      return Number::from_double(static_cast<double>(m) * std::pow(10.0, -scale));
    m *= 10;
    ++scale;
  }
  if (scale > kMaxScale) {
    m = round_div_pow10(m, scale - kMaxScale);
    scale = kMaxScale;
  }
  while (scale > 0 && !fits_int64(m)) {
    m = round_div_pow10(m, 1);
    --scale;
  }
  while (scale > 0 && m % 10 == 0) {
    m /= 10;
    --scale;
  }
  if (m == 0) scale = 0;
  if (!fits_int64(m)) return Number::from_double(static_cast<double>(m));
  return Number::from_decimal(static_cast<int64_t>(m), scale);
}

Number Number::from_decimal(int64_t mantissa, int scale) {
  Number n;
  while (scale > 0 && mantissa % 10 == 0) {
    mantissa /= 10;
    --scale;
  }
  if (mantissa == 0) scale = 0;
  n.mantissa_ = mantissa;
  n.scale_ = static_cast<int8_t>(scale);
  return n;
}

Number Number::from_double(double value) {
  if (std::isfinite(value)) {
    std::string text = fmt::format("{}", value);
    // Parse the shortest round-trip text exactly; keep the double only when it does not fit.
    bool fits = true;
    std::optional<Number> parsed;
    {
      // Avoid recursion into from_double through parse(): parse() never calls from_double
      // for texts that fit, and we check exactness ourselves.
      parsed = parse(text);
      fits = parsed && parsed->exact_;
    }
    if (fits) return *parsed;
  }
  Number n;
  n.double_ = value;
  n.exact_ = false;
  return n;
}

std::optional<Number> Number::parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  std::string digits;
  int exponent = 0;
  bool any = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') digits += text[i++], any = true;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      digits += text[i++];
      --exponent;
      any = true;
    }
  }
  if (!any) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
    if (i >= text.size()) return std::nullopt;
    long e = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      e = e * 10 + (text[i++] - '0');
      if (e > 100000) return std::nullopt;
    }
    exponent += static_cast<int>(exp_negative ? -e : e);
  }
  if (i != text.size()) return std::nullopt;

  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Number();
  digits.erase(0, first);
  while (digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  // Exact when the significant digits fit in int64 and the value fits at a scale <= 18.
  if (digits.size() <= 19 && exponent >= -kMaxScale &&
      exponent + static_cast<int>(digits.size()) <= 19) {
    i128 m = 0;
    for (char c : digits) m = m * 10 + (c - '0');
    if (exponent > 0) m *= pow10(exponent);
    if (negative) m = -m;
    if (fits_int64(m)) return from_decimal(static_cast<int64_t>(m), exponent < 0 ? -exponent : 0);
  }
  Number n;
  n.double_ = std::strtod(std::string(text).c_str(), nullptr);
  n.exact_ = false;
  if (!std::isfinite(n.double_)) return std::nullopt;
  return n;
}

bool Number::is_integer() const {
  if (exact_) return scale_ == 0;
  return std::isfinite(double_) && std::floor(double_) == double_;
}

std::optional<int64_t> Number::to_int64() const {
  if (exact_) {
    if (scale_ != 0) return std::nullopt;
    return mantissa_;
  }
  if (!is_integer() || double_ < -9.2e18 || double_ > 9.2e18) return std::nullopt;
  return static_cast<int64_t>(double_);
}

double Number::to_double() const {
  if (!exact_) return double_;
  return static_cast<double>(mantissa_) / std::pow(10.0, scale_);
}

bool Number::is_zero() const {
  return exact_ ? mantissa_ == 0 : double_ == 0;
}
bool Number::is_negative() const {
  return exact_ ? mantissa_ < 0 : double_ < 0;
}

std::string Number::to_string() const {
  if (!exact_) {
    std::string text = fmt::format("{}", double_);
    if (!is_integer()) return text;
    // An integral double prints its shortest digits followed by zeros, never an exponent:
    // 1e30 → "1000000000000000000000000000000" (the digits a user wrote, not the binary tail).
    size_t e = text.find('e');
    if (e == std::string::npos) return text;
    std::string digits = text.substr(0, e);
    int exponent = std::stoi(text.substr(e + 1));
    bool negative = !digits.empty() && digits[0] == '-';
    if (negative) digits.erase(0, 1);
    size_t dot = digits.find('.');
    if (dot != std::string::npos) {
      exponent -= static_cast<int>(digits.size() - dot - 1);
      digits.erase(dot, 1);
    }
    if (exponent > 0) digits.append(static_cast<size_t>(exponent), '0');
    return negative ? "-" + digits : digits;
  }
  if (scale_ == 0) return std::to_string(mantissa_);
  bool negative = mantissa_ < 0;
  i128 m = abs128(mantissa_);
  std::string digits;
  while (m > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  }
  while (digits.size() <= static_cast<size_t>(scale_)) digits.insert(digits.begin(), '0');
  digits.insert(digits.end() - scale_, '.');
  return negative ? "-" + digits : digits;
}

int Number::compare(const Number& other) const {
  if (exact_ && other.exact_) {
    int s = std::max(scale_, other.scale_);
    i128 a = static_cast<i128>(mantissa_) * pow10(s - scale_);
    i128 b = static_cast<i128>(other.mantissa_) * pow10(s - other.scale_);
    return a < b ? -1 : (a > b ? 1 : 0);
  }
  double a = to_double(), b = other.to_double();
  return a < b ? -1 : (a > b ? 1 : 0);
}

Number Number::operator+(const Number& other) const {
  if (!exact_ || !other.exact_) return from_double(to_double() + other.to_double());
  int s = std::max(scale_, other.scale_);
  i128 a = static_cast<i128>(mantissa_) * pow10(s - scale_);
  i128 b = static_cast<i128>(other.mantissa_) * pow10(s - other.scale_);
  return make_number(a + b, s);
}

Number Number::operator-() const {
  if (!exact_) return from_double(-double_);
  return make_number(-static_cast<i128>(mantissa_), scale_);
}

Number Number::operator-(const Number& other) const {
  return *this + (-other);
}

Number Number::operator*(const Number& other) const {
  if (!exact_ || !other.exact_) return from_double(to_double() * other.to_double());
  i128 m = static_cast<i128>(mantissa_) * static_cast<i128>(other.mantissa_);
  return make_number(m, scale_ + other.scale_);
}

std::optional<Number> Number::divide(const Number& other) const {
  if (other.is_zero()) return std::nullopt;
  if (!exact_ || !other.exact_) return from_double(to_double() / other.to_double());
  i128 n = mantissa_;
  i128 d = other.mantissa_;
  int s = scale_ - other.scale_;
  // Scale the numerator up until the division is exact or 18 decimals are reached.
  while (n % d != 0 && s < kMaxScale && abs128(n) < pow10(36)) {
    n *= 10;
    ++s;
  }
  i128 q = n / d;
  i128 r = n % d;
  if (r != 0 && abs128(r) * 2 >= abs128(d)) q += ((n < 0) != (d < 0)) ? -1 : 1;
  return make_number(q, s);
}

std::optional<Number> Number::modulo(const Number& other) const {
  if (other.is_zero()) return std::nullopt;
  if (!exact_ || !other.exact_) return from_double(std::fmod(to_double(), other.to_double()));
  int s = std::max(scale_, other.scale_);
  i128 a = static_cast<i128>(mantissa_) * pow10(s - scale_);
  i128 b = static_cast<i128>(other.mantissa_) * pow10(s - other.scale_);
  return make_number(a % b, s);
}

Number Number::floor() const {
  if (!exact_) return from_double(std::floor(double_));
  if (scale_ == 0) return *this;
  i128 p = pow10(scale_);
  i128 q = mantissa_ / p;
  if (mantissa_ < 0 && mantissa_ % p != 0) q -= 1;
  return make_number(q, 0);
}

}  // namespace mesh
