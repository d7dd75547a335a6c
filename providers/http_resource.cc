/// `http_resource` (provider `http`): a generic REST object over libcurl. Created with POST
/// (to a collection) or PUT (to its own URL), refreshed with GET (drift: the fetched body
/// differs from the configured one), updated with PUT or PATCH, deleted with DELETE. Retries
/// 429/5xx/connection errors with backoff, a bounded number of times.

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/duration.h"
#include "core/value_json.h"
#include "providers/attributes.h"
#include "providers/builtin.h"
#include "providers/http_client.h"

namespace mesh {
namespace {

ResourceSchema http_resource_schema() {
  ResourceSchema s;
  s.type = "http_resource";
  s.description = "A REST object: POST/PUT to create, GET to read, PUT/PATCH to update, DELETE.";
  s.attributes = {
      schema_attribute("url", Type::string(), AttributeMode::Required, kForceNew,
                       "Collection URL (POST) or the object's own URL (PUT)."),
      schema_attribute("create_method", Type::string(), AttributeMode::Optional, kNoFlags,
                       "POST or PUT.", Value::string("POST")),
      schema_attribute("update_method", Type::string(), AttributeMode::Optional, kNoFlags,
                       "PUT or PATCH.", Value::string("PUT")),
      schema_attribute("read_path", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Where to GET the object: a full URL, a path (`/x/{id}`) on the URL's "
                       "host, or a path relative to `url`; `{id}` is the id."),
      schema_attribute("update_path", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Like read_path, for updates."),
      schema_attribute("delete_path", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Like read_path, for DELETE."),
      schema_attribute("headers", Type::map(Type::string()), AttributeMode::Optional, kNoFlags,
                       "Request headers."),
      schema_attribute("sensitive_headers", Type::map(Type::string()), AttributeMode::Optional,
                       kSensitive, "Request headers carrying secrets (tokens); redacted."),
      schema_attribute("body", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Request body for create and update (JSON or text)."),
      schema_attribute("id_path", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Dotted path of the id in the create response's JSON (`id`, "
                       "`data.id`, `items.0.id`)."),
      schema_attribute("expected_status", Type::list(Type::number()), AttributeMode::Optional,
                       kNoFlags, "Status codes that mean success (default: any 2xx)."),
      schema_attribute("timeout", Type::duration(), AttributeMode::Optional, kNoFlags,
                       "Limit per request (default 30s, at most the operation's timeout)."),
      schema_attribute("retries", Type::number(), AttributeMode::Optional, kNoFlags,
                       "Extra attempts on 429, 5xx and connection errors, with backoff.",
                       Value::integer(3)),
      schema_attribute("ca_file", Type::string(), AttributeMode::Optional, kNoFlags,
                       "CA bundle to verify TLS servers with (verification is always on)."),
      schema_attribute("id", Type::string(), AttributeMode::Computed, kNoFlags,
                       "From id_path, else the Location header (POST) or `url` (PUT)."),
      schema_attribute("status_code", Type::number(), AttributeMode::Computed, kNoFlags,
                       "Status of the last create or update."),
      schema_attribute("response_body", Type::string(), AttributeMode::Computed, kNoFlags,
                       "Body of the last create or update response."),
  };
  s.sort();
  return s;
}

std::string origin_of(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t slash = url.find('/', scheme + 3);
  return slash == std::string::npos ? url : url.substr(0, slash);
}

bool is_absolute(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

std::string percent_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string trim_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

/// Whether `fetched` still says what `configured` says: JSON objects compare the configured
/// members only (servers add fields such as ids); other JSON exactly; text exactly, ignoring
/// trailing newlines.
bool json_covers(const nlohmann::json& want, const nlohmann::json& have) {
  if (want.is_object() && have.is_object()) {
    for (auto it = want.begin(); it != want.end(); ++it)
      if (!have.contains(it.key()) || !json_covers(it.value(), have[it.key()])) return false;
    return true;
  }
  return want == have;
}

bool body_matches(const std::string& configured, const std::string& fetched) {
  nlohmann::json want = nlohmann::json::parse(configured, nullptr, false);
  nlohmann::json have = nlohmann::json::parse(fetched, nullptr, false);
  if (!want.is_discarded() && !have.is_discarded()) return json_covers(want, have);
  auto trim = [](std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
  };
  return trim(configured) == trim(fetched);
}

class HttpResource final : public ResourceType {
 public:
  const ResourceSchema& schema() const override {
    static const ResourceSchema schema = http_resource_schema();
    return schema;
  }

  std::vector<std::string> validate(const Value& config) const override {
    std::vector<std::string> errors;
    const Value& url = attribute(config, "url");
    if (url.is_string() && !is_absolute(url.as_string()))
      errors.push_back("url: \"" + url.as_string() + "\" is not an http:// or https:// URL");
    const Value& create = attribute(config, "create_method");
    if (create.is_string() && create.as_string() != "POST" && create.as_string() != "PUT")
      errors.push_back("create_method: must be POST or PUT");
    const Value& update = attribute(config, "update_method");
    if (update.is_string() && update.as_string() != "PUT" && update.as_string() != "PATCH")
      errors.push_back("update_method: must be PUT or PATCH");
    const Value& retries = attribute(config, "retries");
    if (retries.is_number()) {
      std::optional<int64_t> n = retries.as_number().to_int64();
      if (!n || *n < 0 || *n > 20) errors.push_back("retries: must be a whole number 0..20");
    }
    return errors;
  }

  /// Status and response body are unknown whenever a request will be made.
  PlannedState plan(const Value& prior, const Value& config) const override {
    PlannedState planned = plan_from_schema(schema(), prior, config);
    if (planned.error.empty() && !prior.is_null() && planned.requires_replace.empty() &&
        !same_value(planned.value, prior))
      planned.value =
          with_attributes(planned.value, {{"status_code", Value::unknown(Type::number())},
                                          {"response_body", Value::unknown(Type::string())}});
    return planned;
  }

  ProviderResult create(const Value& planned, const OperationContext& context) override {
    const std::string url = string_attribute(planned, "url");
    const std::string method = string_attribute(planned, "create_method", "POST");
    HttpResponse response;
    std::string error = send(planned, method, url, true, context, &response);
    if (!error.empty()) return ProviderResult::failure(error);
    std::string id;
    const std::string id_path = string_attribute(planned, "id_path");
    if (!id_path.empty()) {
      error = id_from(response.body, id_path, &id);
      if (!error.empty()) return ProviderResult::failure(method + " " + url + ": " + error);
    } else if (method == "PUT") {
      id = url;
    } else if (!response.location.empty()) {
      id = is_absolute(response.location) ? response.location : origin_of(url) + response.location;
    } else {
      return ProviderResult::failure(method + " " + url +
                                     ": the response has no Location header; set id_path");
    }
    return ProviderResult::success(finish(planned, id, response));
  }

  ReadResult read(const Value& state, const OperationContext& context) override {
    ReadResult result;
    const std::string url = object_url(state, "read_path");
    HttpResponse response;
    std::string error = send(state, "GET", url, false, context, &response, true);
    if (response.status == 404 || response.status == 410) return result;  // gone
    if (!error.empty()) {
      result.error = error;
      return result;
    }
    const Value& body = attribute(state, "body");
    if (body.is_string() && !body_matches(body.as_string(), response.body))
      result.value = with_attributes(state, {{"body", Value::string(response.body)}});
    else
      result.value = state;
    return result;
  }

  ProviderResult update(const Value& prior, const Value& planned,
                        const OperationContext& context) override {
    Value target = with_attributes(planned, {{"id", attribute(prior, "id")}});
    const std::string url = object_url(target, "update_path");
    HttpResponse response;
    std::string error = send(target, string_attribute(planned, "update_method", "PUT"), url, true,
                             context, &response);
    if (!error.empty()) return ProviderResult::failure(error);
    return ProviderResult::success(finish(planned, string_attribute(prior, "id"), response));
  }

  std::string destroy(const Value& state, const OperationContext& context) override {
    HttpResponse response;
    std::string error =
        send(state, "DELETE", object_url(state, "delete_path"), false, context, &response, true);
    if (response.status == 404 || response.status == 410) return "";
    return error;
  }

  /// Id: the object's URL; it is adopted as a PUT-created object with the fetched body.
  ProviderResult import(const std::string& id, const OperationContext& context) override {
    if (!is_absolute(id)) return ProviderResult::failure("import id must be the object's URL");
    Value state = Value::object({{"create_method", Value::string("PUT")},
                                 {"id", Value::string(id)},
                                 {"retries", Value::integer(3)},
                                 {"update_method", Value::string("PUT")},
                                 {"url", Value::string(id)}});
    HttpResponse response;
    std::string error = send(state, "GET", id, false, context, &response, true);
    if (!error.empty()) return ProviderResult::failure(error);
    return ProviderResult::success(
        with_attributes(state, {{"body", Value::string(response.body)},
                                {"response_body", Value::string(response.body)},
                                {"status_code", Value::integer(response.status)}}));
  }

 private:
  static Value finish(const Value& planned, const std::string& id, const HttpResponse& r) {
    return with_attributes(planned, {{"id", Value::string(id)},
                                     {"response_body", Value::string(r.body)},
                                     {"status_code", Value::integer(r.status)}});
  }

  /// The URL of the object for `which` (read_path, update_path, delete_path).
  static std::string object_url(const Value& state, const char* which) {
    const std::string url = string_attribute(state, "url");
    const std::string id = string_attribute(state, "id");
    std::string path = string_attribute(state, which);
    if (path.empty()) {
      if (string_attribute(state, "create_method", "POST") == "PUT") return url;
      if (is_absolute(id)) return id;
      return trim_slash(url) + "/" + percent_encode(id);
    }
    for (size_t at = path.find("{id}"); at != std::string::npos; at = path.find("{id}", at))
      path.replace(at, 4, percent_encode(id));
    if (is_absolute(path)) return path;
    if (!path.empty() && path.front() == '/') return origin_of(url) + path;
    return trim_slash(url) + "/" + path;
  }

  /// The id at dotted `path` of a JSON body.
  static std::string id_from(const std::string& body, const std::string& path, std::string* id) {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded()) return "the response is not JSON (id_path needs JSON)";
    const nlohmann::json* at = &j;
    for (size_t start = 0; start <= path.size();) {
      size_t dot = path.find('.', start);
      if (dot == std::string::npos) dot = path.size();
      std::string part = path.substr(start, dot - start);
      if (at->is_object() && at->contains(part)) {
        at = &(*at)[part];
      } else if (at->is_array() && !part.empty() && part.size() <= 9 &&
                 part.find_first_not_of("0123456789") == std::string::npos &&
                 std::stoul(part) < at->size()) {
        at = &(*at)[std::stoul(part)];
      } else {
        return "id_path \"" + path + "\" is not in the response";
      }
      start = dot + 1;
    }
    if (at->is_string())
      *id = at->get<std::string>();
    else if (at->is_number())
      *id = at->dump();
    else
      return "id_path \"" + path + "\" is not a string or number in the response";
    return "";
  }

  /// Sends one request with retries; "" on an expected status, else the error (secrets
  /// redacted). With `quiet_missing`, 404/410 return "" to the caller to interpret.
  static std::string send(const Value& state, const std::string& method, const std::string& url,
                          bool with_body, const OperationContext& context, HttpResponse* response,
                          bool quiet_missing = false) {
    HttpRequest request;
    request.method = method;
    request.url = url;
    request.cancel = context.cancel;
    request.ca_file = string_attribute(state, "ca_file");
    std::chrono::milliseconds timeout{30000};
    const Value& t = attribute(state, "timeout");
    if (t.is_duration() && t.as_duration() > 0)
      timeout = std::chrono::milliseconds(t.as_duration());
    request.timeout = std::min(timeout, context.timeout);
    std::vector<std::string> secrets;
    bool has_content_type = false;
    for (const char* key : {"headers", "sensitive_headers"}) {
      for (const auto& [name, value] : attribute(state, key).entries()) {
        if (!value.is_string()) continue;
        request.headers.emplace_back(name, value.as_string());
        if (std::string(key) == "sensitive_headers" || value.is_sensitive())
          secrets.push_back(value.as_string());
        std::string lower = name;
        for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
        if (lower == "content-type") has_content_type = true;
      }
    }
    const Value& body = attribute(state, "body");
    if (with_body && body.is_string()) {
      request.body = body.as_string();
      request.has_body = true;
      if (!has_content_type)
        request.headers.emplace_back(
            "Content-Type", nlohmann::json::parse(request.body, nullptr, false).is_discarded()
                                ? "text/plain; charset=utf-8"
                                : "application/json");
    }
    RetryPolicy policy;
    const Value& retries = attribute(state, "retries");
    if (retries.is_number()) policy.retries = int(retries.as_number().to_int64().value_or(3));
    std::vector<long> expected;
    for (const Value& code : attribute(state, "expected_status").items())
      if (code.is_number()) expected.push_back(long(code.as_number().to_int64().value_or(0)));
    policy.accept = expected;
    int attempts = 0;
    *response = http_send_with_retries(request, policy, &attempts);
    auto redact = [&](std::string text) {
      for (const std::string& s : secrets)
        for (size_t at = text.find(s); !s.empty() && at != std::string::npos; at = text.find(s, at))
          text.replace(at, s.size(), "(sensitive)");
      return text;
    };
    const std::string what = method + " " + url;
    const std::string tries = attempts > 1 ? " (" + std::to_string(attempts) + " attempts)" : "";
    if (response->status == 0) return redact(what + ": " + response->error + tries);
    if (quiet_missing && (response->status == 404 || response->status == 410)) return "";
    bool ok = expected.empty()
                  ? response->status >= 200 && response->status <= 299
                  : std::find(expected.begin(), expected.end(), response->status) != expected.end();
    if (ok) return "";
    std::string snippet =
        response->body.substr(0, std::min<size_t>(200, response->body.find('\n')));
    while (!snippet.empty() && (snippet.back() == '\n' || snippet.back() == '\r'))
      snippet.pop_back();
    return redact(what + ": status " + std::to_string(response->status) +
                  (expected.empty() ? " (expected 2xx)" : " (not in expected_status)") + tries +
                  (snippet.empty() ? "" : ": " + snippet));
  }
};

}  // namespace

std::unique_ptr<Provider> make_http_provider(const ProviderEnvironment&) {
  std::vector<std::unique_ptr<ResourceType>> types;
  types.push_back(std::make_unique<HttpResource>());
  return std::make_unique<BuiltinProvider>("http", std::move(types));
}

}  // namespace mesh
