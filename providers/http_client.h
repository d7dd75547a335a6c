#pragma once
/// A small libcurl client for the `http` provider: one request per call on its own easy
/// handle (RAII), TLS verification always on (optionally with a CA file), a timeout, a
/// cancellation flag, and bounded retries with exponential backoff on 429, 5xx and
/// connection errors. Thread-safe (no shared handles; CURLOPT_NOSIGNAL).

#include <atomic>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace mesh {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::string body;
  bool has_body = false;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string ca_file;  ///< "" = the system's CA bundle
  std::chrono::milliseconds timeout{30000};
  const std::atomic<bool>* cancel = nullptr;
};

struct HttpResponse {
  long status = 0;  ///< 0 when no response arrived
  std::string body;
  std::string location;            ///< the Location header, if any
  std::string error;               ///< transport error ("Couldn't connect to server"), or ""
  bool transport_failure = false;  ///< connection-level: worth a retry
  bool cancelled = false;
  long retry_after_seconds = -1;  ///< Retry-After in seconds, when given
};

struct RetryPolicy {
  int retries = 3;  ///< extra attempts after the first
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{std::chrono::seconds(5)};
  std::vector<long> accept;  ///< statuses that are success, never retried (e.g. an expected 503)
};

/// One attempt.
HttpResponse http_send(const HttpRequest& request);
/// Up to `1 + policy.retries` attempts while the answer is 429, 5xx or a connection error
/// (Retry-After honoured, capped by `max_backoff`); `*attempts` says how many were made.
HttpResponse http_send_with_retries(const HttpRequest& request, const RetryPolicy& policy,
                                    int* attempts);

}  // namespace mesh
