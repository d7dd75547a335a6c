#include "planner/plan_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <type_traits>

#include "core/value_json.h"
#include "planner/describe.h"
#include "planner/render_json.h"

namespace mesh::plan {
namespace {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

constexpr const char* kKind = "mesh-plan";

template <typename T>
bool fits(const json& j);

/// Reads a field with a type check; records the first problem.
class Reader {
 public:
  Reader(const json& j, std::string* error) : j_(j), error_(error) {}

  template <typename T>
  T get(const char* key, T fallback = T()) {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return fallback;
    // nlohmann converts a float to an integer with a plain cast: undefined behaviour out of
    // range (4.2e43 as a serial; found by fuzz_plan_file). Integers must be JSON integers
    // that fit.
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      if (!fits<T>(*it)) {
        fail(std::string("field \"") + key + "\" has the wrong type");
        return fallback;
      }
    }
    try {
      return it->get<T>();
    } catch (const json::exception&) {
      fail(std::string("field \"") + key + "\" has the wrong type");
      return fallback;
    }
  }
  /// A list of value paths (`*_sensitive`, `*_unknown`): strings only, else the wrong type
  /// (a number in it threw an uncaught nlohmann exception; found by fuzz_plan_file).
  std::vector<std::string> paths(const char* key) {
    std::vector<std::string> out;
    const json& list = at(key);
    if (list.is_null()) return out;
    if (!list.is_array()) {
      fail(std::string("field \"") + key + "\" has the wrong type");
      return out;
    }
    for (const json& path : list) {
      if (!path.is_string()) {
        fail(std::string("field \"") + key + "\" has the wrong type");
        return {};
      }
      out.push_back(path.get<std::string>());
    }
    return out;
  }
  const json& at(const char* key) {
    static const json null;
    auto it = j_.find(key);
    return it == j_.end() ? null : *it;
  }
  void fail(const std::string& message) {
    if (error_->empty()) *error_ = message;
  }

 private:
  const json& j_;
  std::string* error_;
};

/// Whether `j` is a JSON integer within T's range.
template <typename T>
bool fits(const json& j) {
  if (j.is_number_unsigned())
    return j.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<T>::max());
  if (!j.is_number_integer()) return false;
  const int64_t v = j.get<int64_t>();
  return v >= static_cast<int64_t>(std::numeric_limits<T>::min()) &&
         (std::is_unsigned_v<T> || v <= static_cast<int64_t>(std::numeric_limits<T>::max()));
}

/// The value at `key` with its sensitive and unknown paths (`key_sensitive`, `key_unknown`).
Value value_from(Reader& r, const std::string& key, bool with_unknown) {
  std::vector<std::string> s = r.paths((key + "_sensitive").c_str());
  std::vector<std::string> u;
  if (with_unknown) u = r.paths((key + "_unknown").c_str());
  return from_json(r.at(key.c_str()), s, u);
}

std::optional<int64_t> optional_int(const json& j) {
  if (fits<int64_t>(j)) return j.get<int64_t>();
  return std::nullopt;
}

ResourceChange change_from(const json& j, std::string* error) {
  Reader r(j, error);
  ResourceChange c;
  c.address = r.get<std::string>("address");
  c.type = r.get<std::string>("type");
  c.provider = r.get<std::string>("provider");
  std::string action = r.get<std::string>("action");
  if (auto a = parse_action(action)) {
    c.action = *a;
  } else {
    r.fail("unknown action \"" + action + "\" for " + c.address);
  }
  std::string reason = r.get<std::string>("reason", "none");
  if (auto why = parse_reason(reason)) c.reason = *why;
  c.replace_paths = r.get<std::vector<std::string>>("replace_paths");
  c.dependencies = r.get<std::vector<std::string>>("dependencies");
  c.before = value_from(r, "before", false);
  c.after = value_from(r, "after", true);
  c.prevent_destroy = r.get<bool>("prevent_destroy");
  c.prior_prevent_destroy = r.get<bool>("prior_prevent_destroy");
  c.create_before_destroy = r.get<bool>("create_before_destroy");
  c.expires_at = optional_int(r.at("expires_at"));
  c.prior_expires_at = optional_int(r.at("prior_expires_at"));
  if (c.address.empty()) r.fail("a change without an address");
  return c;
}

