#include "state/export.h"

#include <type_traits>

#include <fmt/format.h>

namespace mesh::state {

using json = nlohmann::ordered_json;

namespace {

/// Typed field access that reports the first problem instead of throwing.
class Reader {
 public:
  Reader(const json& j, const char* what, std::string* error) : j_(j), what_(what), error_(error) {}
  bool ok() const { return ok_; }

  template <typename T>
  T get(const char* key, T fallback, bool required = true) {
    if (!ok_) return fallback;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
      if (required) fail(key, "is missing");
      return fallback;
    }
    // A float in an integer field (4.2e43) is the wrong type, not an out-of-range conversion.
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      if (!it->is_number_integer()) {
        fail(key, "has the wrong type");
        return fallback;
      }
    }
    try {
      return it->get<T>();
    } catch (const json::exception&) {
      fail(key, "has the wrong type");
      return fallback;
    }
  }
  const json* raw(const char* key) {
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }
  void fail(const char* key, const char* problem) {
    if (ok_) *error_ = fmt::format("{}: field \"{}\" {}", what_, key, problem);
    ok_ = false;
  }

 private:
  const json& j_;
  const char* what_;
  std::string* error_;
  bool ok_ = true;
};

}  // namespace

json to_json(const ResourceRecord& r) {
  json j;
  j["address"] = r.address;
  j["type"] = r.type;
  j["provider"] = r.provider;
  j["attributes"] = json::parse(r.attributes_json, nullptr, false);
  j["sensitive_paths"] = r.sensitive_paths;
  j["dependencies"] = r.dependencies;
  j["prevent_destroy"] = r.prevent_destroy;
  j["create_before_destroy"] = r.create_before_destroy;
  j["created_at"] = r.created_at;
  j["updated_at"] = r.updated_at;
  j["expires_at"] = r.expires_at ? json(*r.expires_at) : json(nullptr);
  j["schema_version"] = r.schema_version;
  // Only when known: records without one export as before.
  if (r.ttl_ms) j["ttl_ms"] = *r.ttl_ms;
  return j;
}

std::string record_json(const ResourceRecord& r) {
  auto quote = [](const std::string& s) {
    return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
  };
  std::string out;
  out.reserve(r.attributes_json.size() + 256);
  out += "{\"address\":" + quote(r.address);
  out += ",\"type\":" + quote(r.type);
  out += ",\"provider\":" + quote(r.provider);
  out += ",\"attributes\":" + r.attributes_json;
  out += ",\"sensitive_paths\":" + string_list_json(r.sensitive_paths);
  out += ",\"dependencies\":" + string_list_json(r.dependencies);
  out += std::string(",\"prevent_destroy\":") + (r.prevent_destroy ? "true" : "false");
  out += std::string(",\"create_before_destroy\":") + (r.create_before_destroy ? "true" : "false");
  out += ",\"created_at\":" + std::to_string(r.created_at);
  out += ",\"updated_at\":" + std::to_string(r.updated_at);
  out += ",\"expires_at\":" + (r.expires_at ? std::to_string(*r.expires_at) : "null");
  out += ",\"schema_version\":" + std::to_string(r.schema_version);
  if (r.ttl_ms) out += ",\"ttl_ms\":" + std::to_string(*r.ttl_ms);
  out += "}";
  return out;
}

json to_json(const OutputRecord& o) {
  return json{{"name", o.name},
              {"value", json::parse(o.value_json, nullptr, false)},
              {"sensitive", o.sensitive}};
}

json to_json(const HistoryEntry& e) {
  json changes = json::array();
  for (const HistoryChange& c : e.changes) {
    changes.push_back({{"address", c.address}, {"action", c.action}, {"detail", c.detail}});
  }
  return json{{"serial", e.serial}, {"time", e.time},       {"user", e.user},    {"host", e.host},
              {"pid", e.pid},       {"command", e.command}, {"changes", changes}};
}

std::optional<ResourceRecord> resource_from_json(const json& j, std::string* error) {
  if (!j.is_object()) {
    *error = "resource: expected an object";
    return std::nullopt;
  }
  // The address names the record in messages; j.value("address", "?") threw a type error on
  // an address that is not a string (found by fuzz_state_import). The Reader reports it.
  const auto address = j.find("address");
  std::string what =
      "resource " +
      (address != j.end() && address->is_string() ? address->get<std::string>() : std::string("?"));
  Reader in(j, what.c_str(), error);
  ResourceRecord r;
  r.address = in.get<std::string>("address", "");
  r.type = in.get<std::string>("type", "");
  r.provider = in.get<std::string>("provider", "");
  if (const json* attrs = in.raw("attributes")) {
    r.attributes_json = attrs->dump();
  }
  r.sensitive_paths = in.get<std::vector<std::string>>("sensitive_paths", {}, false);
  r.dependencies = in.get<std::vector<std::string>>("dependencies", {}, false);
  r.prevent_destroy = in.get<bool>("prevent_destroy", false, false);
  r.create_before_destroy = in.get<bool>("create_before_destroy", false, false);
  r.created_at = in.get<int64_t>("created_at", 0, false);
  r.updated_at = in.get<int64_t>("updated_at", 0, false);
  if (const json* e = in.raw("expires_at"); e && !e->is_null()) {
    r.expires_at = in.get<int64_t>("expires_at", 0);
  }
  r.schema_version = in.get<int64_t>("schema_version", 0, false);
  if (const json* t = in.raw("ttl_ms"); t && !t->is_null()) r.ttl_ms = in.get<int64_t>("ttl_ms", 0);
  if (!in.ok()) return std::nullopt;
  return r;
}

