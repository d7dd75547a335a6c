#pragma once
/// What the executor reports while it works: one event per start, finish, failure and
/// "still running" tick. A sink turns events into lines; tests capture the events themselves.

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace mesh::exec {

enum class Operation : uint8_t { Create, Update, Delete };

struct ProgressEvent {
  enum Kind : uint8_t { Start, Still, Done, Failed, Log } kind = Start;
  Operation operation = Operation::Create;
  std::string address;
  std::chrono::milliseconds elapsed{0};
  std::string id;       ///< the object's `id` when known and not sensitive, else ""
  std::string message;  ///< Log: a provider's line (never sensitive)
};

/// Receives events from every worker thread at once: implementations synchronize.
class Progress {
 public:
  virtual ~Progress() = default;
  virtual void event(const ProgressEvent& event) = 0;
};

/// `mesh_data.x: Creating...`, `mesh_data.x: Creation complete after 2s [id=…]`,
/// `mesh_data.x: Still creating... [10s elapsed]`; no trailing newline.
std::string format_progress(const ProgressEvent& event);

/// `2s`, `1m5s`, `1h0m3s` (whole seconds, rounded down).
std::string format_elapsed(std::chrono::milliseconds elapsed);

/// Writes each event as one whole line with one write under a mutex, so lines of concurrent
/// workers never interleave (CI logs read the same as a terminal).
class StreamProgress final : public Progress {
 public:
  explicit StreamProgress(std::FILE* stream) : stream_(stream) {}
  void event(const ProgressEvent& event) override;

 private:
  std::FILE* stream_;
  std::mutex mutex_;
};

}  // namespace mesh::exec
