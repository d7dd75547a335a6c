/// String functions: format, formatlist, join, split, lower, upper, title, replace, trim*,
/// substr, regex, regexall, startswith, endswith, strlen, indent, strrev.

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "compiler/functions/library.h"
#include "core/value_json.h"
#include "core/value_ops.h"

namespace mesh::functions {
namespace {

using Args = std::vector<Value>;
using Ctx = FunctionContext;

const Type kStringList = Type::list(Type::string());

/// `s` with the ASCII letters mapped by `f`.
template <typename F>
std::string map_ascii(const std::string& s, F f) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(f(static_cast<unsigned char>(c)));
  return out;
}

/// Rounds the exact decimal text of `n` to `precision` decimals (half away from zero).
std::string fixed(const Number& n, int precision) {
  if (!n.exact()) return fmt::format("{:.{}f}", n.to_double(), precision);
  std::string text = n.to_string();
  bool negative = text[0] == '-';
  if (negative) text.erase(0, 1);
  size_t dot = text.find('.');
  std::string whole = dot == std::string::npos ? text : text.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  bool round_up = frac.size() > static_cast<size_t>(precision) && frac[precision] >= '5';
  frac.resize(static_cast<size_t>(precision), '0');
  std::string digits = whole + frac;
  if (round_up) {
    int i = static_cast<int>(digits.size()) - 1;
    while (i >= 0 && digits[i] == '9') digits[i--] = '0';
    if (i >= 0) {
      ++digits[i];
    } else {
      digits.insert(digits.begin(), '1');
    }
  }
  std::string out = digits.substr(0, digits.size() - precision);
  if (precision > 0) out += "." + digits.substr(digits.size() - precision);
  bool zero = out.find_first_not_of("0.") == std::string::npos;
  return (negative && !zero) ? "-" + out : out;
}

size_t code_points(std::string_view s) {
  return code_point_offsets(s).size() - 1;
}

struct Spec {
  bool left = false, plus = false, zero = false, space = false;
  int width = -1;
  int precision = -1;
  char verb = 0;
};

/// One formatted verb, or false with `*error`.
bool format_verb(const Spec& spec, const Value& v, std::string* out, std::string* error) {
  switch (spec.verb) {
    case 's': {
      if (!primitive_text(v, out, error)) return false;
      if (spec.precision >= 0) {
        auto offsets = code_point_offsets(*out);
        if (offsets.size() - 1 > static_cast<size_t>(spec.precision)) {
          out->resize(offsets[static_cast<size_t>(spec.precision)]);
        }
      }
      return true;
    }
    case 'd':
    case 'f': {
      if (!v.is_number()) {
        *error = fmt::format("%{} needs a number, got {}", spec.verb, describe(v));
        return false;
      }
      Number n = v.as_number();
      if (spec.verb == 'd') {
        if (!n.is_integer()) {
          *error = fmt::format("%d needs a whole number, got {}", n.to_string());
          return false;
        }
        *out = n.to_string();
      } else {
        *out = fixed(n, spec.precision < 0 ? 6 : spec.precision);
      }
      if (spec.plus && (*out)[0] != '-') {
        *out = "+" + *out;
      } else if (spec.space && (*out)[0] != '-') {
        *out = " " + *out;
      }
      return true;
    }
    case 't':
      if (!v.is_bool()) {
        *error = fmt::format("%t needs a bool, got {}", describe(v));
        return false;
      }
      *out = v.as_bool() ? "true" : "false";
      return true;
    case 'v':
      if (v.is_null()) {
        *out = "null";
        return true;
      }
      if (v.is_collection()) {
        *out = to_json_text(v).value.as_string();
        return true;
      }
      return primitive_text(v, out, error);
    case 'q': {
      std::string text;
      if (!primitive_text(v, &text, error)) return false;
      *out = nlohmann::json(text).dump();
      return true;
    }
    default:
      *error = fmt::format("unsupported verb %{}", spec.verb);
      return false;
  }
}

std::string pad(std::string text, const Spec& spec) {
  if (spec.width < 0) return text;
  size_t len = code_points(text);
  if (len >= static_cast<size_t>(spec.width)) return text;
  size_t fill = static_cast<size_t>(spec.width) - len;
  if (spec.left) return text + std::string(fill, ' ');
  bool numeric = spec.verb == 'd' || spec.verb == 'f';
  if (spec.zero && numeric) {
    size_t sign = (!text.empty() && (text[0] == '-' || text[0] == '+' || text[0] == ' ')) ? 1 : 0;
    return text.substr(0, sign) + std::string(fill, '0') + text.substr(sign);
  }
  return std::string(fill, ' ') + text;
}

/// Formats `args[first..]` with `format`; errors name the argument index.
FunctionResult format_values(const std::string& format, const Args& args, size_t first) {
  std::string out;
  size_t next = first;
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c != '%') {
      out += c;
      continue;
    }
    if (++i >= format.size()) return FunctionResult::failure("format ends with a lone %", 0);
    if (format[i] == '%') {
      out += '%';
      continue;
    }
    Spec spec;
    for (; i < format.size(); ++i) {
      char f = format[i];
      if (f == '-') {
        spec.left = true;
      } else if (f == '+') {
        spec.plus = true;
      } else if (f == '0') {
        spec.zero = true;
      } else if (f == ' ') {
        spec.space = true;
      } else {
        break;
      }
    }
    while (i < format.size() && isdigit(static_cast<unsigned char>(format[i]))) {
      spec.width = (spec.width < 0 ? 0 : spec.width * 10) + (format[i++] - '0');
    }
    if (i < format.size() && format[i] == '.') {
      ++i;
      spec.precision = 0;
      while (i < format.size() && isdigit(static_cast<unsigned char>(format[i]))) {
        spec.precision = spec.precision * 10 + (format[i++] - '0');
      }
    }
    if (i >= format.size()) return FunctionResult::failure("format ends inside a verb", 0);
    spec.verb = format[i];
    if (next >= args.size()) {
      return FunctionResult::failure(
          fmt::format("format has more verbs than the {} argument{} given", args.size() - first,
                      args.size() - first == 1 ? "" : "s"),
          0);
    }
    if (std::string_view("sdftvq").find(spec.verb) == std::string_view::npos) {
      return FunctionResult::failure(
          fmt::format("unsupported verb %{} in format; use %s %d %f %t %v %q or %%", spec.verb), 0);
    }
    std::string text, error;
    if (!format_verb(spec, args[next], &text, &error)) {
      return FunctionResult::failure(error, static_cast<int>(next));
    }
    ++next;
    out += pad(std::move(text), spec);
  }
  if (next < args.size()) {
    return FunctionResult::failure(
        fmt::format("format uses {} of the {} arguments given", next - first, args.size() - first),
        static_cast<int>(next));
  }
  return Value::string(std::move(out));
}

