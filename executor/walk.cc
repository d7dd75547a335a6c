#include "executor/walk.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace mesh::exec {
namespace {

class Walker {
 public:
  Walker(const ChangeGraph& graph, const WalkOptions& options,
         const std::function<StepResult(uint32_t, unsigned)>& step)
      : graph_(graph), options_(options), step_(step), remaining_(graph.indegree) {
    result_.outcomes.assign(graph.ops.size(), Outcome::NotStarted);
    for (uint32_t i = 0; i < graph.ops.size(); ++i)
      if (remaining_[i] == 0) ready_.push_back(i);
  }

  WalkResult run() {
    const size_t total = graph_.ops.size();
    if (total == 0) return std::move(result_);
    unsigned workers =
        std::max(1u, std::min<unsigned>(options_.parallelism, static_cast<unsigned>(total)));
    std::vector<std::thread> threads;
    threads.reserve(workers);
    for (unsigned w = 0; w < workers; ++w) threads.emplace_back([this, w] { work(w); });
    {
      std::unique_lock<std::mutex> lock(mutex_);
      // The caller's thread only watches the stop flag: a timed wait, not a spin.
      while (!(done_ == total || (halted_ && in_flight_ == 0))) {
        if (!halted_ && options_.stop && options_.stop->load()) {
          halted_ = true;
          wake_.notify_all();
        }
        finished_.wait_for(lock, options_.poll);
      }
      halted_ = true;  // releases idle workers
      result_.stopped = done_ != total;
      wake_.notify_all();
    }
    for (std::thread& t : threads) t.join();
    return std::move(result_);
  }

 private:
  void work(unsigned worker) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return halted_ || !ready_.empty(); });
      if (halted_) return;
      uint32_t op = ready_.front();
      ready_.pop_front();
      ++in_flight_;
      lock.unlock();
      StepResult r = step_(op, worker);
      lock.lock();
      --in_flight_;
      finish(op, r);
      if (done_ == graph_.ops.size() || (halted_ && in_flight_ == 0)) finished_.notify_one();
    }
  }

  /// Called with the mutex held.
  void finish(uint32_t op, StepResult r) {
    ++done_;
    if (r == StepResult::Ok) {
      result_.outcomes[op] = Outcome::Succeeded;
      bool woke = false;
      for (uint32_t k = graph_.waiter_offsets[op]; k < graph_.waiter_offsets[op + 1]; ++k) {
        uint32_t w = graph_.waiters[k];
        if (--remaining_[w] == 0 && result_.outcomes[w] == Outcome::NotStarted) {
          ready_.push_back(w);
          woke = true;
        }
      }
      if (woke) wake_.notify_all();
      return;
    }
    result_.outcomes[op] = Outcome::Failed;
    if (r == StepResult::Halt) halted_ = true;
    skip_behind(op);
    if (halted_) wake_.notify_all();
  }

  /// Marks every op transitively waiting for `op` skipped (each at most once).
  void skip_behind(uint32_t op) {
    std::vector<uint32_t> stack{op};
    while (!stack.empty()) {
      uint32_t o = stack.back();
      stack.pop_back();
      for (uint32_t k = graph_.waiter_offsets[o]; k < graph_.waiter_offsets[o + 1]; ++k) {
        uint32_t w = graph_.waiters[k];
        if (result_.outcomes[w] != Outcome::NotStarted) continue;
        result_.outcomes[w] = Outcome::Skipped;
        ++done_;
        stack.push_back(w);
      }
    }
  }

  const ChangeGraph& graph_;
  const WalkOptions& options_;
  const std::function<StepResult(uint32_t, unsigned)>& step_;
  std::vector<uint32_t> remaining_;
  std::deque<uint32_t> ready_;
  WalkResult result_;
  std::mutex mutex_;
  std::condition_variable wake_;      ///< workers: work is ready, or the walk ends
  std::condition_variable finished_;  ///< the caller: an op finished
  size_t done_ = 0;
  size_t in_flight_ = 0;
  bool halted_ = false;
};

}  // namespace

WalkResult walk(const ChangeGraph& graph, const WalkOptions& options,
                const std::function<StepResult(uint32_t, unsigned)>& step) {
  return Walker(graph, options, step).run();
}

}  // namespace mesh::exec