OutputChange output_from(const json& j, std::string* error) {
  Reader r(j, error);
  OutputChange o;
  o.name = r.get<std::string>("name");
  if (auto a = parse_action(r.get<std::string>("action", "no-op"))) o.action = *a;
  o.sensitive = r.get<bool>("sensitive");
  o.before = value_from(r, "before", false);
  o.after = value_from(r, "after", true);
  return o;
}

Drift drift_from(const json& j, std::string* error) {
  Reader r(j, error);
  Drift d;
  d.address = r.get<std::string>("address");
  d.gone = r.get<bool>("gone");
  d.before = value_from(r, "before", false);
  d.after = value_from(r, "after", false);
  return d;
}

std::string short_id(const std::string& id) {
  return id.empty() ? "(none)" : id;
}

}  // namespace

std::string plan_file_text(const Plan& plan, const Value& variables,
                           const std::string& mesh_version) {
  ojson j;
  j["kind"] = kKind;
  j["file_version"] = kPlanFileVersion;
  j["mesh_version"] = mesh_version;
  ojson vars = ojson::object();
  for (const ValueEntry& e : variables.entries()) {
    if (e.second.contains_sensitive() || e.second.contains_unknown()) continue;
    vars[e.first] = ojson::parse(
        to_json(e.second).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  j["variables"] = std::move(vars);
  j["plan"] = plan_json(plan);
  return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

std::string write_plan_file(const std::string& path, const Plan& plan, const Value& variables,
                            const std::string& mesh_version) {
  const std::string text = plan_file_text(plan, variables, mesh_version);
  const std::string temp = path + ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return "cannot write plan file " + path + ": " + std::strerror(errno);
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string error = "cannot write plan file " + path + ": " + std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return error;
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(temp.c_str(), path.c_str()) != 0) {
    std::string error = "cannot write plan file " + path + ": " + std::strerror(errno);
    ::unlink(temp.c_str());
    return error;
  }
  return "";
}

std::optional<SavedPlan> parse_plan_file(const std::string& text, std::string* error) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception&) {
    *error = "not a mesh plan file (not JSON)";
    return std::nullopt;
  }
  // `kind` is compared only when it is a string: value("kind", "") throws on any other type.
  const auto kind = j.is_object() ? j.find("kind") : j.end();
  if (!j.is_object() || kind == j.end() || !kind->is_string() || *kind != kKind ||
      !j.contains("plan")) {
    *error = "not a mesh plan file";
    return std::nullopt;
  }
  std::string problem;
  Reader top(j, &problem);
  SavedPlan saved;
  saved.file_version = top.get<int>("file_version");
  if (saved.file_version > kPlanFileVersion) {
    *error = "plan file format " + std::to_string(saved.file_version) +
             " is newer than this mesh supports (" + std::to_string(kPlanFileVersion) + ")";
    return std::nullopt;
  }
  saved.mesh_version = top.get<std::string>("mesh_version");
  const json& vars = top.at("variables");
  if (vars.is_object()) {
    for (auto it = vars.begin(); it != vars.end(); ++it)
      saved.variables.emplace_back(it.key(), from_json(it.value()));
  }
  const json& p = top.at("plan");
  Reader r(p, &problem);
  Plan& plan = saved.plan;
  plan.workspace = r.get<std::string>("workspace");
  plan.lineage = r.get<std::string>("lineage");
  plan.serial = r.get<int64_t>("serial");
  plan.config_digest = r.get<std::string>("config_digest");
  plan.created_at = r.get<int64_t>("created_at");
  // Absent in files of format 1.0: no workspace expiry then.
  plan.workspace_expires_at = optional_int(r.at("workspace_expires_at"));
  plan.prior_workspace_expires_at = optional_int(r.at("prior_workspace_expires_at"));
  plan.destroy = r.get<bool>("destroy");
  plan.refreshed = r.get<bool>("refreshed");
  plan.targets = r.get<std::vector<std::string>>("targets");
  plan.replace = r.get<std::vector<std::string>>("replace");
  for (const json& c : r.at("changes")) plan.changes.push_back(change_from(c, &problem));
  for (const json& o : r.at("output_changes")) plan.outputs.push_back(output_from(o, &problem));
  for (const json& d : r.at("drift")) plan.drift.push_back(drift_from(d, &problem));
  for (const json& x : r.at("policy_results")) {
    Reader pr(x, &problem);
    PolicyResult result;
    result.policy = pr.get<std::string>("policy");
    result.address = pr.get<std::string>("address");
    result.enforcement = pr.get<std::string>("enforcement");
    result.status = pr.get<std::string>("status");
    result.message = pr.get<std::string>("message");
    plan.policies.push_back(std::move(result));
  }
  if (plan.config_digest.empty())
    problem = problem.empty() ? "the plan has no config_digest" : problem;
  if (!problem.empty()) {
    *error = "malformed plan file: " + problem;
    return std::nullopt;
  }
  return saved;
}

