#include "executor/progress.h"

#include <fmt/format.h>

namespace mesh::exec {
namespace {

struct Words {
  const char* start;  ///< Creating
  const char* still;  ///< creating
  const char* done;   ///< Creation complete
  const char* failed;
};

Words words(Operation operation) {
  switch (operation) {
    case Operation::Create:
      return {"Creating...", "creating", "Creation complete", "Creation failed"};
    case Operation::Update:
      return {"Modifying...", "modifying", "Modifications complete", "Modifications failed"};
    case Operation::Delete:
      return {"Destroying...", "destroying", "Destruction complete", "Destruction failed"};
  }
  return {"", "", "", ""};
}

std::string id_suffix(const std::string& id) {
  return id.empty() ? "" : " [id=" + id + "]";
}

}  // namespace

std::string format_elapsed(std::chrono::milliseconds elapsed) {
  long long s = elapsed.count() / 1000;
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{}s", s / 60, s % 60);
  return fmt::format("{}h{}m{}s", s / 3600, (s % 3600) / 60, s % 60);
}

std::string format_progress(const ProgressEvent& e) {
  const Words w = words(e.operation);
  switch (e.kind) {
    case ProgressEvent::Start:
      return fmt::format("{}: {}{}", e.address, w.start, id_suffix(e.id));
    case ProgressEvent::Still:
      return fmt::format("{}: Still {}...{} [{} elapsed]", e.address, w.still, id_suffix(e.id),
                         format_elapsed(e.elapsed));
    case ProgressEvent::Done:
      return fmt::format("{}: {} after {}{}", e.address, w.done, format_elapsed(e.elapsed),
                         id_suffix(e.id));
    case ProgressEvent::Failed:
      return fmt::format("{}: {} after {}", e.address, w.failed, format_elapsed(e.elapsed));
    case ProgressEvent::Log:
      return fmt::format("{}: {}", e.address, e.message);
  }
  return e.address;
}

void StreamProgress::event(const ProgressEvent& event) {
  std::string line = format_progress(event);
  line += '\n';
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), stream_);
  std::fflush(stream_);
}

}  // namespace mesh::exec
