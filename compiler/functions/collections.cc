/// Collection functions: length, keys, values, merge, concat, flatten, lookup, contains, toset,
/// tolist, tomap, range, zipmap, coalesce, coalescelist, distinct, element, index, slice,
/// reverse, sort, compact, sum, min, max.

#include <fmt/format.h>

#include <algorithm>

#include "compiler/functions/library.h"
#include "core/convert.h"
#include "core/value_ops.h"

namespace mesh::functions {
namespace {

using Args = std::vector<Value>;
using Ctx = FunctionContext;

constexpr size_t kMaxRange = 1024 * 1024;

FunctionResult fn_length(const Args& args, const Ctx&) {
  const Value& v = args[0];
  if (v.is_unknown()) return Value::unknown(Type::number());
  if (v.is_string()) {
    return Value::integer(static_cast<int64_t>(code_point_offsets(v.as_string()).size() - 1));
  }
  if (v.is_collection()) return Value::integer(static_cast<int64_t>(v.size()));
  return FunctionResult::failure(
      fmt::format("length needs a string, list, set or object, got {}", describe(v)), 0);
}

FunctionResult fn_keys(const Args& args, const Ctx&) {
  if (args[0].is_unknown()) return Value::unknown(Type::list(Type::string()));
  ValueList out;
  for (const ValueEntry& e : args[0].entries()) out.push_back(Value::string(e.first));
  return Value::list(std::move(out));
}

FunctionResult fn_values(const Args& args, const Ctx&) {
  if (args[0].is_unknown()) return Value::unknown(Type::list(Type::any()));
  ValueList out;
  for (const ValueEntry& e : args[0].entries()) out.push_back(e.second);
  return Value::list(std::move(out));
}

FunctionResult fn_merge(const Args& args, const Ctx&) {
  ValueEntries out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].is_unknown()) return Value::unknown();
    if (args[i].is_null()) continue;
    if (!args[i].is_object()) {
      return FunctionResult::failure(
          fmt::format("merge needs objects or maps, got {}", describe(args[i])),
          static_cast<int>(i));
    }
    for (const ValueEntry& e : args[i].entries()) out.push_back(e);
  }
  return Value::object(std::move(out));
}

FunctionResult fn_concat(const Args& args, const Ctx&) {
  ValueList out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].is_unknown()) return Value::unknown(Type::list(Type::any()));
    if (!args[i].is_sequence()) {
      return FunctionResult::failure(fmt::format("concat needs lists, got {}", describe(args[i])),
                                     static_cast<int>(i));
    }
    out.insert(out.end(), args[i].items().begin(), args[i].items().end());
  }
  return Value::list(std::move(out));
}

void flatten_into(const Value& v, ValueList& out) {
  for (const Value& item : v.items()) {
    if (item.is_sequence()) {
      flatten_into(item, out);
    } else {
      out.push_back(item);
    }
  }
}

FunctionResult fn_flatten(const Args& args, const Ctx&) {
  ValueList out;
  flatten_into(args[0], out);
  return Value::list(std::move(out));
}

FunctionResult fn_lookup(const Args& args, const Ctx&) {
  if (args[0].is_unknown()) return Value::unknown();
  if (const Value* v = args[0].find(args[1].as_string())) return *v;
  if (args.size() > 2) return args[2];
  return FunctionResult::failure(
      fmt::format("object has no attribute \"{}\" and no default was given", args[1].as_string()),
      1);
}

FunctionResult fn_contains(const Args& args, const Ctx&) {
  bool unknown = false;
  for (const Value& item : args[0].items()) {
    Value eq = equal(item, args[1]);
    if (eq.is_unknown()) {
      unknown = true;
    } else if (eq.as_bool()) {
      return Value::boolean(true);
    }
  }
  if (unknown) return Value::unknown(Type::boolean());
  return Value::boolean(false);
}

/// Elements made uniform like Terraform's type unification: primitives of mixed kinds become
/// strings; otherwise elements are kept as they are.
ValueList unify(const ValueList& items) {
  bool mixed = false;
  bool all_primitive = true;
  for (const Value& item : items) {
    if (item.is_collection()) all_primitive = false;
    if (!item.is_null() && !items.empty() && item.kind() != items.front().kind()) mixed = true;
  }
  if (!mixed || !all_primitive) return items;
  ValueList out;
  out.reserve(items.size());
  for (const Value& item : items) {
    out.push_back(item.is_null() ? item : convert(item, Type::string()).value);
  }
  return out;
}

FunctionResult fn_toset(const Args& args, const Ctx&) {
  if (args[0].is_set()) return args[0];
  return Value::set(unify(args[0].items()));
}

FunctionResult fn_tolist(const Args& args, const Ctx&) {
  if (args[0].is_list()) return args[0];
  return Value::list(unify(args[0].items()));
}