FunctionResult fn_format(const Args& args, const Ctx&) {
  return format_values(args[0].as_string(), args, 1);
}

FunctionResult fn_formatlist(const Args& args, const Ctx&) {
  size_t length = 0;
  bool any_list = false;
  for (size_t i = 1; i < args.size(); ++i) {
    if (!args[i].is_sequence()) continue;
    if (any_list && args[i].size() != length) {
      return FunctionResult::failure(
          fmt::format("all lists must have the same length: {} and {}", length, args[i].size()),
          static_cast<int>(i));
    }
    any_list = true;
    length = args[i].size();
  }
  if (!any_list) length = 1;
  ValueList out;
  for (size_t row = 0; row < length; ++row) {
    Args call{args[0]};
    for (size_t i = 1; i < args.size(); ++i) {
      call.push_back(args[i].is_sequence() ? args[i].items()[row] : args[i]);
    }
    FunctionResult r = format_values(args[0].as_string(), call, 1);
    if (!r.ok()) return r;
    out.push_back(std::move(r.value));
  }
  return Value::list(std::move(out));
}

FunctionResult fn_join(const Args& args, const Ctx&) {
  std::string out;
  const ValueList& items = args[1].items();
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].is_null()) {
      return FunctionResult::failure(fmt::format("element {} of the list is null", i), 1);
    }
    if (i > 0) out += args[0].as_string();
    out += items[i].as_string();
  }
  return Value::string(std::move(out));
}

