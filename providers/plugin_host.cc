/// The plugin process and its JSON-lines channel (see plugin_host.h, docs/provider-protocol.md).

#include "providers/plugin_host.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "core/duration.h"

namespace mesh {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kStderrTail = 20;
constexpr size_t kMaxLine = size_t(64) << 20;

/// write(2) with SIGPIPE blocked in this thread (a dead plugin gives EPIPE, never a signal).
ssize_t write_quietly(int fd, const char* data, size_t size) {
  sigset_t pipe_set, old_mask, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE);
  ssize_t n = write(fd, data, size);
  int saved = errno;
  if (n < 0 && saved == EPIPE && !was_pending) {
    struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  errno = saved;
  return n;
}

/// Reads what is available into `buffer`; false on EOF or a hard error.
bool read_available(int fd, std::string& buffer) {
  char chunk[65536];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n > 0) {
      buffer.append(chunk, size_t(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

template <typename F>
void take_lines(std::string& buffer, F&& on_line) {
  size_t start = 0;
  for (size_t nl = buffer.find('\n'); nl != std::string::npos; nl = buffer.find('\n', start)) {
    std::string line = buffer.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    start = nl + 1;
    on_line(line);
  }
  buffer.erase(0, start);
}

std::string duration_text(std::chrono::milliseconds d) {
  return format_duration(d.count());
}

}  // namespace

std::unique_ptr<PluginHost> PluginHost::start(const std::string& name, const std::string& path,
                                              const std::string& working_dir,
                                              const PluginOptions& options, std::string* error) {
  std::unique_ptr<PluginHost> host(new PluginHost());
  host->label_ = "plugin mesh-provider-" + name;
  host->options_ = options;
  ProcessOptions process;
  process.argv = {path};
  process.environment = options.environment;
  process.environment.emplace_back("MESH_PLUGIN_PROTOCOL", std::to_string(kPluginProtocolVersion));
  process.working_dir = working_dir;
  std::string start_error;
  host->process_ = Process::start(process, &start_error);
  if (!host->process_) {
    *error = host->label_ + ": " + start_error;
    return nullptr;
  }
  host->reader_ = std::thread([h = host.get()] { h->read_loop(); });
  nlohmann::json result;
  if (!host->call(
          "handshake",
          {{"protocol", kPluginProtocolVersion}, {"mesh_version", "0.1.0"}, {"provider", name}},
          nullptr, &result, error, options.start_timeout))
    return nullptr;
  if (!result.is_object() || !result.contains("protocol") ||
      result["protocol"] != kPluginProtocolVersion) {
    *error = host->label_ + " speaks protocol " +
             (result.is_object() && result.contains("protocol") ? result["protocol"].dump()
                                                                : std::string("(none)")) +
             ", mesh speaks " + std::to_string(kPluginProtocolVersion);
    return nullptr;
  }
  return host;
}

PluginHost::~PluginHost() {
  if (!process_) return;  // never started
  bool alive;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    alive = !dead_;
  }
  if (alive) {
    nlohmann::json ignored;
    std::string error;
    call("stop", nlohmann::json::object(), nullptr, &ignored, &error,
         std::min(options_.start_timeout, std::chrono::milliseconds(5000)));
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  {
    std::lock_guard<std::mutex> lock(write_mutex_);
    if (process_) process_->close_stdin();
  }
  // A plugin that keeps running after `stop` and a closed stdin is killed after 2 s.
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!changed_.wait_for(lock, std::chrono::seconds(2), [&] { return process_->reaped(); }))
      process_->signal_group(SIGKILL);
  }
  if (reader_.joinable()) reader_.join();
}

void PluginHost::add_secrets(const std::vector<std::string>& secrets) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const std::string& s : secrets)
    if (!s.empty() && std::find(secrets_.begin(), secrets_.end(), s) == secrets_.end())
      secrets_.push_back(s);
}

std::string PluginHost::redacted(std::string text) const {
  for (const std::string& secret : secrets_)
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
      text.replace(at, secret.size(), "(sensitive)");
  return text;
}

std::string PluginHost::stderr_tail() const {
  std::string tail;
  for (const std::string& line : stderr_) tail += (tail.empty() ? "" : "\n") + line;
  return tail;
}

void PluginHost::fail(std::string reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (dead_) return;
  dead_ = true;
  death_ = std::move(reason);
  if (process_ && !process_->reaped()) process_->signal_group(SIGKILL);
  changed_.notify_all();
}

void PluginHost::on_stdout_line(const std::string& line) {
  if (line.empty()) return;
  nlohmann::json message = nlohmann::json::parse(line, nullptr, false);
  if (message.is_discarded() || !message.is_object() || !message.contains("id") ||
      !message["id"].is_number_integer()) {
    std::string shown;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      shown = redacted(line.substr(0, 200));
    }
    fail("sent a line that is not a JSON response: " + shown);
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = pending_.find(message["id"].get<int64_t>());
  if (it == pending_.end()) return;  // a request that already gave up
  it->second->response = std::move(message);
  it->second->done = true;
  changed_.notify_all();
}

void PluginHost::on_stderr_line(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string text = redacted(line);
  stderr_.push_back(text);
  if (stderr_.size() > kStderrTail) stderr_.pop_front();
  for (const auto& [id, pending] : pending_) {
    if (pending->context && pending->context->log) {
      pending->context->log(label_ + ": " + text);
      return;
    }
  }
}