FunctionResult fn_tomap(const Args& args, const Ctx&) {
  ValueList values;
  for (const ValueEntry& e : args[0].entries()) values.push_back(e.second);
  ValueList unified = unify(values);
  ValueEntries out;
  out.reserve(values.size());
  size_t i = 0;
  for (const ValueEntry& e : args[0].entries()) out.emplace_back(e.first, unified[i++]);
  return Value::object(std::move(out));
}

FunctionResult fn_range(const Args& args, const Ctx&) {
  Number start, limit, step = Number::from_int(1);
  if (args.size() == 1) {
    limit = args[0].as_number();
  } else {
    start = args[0].as_number();
    limit = args[1].as_number();
  }
  if (args.size() == 3) {
    step = args[2].as_number();
    if (step.is_zero()) return FunctionResult::failure("the step must not be zero", 2);
  } else if (limit < start) {
    step = Number::from_int(-1);
  }
  ValueList out;
  for (Number n = start; step.is_negative() ? limit < n : n < limit; n = n + step) {
    if (out.size() >= kMaxRange) {
      return FunctionResult::failure(
          fmt::format("range would produce more than {} elements", kMaxRange));
    }
    out.push_back(Value::number(n));
  }
  return Value::list(std::move(out));
}

FunctionResult fn_zipmap(const Args& args, const Ctx&) {
  const ValueList& keys = args[0].items();
  const ValueList& values = args[1].items();
  if (keys.size() != values.size()) {
    return FunctionResult::failure(fmt::format("{} keys but {} values: the lists must have the "
                                               "same length",
                                               keys.size(), values.size()),
                                   1);
  }
  ValueEntries out;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].is_null()) return FunctionResult::failure("a key is null", 0);
    out.emplace_back(keys[i].as_string(), values[i]);
  }
  return Value::object(std::move(out));
}

FunctionResult fn_coalesce(const Args& args, const Ctx&) {
  for (const Value& v : args) {
    if (v.is_unknown()) return Value::unknown();
    if (v.is_null() || (v.is_string() && v.as_string().empty())) continue;
    return v;
  }
  return FunctionResult::failure("no non-null, non-empty argument");
}

FunctionResult fn_coalescelist(const Args& args, const Ctx&) {
  for (size_t i = 0; i < args.size(); ++i) {
    const Value& v = args[i];
    if (v.is_unknown()) return Value::unknown();
    if (v.is_null()) continue;
    if (!v.is_sequence()) {
      return FunctionResult::failure(fmt::format("coalescelist needs lists, got {}", describe(v)),
                                     static_cast<int>(i));
    }
    if (v.size() > 0) return v;
  }
  return FunctionResult::failure("no non-empty list argument");
}

FunctionResult fn_distinct(const Args& args, const Ctx&) {
  ValueList out;
  for (const Value& item : args[0].items()) {
    bool seen = std::any_of(out.begin(), out.end(),
                            [&](const Value& o) { return compare_values(o, item) == 0; });
    if (!seen) out.push_back(item);
  }
  return Value::list(std::move(out));
}

FunctionResult fn_element(const Args& args, const Ctx&) {
  const ValueList& items = args[0].items();
  if (args[0].is_unknown()) return Value::unknown();
  if (items.empty()) return FunctionResult::failure("cannot take an element of an empty list", 0);
  auto i = args[1].as_number().to_int64();
  if (!i || *i < 0) {
    return FunctionResult::failure("the index must be a whole number, 0 or more", 1);
  }
  return items[static_cast<size_t>(*i) % items.size()];
}

FunctionResult fn_index(const Args& args, const Ctx&) {
  const ValueList& items = args[0].items();
  for (size_t i = 0; i < items.size(); ++i) {
    if (compare_values(items[i], args[1]) == 0) return Value::integer(static_cast<int64_t>(i));
  }
  return FunctionResult::failure("the value is not in the list", 1);
}

FunctionResult fn_slice(const Args& args, const Ctx&) {
  if (args[0].is_unknown()) return Value::unknown(Type::list(Type::any()));
  const ValueList& items = args[0].items();
  auto start = args[1].as_number().to_int64();
  auto end = args[2].as_number().to_int64();
  int64_t n = static_cast<int64_t>(items.size());
  if (!start || *start < 0 || *start > n) {
    return FunctionResult::failure(
        fmt::format("start index {} out of range for list of {} elements",
                    args[1].as_number().to_string(), n),
        1);
  }
  if (!end || *end < *start || *end > n) {
    return FunctionResult::failure(
        fmt::format("end index {} out of range: must be between {} and {}",
                    args[2].as_number().to_string(), *start, n),
        2);
  }
  return Value::list(ValueList(items.begin() + *start, items.begin() + *end));
}

