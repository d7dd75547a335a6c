#include "state/records.h"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "state/lock.h"
#include "state/store.h"

namespace mesh::state {

const ResourceRecord* Snapshot::find(const std::string& address) const {
  auto it =
      std::lower_bound(resources.begin(), resources.end(), address,
                       [](const ResourceRecord& r, const std::string& a) { return r.address < a; });
  return it != resources.end() && it->address == address ? &*it : nullptr;
}

const OutputRecord* Snapshot::find_output(const std::string& name) const {
  for (const OutputRecord& o : outputs) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

namespace {

std::string current_host() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) return "localhost";
  return host;
}

}  // namespace

Actor Actor::current(std::string command) {
  Actor a;
  if (const char* user = std::getenv("USER"); user && *user) {
    a.user = user;
  } else if (const passwd* pw = getpwuid(geteuid())) {
    a.user = pw->pw_name;
  } else {
    a.user = std::to_string(geteuid());
  }
  a.host = current_host();
  a.pid = getpid();
  a.command = std::move(command);
  return a;
}

bool LockInfo::stale() const {
  if (host != current_host() || pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

std::string LockInfo::message() const {
  std::time_t t = static_cast<std::time_t>(created_at);
  std::tm local{};
  localtime_r(&t, &local);
  char since[16];
  std::strftime(since, sizeof since, "%H:%M:%S", &local);
  std::string text = fmt::format("state is locked by {}@{} (pid {}, {}) since {}", user, host, pid,
                                 command, since);
  if (stale()) {
    text += fmt::format(
        "\nthe holder (pid {}) is no longer running; break the lock with: mesh force-unlock {}",
        pid, id);
  } else {
    text += fmt::format("\nlock id: {}", id);
  }
  return text;
}

void StateLock::release() {
  if (!store_) return;
  StateStore* store = store_;
  store_ = nullptr;
  store->release(info_);
}

}  // namespace mesh::state