FunctionResult fn_split(const Args& args, const Ctx&) {
  const std::string& sep = args[0].as_string();
  const std::string& s = args[1].as_string();
  if (sep.empty()) return FunctionResult::failure("the separator must not be empty", 0);
  ValueList out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    if (at == std::string::npos) {
      out.push_back(Value::string(s.substr(start)));
      break;
    }
    out.push_back(Value::string(s.substr(start, at - start)));
    start = at + sep.size();
  }
  return Value::list(std::move(out));
}

FunctionResult fn_lower(const Args& args, const Ctx&) {
  return Value::string(map_ascii(args[0].as_string(), [](int c) { return std::tolower(c); }));
}

FunctionResult fn_upper(const Args& args, const Ctx&) {
  return Value::string(map_ascii(args[0].as_string(), [](int c) { return std::toupper(c); }));
}

FunctionResult fn_title(const Args& args, const Ctx&) {
  std::string out = args[0].as_string();
  bool start = true;
  for (char& c : out) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      if (start) c = static_cast<char>(std::toupper(u));
      start = false;
    } else {
      start = true;
    }
  }
  return Value::string(std::move(out));
}

/// A `/pattern/` argument as a regex, or false (not a regex); `*error` set when malformed.
bool regex_argument(const std::string& text, std::regex* out, std::string* error) {
  if (text.size() < 2 || text.front() != '/' || text.back() != '/') return false;
  try {
    *out = std::regex(text.substr(1, text.size() - 2), std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    *error = std::string("invalid regular expression: ") + e.what();
  }
  return true;
}

FunctionResult fn_replace(const Args& args, const Ctx&) {
  const std::string& s = args[0].as_string();
  const std::string& search = args[1].as_string();
  const std::string& replacement = args[2].as_string();
  std::regex re;
  std::string error;
  if (regex_argument(search, &re, &error)) {
    if (!error.empty()) return FunctionResult::failure(error, 1);
    return Value::string(std::regex_replace(s, re, replacement));
  }
  if (search.empty()) return FunctionResult::failure("the substring must not be empty", 1);
  std::string out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(search, start);
    if (at == std::string::npos) break;
    out.append(s, start, at - start);
    out += replacement;
    start = at + search.size();
  }
  out.append(s, start, std::string::npos);
  return Value::string(std::move(out));
}

bool is_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

