#include "executor/executor.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/value_json.h"
#include "executor/change_graph.h"
#include "executor/consistency.h"
#include "executor/still_ticker.h"
#include "executor/walk.h"
#include "planner/planner.h"
#include "planner/state_values.h"

namespace mesh::exec {
namespace {

using plan::Action;
using Clock = std::chrono::steady_clock;

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

/// The object's `id` for progress lines: only a known, non-sensitive string.
std::string display_id(const Value& object) {
  if (!object.is_object() || object.is_sensitive()) return "";
  const Value* id = object.find("id");
  if (!id || !id->is_string() || id->is_sensitive()) return "";
  return id->as_string();
}

/// Whether a configured (settable) attribute of the plan is still unknown: only then can the
/// configuration differ at apply, since applied values must match known planned ones.
bool needs_evaluation(const Value& planned, const ResourceSchema* schema) {
  if (!planned.contains_unknown()) return false;
  if (!schema) return true;
  for (const AttributeSchema& a : schema->attributes) {
    if (!a.settable()) continue;
    const Value* v = planned.find(a.name);
    if (v && v->contains_unknown()) return true;
  }
  return false;
}

class Applier final : public InstanceValueSource {
 public:
  Applier(const plan::Plan& plan, const ResourceGraph& graph, const Evaluator& evaluator,
          ProviderSet& providers, state::StateStore& store, const ApplyOptions& options)
      : plan_(plan),
        graph_(graph),
        evaluator_(evaluator),
        providers_(providers),
        store_(store),
        options_(options),
        applied_(plan.changes.size()),
        ready_(new std::atomic<bool>[plan.changes.size()]) {
    for (size_t c = 0; c < plan.changes.size(); ++c) ready_[c].store(false);
    node_change_.assign(graph.nodes.size(), kNoOp);
    for (uint32_t c = 0; c < plan.changes.size(); ++c) {
      uint32_t node = node_of(plan.changes[c]);
      if (node != kNoNode) node_change_[node] = c;
    }
  }

  ApplyResult run() {
    ApplyResult result;
    std::string error;
    std::optional<ChangeGraph> dag = build_change_graph(plan_, options_.prior, &error);
    if (!dag) {
      result.error = std::move(error);
      return result;
    }
    if (!record_bookkeeping()) {
      result.error = "state could not be written: " + state_error_;
      return result;
    }
    const unsigned parallelism = std::max(1u, options_.parallelism);
    WalkResult walked;
    {
      StillTicker ticker(options_.progress, options_.still_interval, parallelism);
      ticker_ = &ticker;
      WalkOptions walk_options;
      walk_options.parallelism = parallelism;
      walk_options.stop = options_.stop;
      walked = walk(*dag, walk_options,
                    [&](uint32_t op, unsigned worker) { return step(dag->ops[op], worker); });
      ticker_ = nullptr;
    }
    summarize(*dag, walked, &result);
    if (result.error.empty()) commit_outputs(*dag, walked, &result);
    return result;
  }

  // InstanceValueSource: applied values of finished changes, planned values otherwise.
  Value instance_value(uint32_t node) const override {
    uint32_t c = node < node_change_.size() ? node_change_[node] : kNoOp;
    if (c == kNoOp) return recorded_value(node);
    if (ready_[c].load(std::memory_order_acquire)) return applied_[c];
    const plan::ResourceChange& change = plan_.changes[c];
    return change.action == Action::Delete ? change.before : change.after;
  }

 private:
  uint32_t node_of(const plan::ResourceChange& change) const {
    if (change.graph_node < 0 || static_cast<size_t>(change.graph_node) >= graph_.nodes.size())
      return kNoNode;
    uint32_t node = static_cast<uint32_t>(change.graph_node);
    return graph_.nodes[node].address_text == change.address ? node : kNoNode;
  }

  /// An instance the plan does not list (e.g. outside `--target`): its recorded state.
  Value recorded_value(uint32_t node) const {
    if (!options_.prior || node >= graph_.nodes.size()) return Value();
    const state::ResourceRecord* record = options_.prior->find(graph_.nodes[node].address_text);
    if (!record) return Value();
    std::string error;
    std::optional<Value> v = plan::record_value(*record, graph_.nodes[node].schema, &error);
    return v ? *v : Value();
  }