std::optional<OutputRecord> output_from_json(const json& j, std::string* error) {
  if (!j.is_object()) {
    *error = "output: expected an object";
    return std::nullopt;
  }
  Reader in(j, "output", error);
  OutputRecord o;
  o.name = in.get<std::string>("name", "");
  if (const json* v = in.raw("value")) o.value_json = v->dump();
  o.sensitive = in.get<bool>("sensitive", false, false);
  if (!in.ok()) return std::nullopt;
  return o;
}

std::optional<HistoryEntry> history_from_json(const json& j, std::string* error) {
  if (!j.is_object()) {
    *error = "history: expected an object";
    return std::nullopt;
  }
  Reader in(j, "history version", error);
  HistoryEntry e;
  e.serial = in.get<int64_t>("serial", 0);
  e.time = in.get<int64_t>("time", 0);
  e.user = in.get<std::string>("user", "");
  e.host = in.get<std::string>("host", "");
  e.pid = in.get<int64_t>("pid", 0, false);
  e.command = in.get<std::string>("command", "");
  if (const json* changes = in.raw("changes"); changes && changes->is_array()) {
    for (const json& c : *changes) {
      Reader cin(c, "history change", error);
      HistoryChange hc;
      hc.address = cin.get<std::string>("address", "");
      hc.action = cin.get<std::string>("action", "");
      hc.detail = cin.get<std::string>("detail", "", false);
      if (!cin.ok()) return std::nullopt;
      e.changes.push_back(std::move(hc));
    }
  }
  if (!in.ok()) return std::nullopt;
  return e;
}

std::string export_document(const ExportDocument& doc) {
  json resources = json::array();
  for (const ResourceRecord& r : doc.snapshot.resources) resources.push_back(to_json(r));
  json outputs = json::array();
  for (const OutputRecord& o : doc.snapshot.outputs) outputs.push_back(to_json(o));
  json history = json::array();
  for (const HistoryEntry& e : doc.history) history.push_back(to_json(e));
  json j;
  j["format_version"] = kExportFormatVersion;
  j["workspace"] = doc.snapshot.workspace;
  j["lineage"] = doc.snapshot.lineage;
  j["serial"] = doc.snapshot.serial;
  // Only when set: exports of workspaces without a ttl are byte-identical to earlier ones.
  if (doc.snapshot.expires_at) j["expires_at"] = *doc.snapshot.expires_at;
  j["resources"] = std::move(resources);
  j["outputs"] = std::move(outputs);
  j["history"] = std::move(history);
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<ExportDocument> parse_export(const std::string& text, std::string* error) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *error = "not a mesh state export (invalid JSON)";
    return std::nullopt;
  }
  if (!j.contains("format_version") || !j["format_version"].is_number_integer()) {
    *error = "not a mesh state export (no format_version)";
    return std::nullopt;
  }
  int version = j["format_version"].get<int>();
  if (version != kExportFormatVersion) {
    *error = fmt::format("state export format version {} is not supported (this mesh reads {})",
                         version, kExportFormatVersion);
    return std::nullopt;
  }
  ExportDocument doc;
  Reader in(j, "state export", error);
  doc.snapshot.workspace = in.get<std::string>("workspace", "", false);
  doc.snapshot.lineage = in.get<std::string>("lineage", "");
  doc.snapshot.serial = in.get<int64_t>("serial", 0);
  if (const json* e = in.raw("expires_at"); e && !e->is_null())
    doc.snapshot.expires_at = in.get<int64_t>("expires_at", 0);
  doc.snapshot.exists = true;
  if (!in.ok()) return std::nullopt;
  for (const char* key : {"resources", "outputs", "history"}) {
    if (j.contains(key) && !j[key].is_array()) {
      *error = fmt::format("state export: field \"{}\" must be an array", key);
      return std::nullopt;
    }
  }
  for (const json& r : j.value("resources", json::array())) {
    auto record = resource_from_json(r, error);
    if (!record) return std::nullopt;
    doc.snapshot.resources.push_back(std::move(*record));
  }
  for (const json& o : j.value("outputs", json::array())) {
    auto output = output_from_json(o, error);
    if (!output) return std::nullopt;
    doc.snapshot.outputs.push_back(std::move(*output));
  }
  for (const json& h : j.value("history", json::array())) {
    auto entry = history_from_json(h, error);
    if (!entry) return std::nullopt;
    doc.history.push_back(std::move(*entry));
  }
  return doc;
}

std::string string_list_json(const std::vector<std::string>& items) {
  if (items.empty()) return "[]";
  return json(items).dump(-1, ' ', false, json::error_handler_t::replace);
}

bool parse_string_list(std::string_view text, std::vector<std::string>* out) {
  out->clear();
  if (text == "[]") return true;
  json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return false;
  for (const json& item : j) {
    if (!item.is_string()) return false;
    out->push_back(item.get<std::string>());
  }
  return true;
}

}  // namespace mesh::state