std::optional<SavedPlan> read_plan_file(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read plan file " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::optional<SavedPlan> saved = parse_plan_file(text.str(), error);
  if (!saved) *error = path + ": " + *error;
  return saved;
}

std::string check_saved_plan(const SavedPlan& saved, const state::Snapshot& snapshot,
                             const std::string& config_digest) {
  const Plan& p = saved.plan;
  if (p.workspace != snapshot.workspace) {
    return "the plan was made for workspace \"" + p.workspace + "\", not \"" + snapshot.workspace +
           "\"; pass -w " + p.workspace;
  }
  if (p.lineage != snapshot.lineage) {
    return "state lineage changed: the plan was made against state " + short_id(p.lineage) +
           ", the workspace now holds state " + short_id(snapshot.lineage) +
           " (recreated or replaced); run mesh plan again";
  }
  if (p.serial != snapshot.serial) {
    return "state changed since the plan was made (serial " + std::to_string(p.serial) + " → " +
           std::to_string(snapshot.serial) + "); run mesh plan again";
  }
  if (p.config_digest != config_digest) {
    return "configuration changed since the plan was made (the .mesh files, the variable "
           "values or the path.* values they read differ; sensitive variables must be supplied "
           "again with the same values); "
           "run mesh plan again";
  }
  return "";
}

std::string same_actions(const Plan& saved, const Plan& replanned) {
  std::map<std::string, Action> want, got;
  for (const ResourceChange& c : saved.changes) want[c.address] = c.action;
  for (const ResourceChange& c : replanned.changes) got[c.address] = c.action;
  std::vector<std::string> differences;
  auto name = [](const std::map<std::string, Action>& m, const std::string& address) {
    auto it = m.find(address);
    return it == m.end() ? std::string("nothing") : std::string(action_name(it->second));
  };
  auto differ = [&](const std::string& address) {
    std::string a = name(want, address), b = name(got, address);
    // A no-op and an absent entry are the same thing.
    if (a == b || ((a == "nothing" || a == "no-op") && (b == "nothing" || b == "no-op"))) return;
    differences.push_back(address + ": planned " + a + ", now " + b);
  };
  for (const auto& [address, action] : want) differ(address);
  for (const auto& [address, action] : got) {
    if (!want.count(address)) differ(address);
  }
  if (differences.empty()) return "";
  std::string out = "the saved plan no longer matches what an apply would do";
  const size_t shown = std::min<size_t>(differences.size(), 10);
  for (size_t i = 0; i < shown; ++i) out += "\n  " + differences[i];
  if (differences.size() > shown)
    out += "\n  … and " + std::to_string(differences.size() - shown) + " more";
  out += "\nrun mesh plan again";
  return out;
}

}  // namespace mesh::plan