FunctionResult fn_trimspace(const Args& args, const Ctx&) {
  const std::string& s = args[0].as_string();
  size_t b = 0, e = s.size();
  while (b < e && is_space(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && is_space(static_cast<unsigned char>(s[e - 1]))) --e;
  return Value::string(s.substr(b, e - b));
}

FunctionResult fn_trim(const Args& args, const Ctx&) {
  const std::string& s = args[0].as_string();
  const std::string& cutset = args[1].as_string();
  // Compare whole code points so a multi-byte character in the cutset is one character.
  std::vector<std::string> cut;
  auto co = code_point_offsets(cutset);
  for (size_t i = 0; i + 1 < co.size(); ++i) cut.push_back(cutset.substr(co[i], co[i + 1] - co[i]));
  auto so = code_point_offsets(s);
  auto in_cut = [&](size_t i) {
    std::string ch = s.substr(so[i], so[i + 1] - so[i]);
    return std::find(cut.begin(), cut.end(), ch) != cut.end();
  };
  size_t b = 0, e = so.size() - 1;
  while (b < e && in_cut(b)) ++b;
  while (e > b && in_cut(e - 1)) --e;
  return Value::string(s.substr(so[b], so[e] - so[b]));
}

FunctionResult fn_trimprefix(const Args& args, const Ctx&) {
  const std::string& s = args[0].as_string();
  const std::string& p = args[1].as_string();
  if (s.compare(0, p.size(), p) == 0) return Value::string(s.substr(p.size()));
  return args[0];
}

FunctionResult fn_trimsuffix(const Args& args, const Ctx&) {
  const std::string& s = args[0].as_string();
  const std::string& p = args[1].as_string();
  if (s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0) {
    return Value::string(s.substr(0, s.size() - p.size()));
  }
  return args[0];
}

FunctionResult fn_substr(const Args& args, const Ctx&) {
  const std::string& s = args[0].as_string();
  auto offset = args[1].as_number().to_int64();
  auto length = args[2].as_number().to_int64();
  if (!offset) return FunctionResult::failure("the offset must be a whole number", 1);
  if (!length) return FunctionResult::failure("the length must be a whole number", 2);
  auto offsets = code_point_offsets(s);
  int64_t n = static_cast<int64_t>(offsets.size() - 1);
  int64_t start = *offset < 0 ? n + *offset : *offset;
  if (start < 0) start = 0;
  if (start > n) start = n;
  if (*length < -1) return FunctionResult::failure("the length must be -1 or more", 2);
  int64_t end = *length == -1 ? n : std::min(n, start + *length);
  return Value::string(s.substr(offsets[start], offsets[end] - offsets[start]));
}

/// The result of one regex match like Terraform: the whole match without capture groups,
/// otherwise the list of groups (unmatched groups are null).
Value match_value(const std::smatch& m, const std::regex& re) {
  if (re.mark_count() == 0) return Value::string(m.str(0));
  ValueList groups;
  for (size_t i = 1; i <= re.mark_count(); ++i) {
    groups.push_back(m[i].matched ? Value::string(m.str(i)) : Value());
  }
  return Value::list(std::move(groups));
}

bool compile(const std::string& pattern, std::regex* re, std::string* error) {
  try {
    *re = std::regex(pattern, std::regex::ECMAScript);
    return true;
  } catch (const std::regex_error& e) {
    *error = std::string("invalid regular expression: ") + e.what();
    return false;
  }
}

FunctionResult fn_regex(const Args& args, const Ctx&) {
  std::regex re;
  std::string error;
  if (!compile(args[0].as_string(), &re, &error)) return FunctionResult::failure(error, 0);
  std::smatch m;
  const std::string& s = args[1].as_string();
  if (!std::regex_search(s, m, re)) {
    return FunctionResult::failure("the pattern did not match any part of the string", 1);
  }
  return match_value(m, re);
}

FunctionResult fn_regexall(const Args& args, const Ctx&) {
  std::regex re;
  std::string error;
  if (!compile(args[0].as_string(), &re, &error)) return FunctionResult::failure(error, 0);
  const std::string& s = args[1].as_string();
  ValueList out;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back(match_value(*it, re));
  }
  return Value::list(std::move(out));
}

FunctionResult fn_startswith(const Args& args, const Ctx&) {
  const std::string& s = args[0].as_string();
  const std::string& p = args[1].as_string();
  return Value::boolean(s.compare(0, p.size(), p) == 0);
}

FunctionResult fn_endswith(const Args& args, const Ctx&) {
  const std::string& s = args[0].as_string();
  const std::string& p = args[1].as_string();
  return Value::boolean(s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0);
}

FunctionResult fn_strcontains(const Args& args, const Ctx&) {
  return Value::boolean(args[0].as_string().find(args[1].as_string()) != std::string::npos);
}

FunctionResult fn_strlen(const Args& args, const Ctx&) {
  return Value::integer(static_cast<int64_t>(code_points(args[0].as_string())));
}

FunctionResult fn_strrev(const Args& args, const Ctx&) {
  const std::string& s = args[0].as_string();
  auto offsets = code_point_offsets(s);
  std::string out;
  for (size_t i = offsets.size() - 1; i > 0; --i) {
    out.append(s, offsets[i - 1], offsets[i] - offsets[i - 1]);
  }
  return Value::string(std::move(out));
}