  void fail(const plan::ResourceChange& change, std::string message) {
    std::lock_guard<std::mutex> lock(failures_mutex_);
    failures_.push_back({change.address, std::move(message), change.range});
  }

  void report(ProgressEvent::Kind kind, Operation operation, const std::string& address,
              std::chrono::milliseconds elapsed, std::string id) {
    if (!options_.progress) return;
    ProgressEvent e;
    e.kind = kind;
    e.operation = operation;
    e.address = address;
    e.elapsed = elapsed;
    e.id = std::move(id);
    options_.progress->event(e);
  }

  OperationContext context_for(const std::string& address) const {
    OperationContext context;
    context.timeout = options_.operation_timeout;
    context.cancel = options_.cancel;
    if (Progress* progress = options_.progress) {
      context.log = [progress, address](const std::string& line) {
        ProgressEvent e;
        e.kind = ProgressEvent::Log;
        e.address = address;
        e.message = line;
        progress->event(e);
      };
    }
    return context;
  }

  /// Commits one change set; on failure nothing more may start (results would go unrecorded).
  bool commit(const state::ChangeSet& changes, const plan::ResourceChange& change,
              const char* what) {
    std::string error;
    if (store_.commit(options_.workspace, changes, &error)) return true;
    fail(change, std::string("could not record the ") + what + " in state: " + error);
    std::lock_guard<std::mutex> lock(failures_mutex_);
    if (state_error_.empty()) state_error_ = error;
    return false;
  }

  state::ResourceRecord record_for(const plan::ResourceChange& change, const Value& value,
                                   Operation operation) const {
    state::ResourceRecord r;
    r.address = change.address;
    r.type = change.type;
    r.provider = change.provider;
    plan::store_value(value, &r);
    r.dependencies = change.dependencies;
    r.prevent_destroy = change.prevent_destroy;
    r.create_before_destroy = change.create_before_destroy;
    r.expires_at = change.expires_at;
    r.ttl_ms = change.ttl_ms;
    uint32_t node = node_of(change);
    if (operation == Operation::Create && node != kNoNode && graph_.nodes[node].ttl_ms) {
      // A new object lives `ttl` from when it was made, not from when it was planned; the
      // planner's clock, so that MESH_NOW pins both (and the same rounding up to seconds).
      r.expires_at = plan::current_time() + (*graph_.nodes[node].ttl_ms + 999) / 1000;
    }
    return r;
  }

  /// No-op changes that only flip lifecycle bookkeeping (prevent_destroy, expiry): recorded
  /// without calling any provider, in one commit, before the walk.
  bool record_bookkeeping() {
    state::ChangeSet changes;
    for (const plan::ResourceChange& change : plan_.changes) {
      if (change.action != Action::NoOp || change.before.is_null()) continue;
      if (change.prevent_destroy == change.prior_prevent_destroy &&
          change.expires_at == change.prior_expires_at && change.ttl_ms == change.prior_ttl_ms)
        continue;
      changes.upserts.push_back(record_for(change, change.before, Operation::Update));
    }
    if (changes.empty()) return true;
    std::string error;
    if (store_.commit(options_.workspace, changes, &error)) return true;
    state_error_ = error;
    return false;
  }

  StepResult step(const Op& op, unsigned worker) {
    const plan::ResourceChange& change = plan_.changes[op.change];
    std::string error;
    Provider* provider = providers_.for_resource(change.type, change.provider, &error);
    if (!provider) {
      fail(change, error);
      return StepResult::Failed;
    }
    const std::string id = op.operation == Operation::Create ? "" : display_id(change.before);
    report(ProgressEvent::Start, op.operation, change.address, {}, id);
    ticker_->begin(worker, change.address, op.operation, id);
    const Clock::time_point start = Clock::now();
    std::string new_id;
    StepResult r = op.operation == Operation::Delete
                       ? destroy(change, *provider)
                       : create_or_update(op, change, *provider, &new_id);
    ticker_->end(worker);
    report(r == StepResult::Ok ? ProgressEvent::Done : ProgressEvent::Failed, op.operation,
           change.address, since(start), op.operation == Operation::Delete ? "" : new_id);
    return r;
  }

