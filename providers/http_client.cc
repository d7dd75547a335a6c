/// libcurl behind HttpRequest/HttpResponse (see http_client.h).

#include "providers/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <thread>

namespace mesh {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<HttpResponse*>(user)->body.append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  std::string line(data, size * count);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.pop_back();
    if (name == "location") response->location = value;
    if (name == "retry-after" && !value.empty() &&
        std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(c); }))
      response->retry_after_seconds = std::stol(value.substr(0, 9));
  }
  return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return cancel && cancel->load() ? 1 : 0;
}

bool retryable(const HttpResponse& r, const RetryPolicy& policy) {
  if (r.cancelled) return false;
  if (std::find(policy.accept.begin(), policy.accept.end(), r.status) != policy.accept.end())
    return false;
  if (r.transport_failure) return true;
  return r.status == 429 || (r.status >= 500 && r.status <= 599);
}

}  // namespace

HttpResponse http_send(const HttpRequest& request) {
  global_init();
  HttpResponse response;
  CurlPtr curl(curl_easy_init());
  if (!curl) {
    response.error = "cannot initialise libcurl";
    return response;
  }
  CURL* c = curl.get();
  SlistPtr headers;
  for (const auto& [name, value] : request.headers) {
    std::string line = name + ": " + value;
    curl_slist* appended = curl_slist_append(headers.get(), line.c_str());
    if (!appended) {
      response.error = "out of memory";
      return response;
    }
    headers.release();
    headers.reset(appended);
  }
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (request.has_body) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, long(request.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   long(std::min<int64_t>(request.timeout.count(), 10000)));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!request.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, request.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(request.cancel));
  char error_buffer[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  CURLcode code = curl_easy_perform(c);
  if (code != CURLE_OK) {
    response.status = 0;
    response.cancelled = code == CURLE_ABORTED_BY_CALLBACK;
    response.error = response.cancelled ? "cancelled"
                     : error_buffer[0]  ? error_buffer
                                        : curl_easy_strerror(code);
    response.transport_failure =
        !response.cancelled &&
        (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
         code == CURLE_OPERATION_TIMEDOUT || code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR ||
         code == CURLE_GOT_NOTHING || code == CURLE_PARTIAL_FILE);
    return response;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

HttpResponse http_send_with_retries(const HttpRequest& request, const RetryPolicy& policy,
                                    int* attempts) {
  std::chrono::milliseconds backoff = policy.initial_backoff;
  HttpResponse response;
  for (int attempt = 0;; ++attempt) {
    response = http_send(request);
    if (attempts) *attempts = attempt + 1;
    if (!retryable(response, policy) || attempt >= policy.retries) return response;
    std::chrono::milliseconds wait = backoff;
    if (response.retry_after_seconds >= 0)
      wait = std::chrono::milliseconds(response.retry_after_seconds * 1000);
    wait = std::min(wait, policy.max_backoff);
    for (auto slept = std::chrono::milliseconds(0); slept < wait;
         slept += std::chrono::milliseconds(50)) {
      if (request.cancel && request.cancel->load()) {
        response.cancelled = true;
        response.error = "cancelled";
        return response;
      }
      std::this_thread::sleep_for(std::min(std::chrono::milliseconds(50), wait - slept));
    }
    backoff = std::min(backoff * 2, policy.max_backoff);
  }
}

}  // namespace mesh