FunctionResult fn_indent(const Args& args, const Ctx&) {
  auto spaces = args[0].as_number().to_int64();
  if (!spaces || *spaces < 0) {
    return FunctionResult::failure("the number of spaces must be a whole number, 0 or more", 0);
  }
  std::string prefix(static_cast<size_t>(*spaces), ' ');
  std::string out;
  for (char c : args[1].as_string()) {
    out += c;
    if (c == '\n') out += prefix;
  }
  return Value::string(std::move(out));
}

FunctionResult fn_chomp(const Args& args, const Ctx&) {
  std::string s = args[0].as_string();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return Value::string(std::move(s));
}

}  // namespace

void add_string_functions(std::vector<Function>& out) {
  const Type S = Type::string();
  const Type N = Type::number();
  const Type B = Type::boolean();
  out.push_back(function("format", {param("format", S), nullable(param("args", Type::any()))}, S,
                         fn_format, "printf-style formatting: %s %d %f %t %v %q %%", true));
  out.push_back(function("formatlist", {param("format", S), param("args", Type::any())},
                         kStringList, fn_formatlist,
                         "format for each element of the list arguments", true));
  out.push_back(function("join", {param("separator", S), param("list", kStringList)}, S, fn_join,
                         "joins the strings of a list with a separator"));
  out.push_back(function("split", {param("separator", S), param("string", S)}, kStringList,
                         fn_split, "splits a string at each separator"));
  out.push_back(function("lower", {param("string", S)}, S, fn_lower, "lowercase (ASCII letters)"));
  out.push_back(function("upper", {param("string", S)}, S, fn_upper, "uppercase (ASCII letters)"));
  out.push_back(function("title", {param("string", S)}, S, fn_title,
                         "first letter of each word in uppercase"));
  out.push_back(function("replace",
                         {param("string", S), param("search", S), param("replacement", S)}, S,
                         fn_replace, "replaces a substring, or a /regex/ with $1 references"));
  out.push_back(function("trim", {param("string", S), param("characters", S)}, S, fn_trim,
                         "removes the given characters from both ends"));
  out.push_back(function("trimspace", {param("string", S)}, S, fn_trimspace,
                         "removes whitespace from both ends"));
  out.push_back(function("trimprefix", {param("string", S), param("prefix", S)}, S, fn_trimprefix,
                         "removes a prefix when present"));
  out.push_back(function("trimsuffix", {param("string", S), param("suffix", S)}, S, fn_trimsuffix,
                         "removes a suffix when present"));
  out.push_back(function("substr", {param("string", S), param("offset", N), param("length", N)}, S,
                         fn_substr, "substring by code points; length -1 means to the end"));
  out.push_back(function("regex", {param("pattern", S), param("string", S)}, Type::any(), fn_regex,
                         "first match of an ECMAScript regex, or its capture groups"));
  out.push_back(function("regexall", {param("pattern", S), param("string", S)},
                         Type::list(Type::any()), fn_regexall, "every match of a regex"));
  out.push_back(function("startswith", {param("string", S), param("prefix", S)}, B, fn_startswith,
                         "whether a string starts with a prefix"));
  out.push_back(function("endswith", {param("string", S), param("suffix", S)}, B, fn_endswith,
                         "whether a string ends with a suffix"));
  out.push_back(function("strcontains", {param("string", S), param("substring", S)}, B,
                         fn_strcontains, "whether a string contains a substring"));
  out.push_back(
      function("strlen", {param("string", S)}, N, fn_strlen, "number of characters (code points)"));
  out.push_back(
      function("strrev", {param("string", S)}, S, fn_strrev, "the characters in reverse order"));
  out.push_back(function("indent", {param("spaces", N), param("string", S)}, S, fn_indent,
                         "indents every line but the first"));
  out.push_back(function("chomp", {param("string", S)}, S, fn_chomp, "removes trailing newlines"));
}

}  // namespace mesh::functions