FunctionResult fn_reverse(const Args& args, const Ctx&) {
  if (args[0].is_unknown()) return Value::unknown(Type::list(Type::any()));
  ValueList out(args[0].items().rbegin(), args[0].items().rend());
  return Value::list(std::move(out));
}

FunctionResult fn_sort(const Args& args, const Ctx&) {
  ValueList out = args[0].items();
  for (size_t i = 0; i < out.size(); ++i) {
    if (!out[i].is_string() && !out[i].is_number() && !out[i].is_duration()) {
      return FunctionResult::failure(
          fmt::format("sort needs strings, numbers or durations; element {} is {}", i,
                      describe(out[i])),
          0);
    }
    if (out[i].kind() != out[0].kind()) {
      return FunctionResult::failure(
          fmt::format("sort needs elements of one kind; element 0 is {} and element {} is {}",
                      describe(out[0]), i, describe(out[i])),
          0);
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Value& a, const Value& b) { return compare_values(a, b) < 0; });
  return Value::list(std::move(out));
}

FunctionResult fn_compact(const Args& args, const Ctx&) {
  ValueList out;
  for (const Value& item : args[0].items()) {
    if (item.is_null() || item.as_string().empty()) continue;
    out.push_back(item);
  }
  return Value::list(std::move(out));
}

FunctionResult fn_sum(const Args& args, const Ctx&) {
  if (args[0].size() == 0) return FunctionResult::failure("cannot sum an empty list", 0);
  Number total;
  for (const Value& item : args[0].items()) {
    if (item.is_null()) return FunctionResult::failure("cannot sum a null element", 0);
    total = total + item.as_number();
  }
  return Value::number(total);
}

FunctionResult extreme(const Args& args, bool want_max) {
  if (args.empty()) return FunctionResult::failure("needs at least one number");
  Number best = args[0].as_number();
  for (const Value& v : args) {
    Number n = v.as_number();
    if (want_max ? best < n : n < best) best = n;
  }
  return Value::number(best);
}

FunctionResult fn_min(const Args& args, const Ctx&) {
  return extreme(args, false);
}
FunctionResult fn_max(const Args& args, const Ctx&) {
  return extreme(args, true);
}

FunctionResult set_operation(const Args& args, int op) {
  ValueList result = args[0].items();
  for (size_t i = 1; i < args.size(); ++i) {
    const ValueList& other = args[i].items();
    auto in_other = [&](const Value& v) {
      return std::binary_search(other.begin(), other.end(), v, [](const Value& a, const Value& b) {
        return compare_values(a, b) < 0;
      });
    };
    if (op == 0) {
      result.insert(result.end(), other.begin(), other.end());
    } else {
      ValueList kept;
      for (const Value& v : result) {
        if (in_other(v) == (op == 1)) kept.push_back(v);
      }
      result = std::move(kept);
    }
  }
  return Value::set(std::move(result));
}

FunctionResult fn_setunion(const Args& args, const Ctx&) {
  return set_operation(args, 0);
}
FunctionResult fn_setintersection(const Args& args, const Ctx&) {
  return set_operation(args, 1);
}
FunctionResult fn_setsubtract(const Args& args, const Ctx&) {
  return set_operation(args, 2);
}

FunctionResult fn_alltrue(const Args& args, const Ctx&) {
  for (const Value& v : args[0].items()) {
    if (v.is_null() || !v.as_bool()) return Value::boolean(false);
  }
  return Value::boolean(true);
}

FunctionResult fn_anytrue(const Args& args, const Ctx&) {
  for (const Value& v : args[0].items()) {
    if (v.is_bool() && v.as_bool()) return Value::boolean(true);
  }
  return Value::boolean(false);
}

FunctionResult fn_one(const Args& args, const Ctx&) {
  if (args[0].size() == 0) return Value();
  if (args[0].size() == 1) return args[0].items()[0];
  return FunctionResult::failure(
      fmt::format("must have at most one element, got {}", args[0].size()), 0);
}

FunctionResult fn_chunklist(const Args& args, const Ctx&) {
  auto size = args[1].as_number().to_int64();
  if (!size || *size < 0) {
    return FunctionResult::failure("the chunk size must be a whole number, 0 or more", 1);
  }
  const ValueList& items = args[0].items();
  if (*size == 0) return Value::list({args[0]});
  ValueList chunks;
  for (size_t i = 0; i < items.size(); i += static_cast<size_t>(*size)) {
    size_t end = std::min(items.size(), i + static_cast<size_t>(*size));
    chunks.push_back(Value::list(ValueList(items.begin() + i, items.begin() + end)));
  }
  return Value::list(std::move(chunks));
}

}  // namespace