  StepResult destroy(const plan::ResourceChange& change, Provider& provider) {
    if (change.prevent_destroy) {
      fail(change, "lifecycle.prevent_destroy is set: refusing to destroy it");
      return StepResult::Failed;
    }
    std::string error = provider.destroy(change.type, change.before, context_for(change.address));
    if (!error.empty()) {
      fail(change, error);
      return StepResult::Failed;
    }
    // Under create_before_destroy the record already holds the new object.
    if (change.action == Action::CreateDelete) return StepResult::Ok;
    state::ChangeSet changes;
    changes.deletes.push_back(change.address);
    return commit(changes, change, "deletion") ? StepResult::Ok : StepResult::Halt;
  }

  StepResult create_or_update(const Op& op, const plan::ResourceChange& change, Provider& provider,
                              std::string* new_id) {
    const ResourceSchema* schema = provider.schema().find(change.type);
    const bool update = op.operation == Operation::Update;
    const Value prior = update ? change.before : Value();
    Value planned = change.after;

    // Fill unknowns from the applied dependencies: evaluate again, plan again.
    if (needs_evaluation(planned, schema)) {
      uint32_t node = node_of(change);
      if (node == kNoNode) {
        fail(change, "not found in the configuration: the plan does not match it");
        return StepResult::Failed;
      }
      Diagnostics diagnostics;
      Value config = evaluator_.instance(node, *this, diagnostics);
      if (diagnostics.has_errors()) {
        fail(change, diagnostics.items().front().message);
        return StepResult::Failed;
      }
      PlannedState replanned = provider.plan(change.type, prior, config);
      if (!replanned.error.empty()) {
        fail(change, replanned.error);
        return StepResult::Failed;
      }
      if (auto bad = contradiction(planned, replanned.value)) {
        fail(change, "provider produced an inconsistent final plan: " + *bad);
        return StepResult::Failed;
      }
      planned = plan::with_marks_of(replanned.value, planned);
    }

    // A create is recorded before it starts when the provider can read the object back: a
    // crash then leaves a record that the next plan's refresh confirms (or finds gone),
    // instead of an object nothing knows about.
    const bool intent =
        !update && change.action != Action::CreateDelete && provider.can_read(change.type);
    if (intent) {
      state::ChangeSet changes;
      changes.upserts.push_back(record_for(change, planned, op.operation));
      if (!commit(changes, change, "pending creation")) return StepResult::Halt;
    }

    OperationContext context = context_for(change.address);
    ProviderResult result = update ? provider.update(change.type, prior, planned, context)
                                   : provider.create(change.type, planned, context);
    if (!result.ok()) {
      fail(change, result.error);
      if (intent) {
        state::ChangeSet changes;
        changes.deletes.push_back(change.address);
        if (!commit(changes, change, "failed creation")) return StepResult::Halt;
      }
      return StepResult::Failed;
    }
    Value value = plan::typed_by_schema(plan::with_marks_of(result.value, planned), schema);
    *new_id = display_id(value);

    std::string problem;
    if (auto unknown = first_unknown(value)) {
      problem = "provider returned an unknown value for `" + *unknown + "`";
    } else if (auto bad = contradiction(planned, value)) {
      problem = "provider produced an inconsistent result: " + *bad;
    }
    // The object exists either way: record it before anything else can go wrong.
    state::ChangeSet changes;
    changes.upserts.push_back(record_for(change, value, op.operation));
    if (!commit(changes, change, update ? "update" : "creation")) return StepResult::Halt;
    if (!problem.empty()) {
      fail(change, problem);
      return StepResult::Failed;
    }
    applied_[op.change] = std::move(value);
    ready_[op.change].store(true, std::memory_order_release);
    return StepResult::Ok;
  }