void PluginHost::read_loop() {
  const int out = process_->stdout_fd(), err = process_->stderr_fd();
  std::string out_buffer, err_buffer;
  bool out_open = true, err_open = true;
  Clock::time_point stderr_deadline{};
  while (out_open || err_open) {
    pollfd fds[2];
    nfds_t n = 0;
    if (out_open) fds[n++] = {out, POLLIN, 0};
    if (err_open) fds[n++] = {err, POLLIN, 0};
    int rc = poll(fds, n, 100);
    if (rc < 0 && errno != EINTR) break;
    if (out_open && !read_available(out, out_buffer)) out_open = false;
    if (err_open && !read_available(err, err_buffer)) err_open = false;
    // stderr lines first: a plugin logs before it answers, and once the answer is handled the
    // request is no longer pending, so a log line read after it missed the operation's log
    // (seen under ASan: "kv: created greeting" never reached the create's log).
    take_lines(err_buffer, [&](const std::string& line) { on_stderr_line(line); });
    if (err_buffer.size() > 65536) err_buffer.clear();
    take_lines(out_buffer, [&](const std::string& line) { on_stdout_line(line); });
    if (out_buffer.size() > kMaxLine) {
      fail("sent a response line over 64 MiB");
      out_buffer.clear();
    }
    // Once stdout is closed, stderr gets a moment to deliver the plugin's last words.
    if (!out_open && err_open) {
      if (stderr_deadline == Clock::time_point{})
        stderr_deadline = Clock::now() + std::chrono::milliseconds(300);
      else if (Clock::now() > stderr_deadline)
        break;
    }
  }
  if (!err_buffer.empty()) on_stderr_line(err_buffer);
  // stdout is closed: the plugin is exiting (or we killed it). Give it a second, then kill.
  for (int i = 0; i < 100 && !process_->has_exited(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::lock_guard<std::mutex> lock(mutex_);
  if (!process_->has_exited()) process_->signal_group(SIGKILL);
  process_->wait();
  ProcessResult exit;
  exit.exit_code = process_->exit_code();
  exit.term_signal = process_->term_signal();
  if (!dead_) {
    dead_ = true;
    death_ = stopping_ ? "stopped" : exit.describe();
  }
  changed_.notify_all();
}

bool PluginHost::call(const std::string& method, nlohmann::json params,
                      const OperationContext* context, nlohmann::json* result, std::string* error,
                      std::chrono::milliseconds timeout) {
  if (timeout.count() == 0) {
    timeout = context ? context->timeout : std::chrono::minutes(20);
    if (options_.timeout.count() > 0) timeout = std::min(timeout, options_.timeout);
  }
  Pending pending;
  pending.method = method;
  pending.context = context;
  int64_t id;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (dead_) {
      *error = label_ + " is not running (" + death_ + "), cannot " + method;
      return false;
    }
    id = next_id_++;
    pending_[id] = &pending;
  }
  nlohmann::json request = {{"id", id}, {"method", method}, {"params", std::move(params)}};
  const std::string line =
      request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  const Clock::time_point deadline = Clock::now() + timeout;
  std::string write_error;
  {
    std::lock_guard<std::mutex> lock(write_mutex_);
    size_t written = 0;
    while (written < line.size() && write_error.empty()) {
      int fd = process_->stdin_fd();
      if (fd < 0) {
        write_error = "its stdin is closed";
        break;
      }
      ssize_t n = write_quietly(fd, line.data() + written, line.size() - written);
      if (n > 0) {
        written += size_t(n);
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        if (Clock::now() > deadline) break;
        pollfd p = {fd, POLLOUT, 0};
        poll(&p, 1, 50);
        std::lock_guard<std::mutex> state(mutex_);
        if (dead_) break;
      } else {
        write_error = "it closed its stdin";
      }
    }
  }
  std::unique_lock<std::mutex> lock(mutex_);
  bool timed_out = false, cancelled = false;
  while (!pending.done && !dead_) {
    if (context && context->cancelled()) {
      cancelled = true;
      break;
    }
    if (Clock::now() >= deadline) {
      timed_out = true;
      break;
    }
    changed_.wait_for(lock, std::chrono::milliseconds(50));
  }
  pending_.erase(id);
  if (pending.done) {
    lock.unlock();
    const nlohmann::json& response = pending.response;
    if (response.contains("error") && !response["error"].is_null()) {
      const nlohmann::json& e = response["error"];
      std::string message = e.is_string() ? e.get<std::string>()
                            : e.is_object() && e.contains("message") && e["message"].is_string()
                                ? e["message"].get<std::string>()
                                : e.dump();
      std::lock_guard<std::mutex> relock(mutex_);
      *error = label_ + ": " + method + ": " + redacted(message);
      return false;
    }
    *result = response.contains("result") ? response["result"] : nlohmann::json();
    return true;
  }
  if (timed_out || cancelled) {
    const std::string reason =
        timed_out ? "did not answer " + method + " within " + duration_text(timeout)
                  : method + " was cancelled";
    lock.unlock();
    fail(reason);
    *error = label_ + (timed_out ? " did not answer " + method + " within " +
                                       duration_text(timeout) + " (the plugin was stopped)"
                                 : ": " + method + " cancelled (the plugin was stopped)");
    return false;
  }
  // Died while this request was in flight: wait briefly for the exit status and stderr.
  changed_.wait_for(lock, std::chrono::seconds(2), [&] { return process_->reaped(); });
  std::string tail = stderr_tail();
  *error = label_ + " crashed during " + method + ": " + death_;
  if (!write_error.empty()) *error += " (" + write_error + ")";
  if (!tail.empty()) *error += "; stderr:\n" + tail;
  return false;
}

}  // namespace mesh