void add_collection_functions(std::vector<Function>& out) {
  const Type A = Type::any();
  const Type N = Type::number();
  const Type S = Type::string();
  const Type L = Type::list(A);
  const Type M = Type::map(A);
  out.push_back(function("length", {sees_unknown(param("value", A))}, N, fn_length,
                         "number of elements, attributes or characters"));
  out.push_back(function("keys", {sees_unknown(param("object", M))}, Type::list(S), fn_keys,
                         "the keys of an object or map, sorted"));
  out.push_back(function("values", {sees_unknown(param("object", M))}, L, fn_values,
                         "the values of an object or map, in key order"));
  out.push_back(function("merge", {sees_unknown(nullable(param("objects", A)))}, A, fn_merge,
                         "merges objects; later keys win", true));
  out.push_back(function("concat", {sees_unknown(param("lists", A))}, L, fn_concat,
                         "joins lists into one", true));
  out.push_back(function("flatten", {param("list", L)}, L, fn_flatten,
                         "replaces nested lists by their elements, recursively"));
  out.push_back(function(
      "lookup",
      {sees_unknown(param("object", M)), param("key", S), optional(nullable(param("default", A)))},
      A, fn_lookup, "the value at a key, or a default"));
  out.push_back(function("contains", {param("list", L), nullable(param("value", A))},
                         Type::boolean(), fn_contains, "whether a list or set contains a value"));
  out.push_back(function("toset", {param("list", L)}, Type::set(A), fn_toset,
                         "a set: sorted, without duplicates"));
  out.push_back(function("tolist", {param("list", L)}, L, fn_tolist, "a list"));
  out.push_back(function("tomap", {param("object", M)}, M, fn_tomap, "a map"));
  out.push_back(function(
      "range", {param("start", N), optional(param("limit", N)), optional(param("step", N))},
      Type::list(N), fn_range, "numbers from start (default 0) up to but excluding limit"));
  out.push_back(function("zipmap", {param("keys", Type::list(S)), param("values", L)}, M, fn_zipmap,
                         "an object from a list of keys and a list of values"));
  out.push_back(function("coalesce", {sees_unknown(nullable(param("values", A)))}, A, fn_coalesce,
                         "the first argument that is not null or \"\"", true));
  out.push_back(function("coalescelist", {sees_unknown(nullable(param("lists", A)))}, L,
                         fn_coalescelist, "the first list argument that is not empty", true));
  out.push_back(function("distinct", {param("list", L)}, L, fn_distinct,
                         "the list without duplicates, first occurrences kept"));
  out.push_back(function("element", {sees_unknown(param("list", L)), param("index", N)}, A,
                         fn_element, "the element at an index, wrapping around"));
  out.push_back(function("index", {param("list", L), param("value", A)}, N, fn_index,
                         "the index of the first element equal to a value"));
  out.push_back(function("slice",
                         {sees_unknown(param("list", L)), param("start", N), param("end", N)}, L,
                         fn_slice, "elements from start up to but excluding end"));
  out.push_back(function("reverse", {sees_unknown(param("list", L))}, L, fn_reverse,
                         "the list in reverse order"));
  out.push_back(function("sort", {param("list", L)}, L, fn_sort,
                         "strings, numbers or durations in ascending order"));
  out.push_back(function("compact", {param("list", Type::list(Type::string()))}, Type::list(S),
                         fn_compact, "the list without null and empty-string elements"));
  const Type AnySet = Type::set(A);
  out.push_back(function("setunion", {param("sets", AnySet)}, AnySet, fn_setunion,
                         "elements in any of the sets", true));
  out.push_back(function("setintersection", {param("sets", AnySet)}, AnySet, fn_setintersection,
                         "elements in every one of the sets", true));
  out.push_back(function("setsubtract", {param("a", AnySet), param("b", AnySet)}, AnySet,
                         fn_setsubtract, "elements of the first set not in the second"));
  out.push_back(function("alltrue", {param("list", Type::list(Type::boolean()))}, Type::boolean(),
                         fn_alltrue, "whether every element is true (true for an empty list)"));
  out.push_back(function("anytrue", {param("list", Type::list(Type::boolean()))}, Type::boolean(),
                         fn_anytrue, "whether any element is true (false for an empty list)"));
  out.push_back(function("one", {param("list", L)}, A, fn_one,
                         "the only element of a list, null when empty, an error when more"));
  out.push_back(function("chunklist", {param("list", L), param("size", N)}, Type::list(L),
                         fn_chunklist, "the list cut into lists of at most size elements"));
  out.push_back(
      function("sum", {param("list", Type::list(N))}, N, fn_sum, "the sum of a list of numbers"));
  out.push_back(function("min", {param("numbers", N)}, N, fn_min, "the smallest number", true));
  out.push_back(function("max", {param("numbers", N)}, N, fn_max, "the largest number", true));
}

}  // namespace mesh::functions