  void summarize(const ChangeGraph& dag, const WalkResult& walked, ApplyResult* result) {
    result->interrupted = walked.stopped && state_error_.empty();
    if (!state_error_.empty()) result->error = "state could not be written: " + state_error_;
    for (uint32_t c = 0; c < plan_.changes.size(); ++c) {
      const plan::ResourceChange& change = plan_.changes[c];
      if (change.action == Action::NoOp) continue;
      bool all_ok = true, skipped = false, not_started = false;
      for (uint32_t op : {dag.delete_op[c], dag.create_op[c]}) {
        if (op == kNoOp) continue;
        Outcome o = walked.outcomes[op];
        all_ok = all_ok && o == Outcome::Succeeded;
        skipped = skipped || o == Outcome::Skipped;
        not_started = not_started || o == Outcome::NotStarted;
      }
      if (all_ok) {
        switch (change.action) {
          case Action::Create:
            ++result->added;
            break;
          case Action::Update:
            ++result->changed;
            break;
          case Action::DeleteCreate:
          case Action::CreateDelete:
            ++result->replaced;
            break;
          case Action::Delete:
            ++result->destroyed;
            break;
          case Action::NoOp:
            break;
        }
      } else if (skipped) {
        result->skipped.push_back(change.address);
      } else if (not_started) {
        result->not_started.push_back(change.address);
      }
    }
    result->failures = std::move(failures_);
    std::stable_sort(result->failures.begin(), result->failures.end(),
                     [](const Failure& a, const Failure& b) { return a.address < b.address; });
  }

  /// Root outputs whose inputs all applied, evaluated from applied values; one commit.
  void commit_outputs(const ChangeGraph& dag, const WalkResult& walked, ApplyResult* result) {
    if (plan_.outputs.empty()) return;
    std::unordered_map<std::string_view, uint32_t> output_nodes;
    for (uint32_t n = 0; n < graph_.nodes.size(); ++n) {
      const GraphNode& node = graph_.nodes[n];
      if (node.kind == NodeKind::Output) output_nodes.emplace(node.address.resource.name, n);
    }
    auto applied = [&](uint32_t node) {
      uint32_t c = node < node_change_.size() ? node_change_[node] : kNoOp;
      if (c == kNoOp) return true;
      for (uint32_t op : {dag.delete_op[c], dag.create_op[c]})
        if (op != kNoOp && walked.outcomes[op] != Outcome::Succeeded) return false;
      return true;
    };
    state::ChangeSet changes;
    for (const plan::OutputChange& output : plan_.outputs) {
      if (output.action == Action::Delete) {
        changes.delete_outputs.push_back(output.name);
        continue;
      }
      auto it = output_nodes.find(output.name);
      if (it == output_nodes.end()) continue;
      bool ready = true;
      for (uint32_t d : graph_.dependencies(it->second)) ready = ready && applied(d);
      if (!ready) continue;
      Diagnostics diagnostics;
      Value value = evaluator_.output(it->second, *this, diagnostics);
      if (diagnostics.has_errors() || value.contains_unknown()) continue;
      state::OutputRecord record;
      record.name = output.name;
      record.sensitive = output.sensitive || value.contains_sensitive();
      record.value_json = to_json(value).dump();
      changes.set_outputs.push_back(std::move(record));
    }
    if (changes.empty()) return;
    std::string error;
    if (!store_.commit(options_.workspace, changes, &error))
      result->error = "outputs could not be recorded in state: " + error;
  }

  const plan::Plan& plan_;
  const ResourceGraph& graph_;
  const Evaluator& evaluator_;
  ProviderSet& providers_;
  state::StateStore& store_;
  const ApplyOptions& options_;
  std::vector<uint32_t> node_change_;  ///< graph node → change index (kNoOp: none)
  std::vector<Value> applied_;         ///< per change, valid once ready_ is set
  std::unique_ptr<std::atomic<bool>[]> ready_;
  StillTicker* ticker_ = nullptr;
  std::mutex failures_mutex_;
  std::vector<Failure> failures_;
  std::string state_error_;
};

}  // namespace

ApplyResult apply(const plan::Plan& plan, const ResourceGraph& graph, const Evaluator& evaluator,
                  ProviderSet& providers, state::StateStore& store, const ApplyOptions& options) {
  return Applier(plan, graph, evaluator, providers, store, options).run();
}

}  // namespace mesh::exec
