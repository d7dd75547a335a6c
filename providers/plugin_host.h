#pragma once
/// One running plugin process and its JSON-lines request/response channel. Thread-safe:
/// requests from several threads are in flight together and matched to responses by id.
/// A plugin that crashes, sends garbage, or misses a deadline is killed (its process group),
/// and every request in flight fails with the plugin's name, the operation and the reason.

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "providers/plugin.h"
#include "providers/process.h"
#include "providers/provider.h"

namespace mesh {

class PluginHost {
 public:
  /// Starts `path` (working directory `working_dir`) and performs the handshake.
  static std::unique_ptr<PluginHost> start(const std::string& name, const std::string& path,
                                           const std::string& working_dir,
                                           const PluginOptions& options, std::string* error);
  /// Sends `stop`, then ends the process (killed when it does not exit promptly).
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  /// One request. On success `*result` is the response's `result`; else `*error` is
  /// "plugin mesh-provider-NAME: METHOD failed: …" (the plugin's message) or describes the
  /// crash or timeout. `timeout` 0 means `options.timeout`, else the context's.
  bool call(const std::string& method, nlohmann::json params, const OperationContext* context,
            nlohmann::json* result, std::string* error,
            std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  /// Strings redacted from the plugin's stderr and from errors (sensitive values it was sent).
  void add_secrets(const std::vector<std::string>& secrets);
  const std::string& label() const { return label_; }

 private:
  PluginHost() = default;
  struct Pending {
    std::string method;
    const OperationContext* context = nullptr;
    bool done = false;
    nlohmann::json response;
  };
  void read_loop();
  void on_stdout_line(const std::string& line);
  void on_stderr_line(const std::string& line);
  /// Marks the plugin dead (first reason wins) and kills its process group.
  void fail(std::string reason);
  std::string redacted(std::string text) const;
  std::string stderr_tail() const;

  std::string label_;  ///< "plugin mesh-provider-NAME"
  PluginOptions options_;
  std::unique_ptr<Process> process_;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::map<int64_t, Pending*> pending_;
  int64_t next_id_ = 1;
  bool dead_ = false;
  bool stopping_ = false;
  std::string death_;
  std::deque<std::string> stderr_;
  std::vector<std::string> secrets_;
  std::mutex write_mutex_;
};

}  // namespace mesh
