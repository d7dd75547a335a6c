/// `exec_command`: an object managed by shell commands — how external CLIs (talosctl, kind,
/// helm, cloud CLIs) are driven. Reference: docs/providers.md.
///
/// Each command runs as `/bin/sh -c COMMAND` in its own process group with:
/// - stdin: the resource as JSON (the planned object for create, the current state for read,
///   update and delete; sensitive values in clear, since the command may need them);
/// - environment: mesh's own, plus `environment`, `sensitive_environment`, `MESH_OPERATION`
///   (create/read/update/delete) and `MESH_ID` (except for create);
/// - the working directory `working_dir` (relative to the configuration directory).
/// A create/read/update command whose stdout is a JSON object sets `outputs` (and `id` from
/// its "id" member on create). A non-zero exit fails with the last 20 lines of stderr, with
/// sensitive environment values redacted. A read (or delete) command exiting with status 3
/// (LSB's "not running") means the object is gone.

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/duration.h"
#include "core/value_json.h"
#include "providers/attributes.h"
#include "providers/builtin.h"
#include "providers/files.h"
#include "providers/process.h"

namespace mesh {
namespace {

constexpr int kGoneExitCode = 3;
constexpr size_t kStderrTailLines = 20;

/// Attributes whose change reruns the object: replacement without an `update` command, the
/// update command with one.
constexpr const char* kCommandInputs[] = {"create", "environment", "sensitive_environment",
                                          "working_dir"};

ResourceSchema exec_command_schema() {
  ResourceSchema s;
  s.type = "exec_command";
  s.description = "An object created, read, updated and deleted by shell commands.";
  const Type env = Type::map(Type::string());
  s.attributes = {
      schema_attribute("create", Type::string(), AttributeMode::Required, kNoFlags,
                       "Command creating the object; its stdout, when a JSON object, becomes "
                       "`outputs`."),
      schema_attribute("read", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Command refreshing `outputs` (exit 3: the object is gone)."),
      schema_attribute("update", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Command applying a change in place; without it, a change of create, "
                       "environment or working_dir replaces the object."),
      schema_attribute("delete", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Command destroying the object; without it destroy only forgets it."),
      schema_attribute("environment", env, AttributeMode::Optional, kNoFlags,
                       "Variables added to every command's environment."),
      schema_attribute("sensitive_environment", env, AttributeMode::Optional, kSensitive,
                       "Like environment, redacted in outputs and error messages."),
      schema_attribute("working_dir", Type::string(), AttributeMode::Optional, kNoFlags,
                       "Directory the commands run in (default: the configuration directory)."),
      schema_attribute("triggers", Type::any(), AttributeMode::Optional, kForceNew,
                       "Any value; a change replaces the object."),
      schema_attribute("timeout", Type::duration(), AttributeMode::Optional, kNoFlags,
                       "Limit per command; then its process group is killed (default: the "
                       "operation's timeout)."),
      schema_attribute("id", Type::string(), AttributeMode::Computed, kNoFlags,
                       "The create command's JSON \"id\" when it prints one, else a random "
                       "UUID."),
      schema_attribute("outputs", Type::any(), AttributeMode::Computed, kNoFlags,
                       "The last create/read/update stdout parsed as a JSON object ({} when "
                       "it is not one)."),
      schema_attribute("stdout", Type::string(), AttributeMode::Computed, kNoFlags,
                       "The create (or update) command's stdout, trailing newlines removed."),
  };
  s.sort();
  return s;
}

/// What running one command gave.
struct CommandOutcome {
  ProcessResult process;
  std::string error;  ///< "" when the command succeeded
};

/// stdout as a JSON object, or nullopt.
std::optional<Value> json_object(const std::string& out) {
  size_t first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || out[first] != '{') return std::nullopt;
  ValueResult parsed = from_json_text(out);
  if (!parsed.ok() || !parsed.value.is_object()) return std::nullopt;
  return parsed.value;
}

Value stdout_value(std::string out) {
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  if (!is_valid_utf8(out))
    return Value::string("(binary output, " + std::to_string(out.size()) + " bytes)");
  return Value::string(std::move(out));
}

/// An environment value as text: strings as they are, null as "", anything else as JSON.
std::string environment_text(const Value& value) {
  if (value.is_string()) return value.as_string();
  if (value.is_null()) return "";
  ValueResult json = to_json_text(value);
  return json.ok() ? json.value.as_string() : std::string();
}

class ExecCommand final : public ResourceType {
 public:
  explicit ExecCommand(ProviderEnvironment environment) : environment_(std::move(environment)) {}

  const ResourceSchema& schema() const override {
    static const ResourceSchema schema = exec_command_schema();
    return schema;
  }

  std::vector<std::string> validate(const Value& config) const override {
    std::vector<std::string> errors;
    const Value& create = attribute(config, "create");
    if (create.is_string() && create.as_string().find_first_not_of(" \t\r\n") == std::string::npos)
      errors.push_back("create: the command must not be empty");
    const Value& timeout = attribute(config, "timeout");
    if (timeout.is_duration() && timeout.as_duration() <= 0)
      errors.push_back("timeout: must be positive");
    if (timeout.is_string() && !parse_duration(timeout.as_string()))
      errors.push_back("timeout: \"" + timeout.as_string() + "\" is not a duration such as \"5m\"");
    return errors;
  }

  PlannedState plan(const Value& prior, const Value& config) const override {
    PlannedState planned = plan_from_schema(schema(), prior, config);
    if (!planned.error.empty() || prior.is_null()) return planned;
    const bool has_update = !attribute(planned.value, "update").is_null();
    const bool rerun = inputs_changed(prior, planned.value);
    if (rerun && !has_update)
      for (const char* name : kCommandInputs)
        if (!same_value(attribute(prior, name), attribute(planned.value, name)))
          planned.requires_replace.push_back(name);
    if (!planned.requires_replace.empty())
      planned.value = with_attributes(planned.value, {{"id", Value::unknown(Type::string())},
                                                      {"outputs", Value::unknown()},
                                                      {"stdout", Value::unknown(Type::string())}});
    else if (rerun)
      planned.value = with_attributes(planned.value, {{"outputs", Value::unknown()},
                                                      {"stdout", Value::unknown(Type::string())}});
    return planned;
  }

  ProviderResult create(const Value& planned, const OperationContext& context) override {
    CommandOutcome run = run_command("create", planned, planned, "", context);
    if (!run.error.empty()) return ProviderResult::failure(run.error);
    std::optional<Value> outputs = json_object(run.process.out);
    Value id = Value::string(random_id());
    if (outputs) {
      const Value& given = attribute(*outputs, "id");
      if (given.is_string() && !given.as_string().empty()) id = given;
      if (given.is_number()) id = Value::string(to_json_text(given).value.as_string());
    }
    return ProviderResult::success(
        with_attributes(planned, {{"id", std::move(id)},
                                  {"outputs", outputs ? *outputs : Value::object({})},
                                  {"stdout", stdout_value(std::move(run.process.out))}}));
  }

  ReadResult read(const Value& state, const OperationContext& context) override {
    ReadResult result;
    if (attribute(state, "read").is_null()) {
      result.value = state;
      return result;
    }
    CommandOutcome run = run_command("read", state, state, string_attribute(state, "id"), context);
    if (run.process.ok() || !is_gone(run.process)) {
      if (!run.error.empty()) {
        result.error = run.error;
        return result;
      }
      std::optional<Value> outputs = json_object(run.process.out);
      result.value = outputs ? with_attributes(state, {{"outputs", *outputs}}) : state;
    }
    return result;  // gone: no value, no error
  }

  ProviderResult update(const Value& prior, const Value& planned,
                        const OperationContext& context) override {
    const std::string id = string_attribute(prior, "id");
    if (attribute(planned, "update").is_null() || !inputs_changed(prior, planned)) {
      // Only bookkeeping attributes changed (read, delete, update, timeout): nothing to run.
      return ProviderResult::success(
          with_attributes(planned, {{"id", attribute(prior, "id")},
                                    {"outputs", attribute(prior, "outputs")},
                                    {"stdout", attribute(prior, "stdout")}}));
    }
    CommandOutcome run = run_command("update", planned, prior, id, context);
    if (!run.error.empty()) return ProviderResult::failure(run.error);
    std::optional<Value> outputs = json_object(run.process.out);
    return ProviderResult::success(
        with_attributes(planned, {{"id", attribute(prior, "id")},
                                  {"outputs", outputs ? *outputs : attribute(prior, "outputs")},
                                  {"stdout", stdout_value(std::move(run.process.out))}}));
  }

  std::string destroy(const Value& state, const OperationContext& context) override {
    if (attribute(state, "delete").is_null()) return "";
    CommandOutcome run =
        run_command("delete", state, state, string_attribute(state, "id"), context);
    if (!run.error.empty() && !is_gone(run.process)) return run.error;
    return "";
  }

 private:
  static bool is_gone(const ProcessResult& process) {
    return process.error.empty() && !process.timed_out && !process.cancelled &&
           process.term_signal == 0 && process.exit_code == kGoneExitCode;
  }

  static bool inputs_changed(const Value& prior, const Value& planned) {
    for (const char* name : kCommandInputs)
      if (!same_value(attribute(prior, name), attribute(planned, name))) return true;
    return false;
  }

  static std::chrono::milliseconds timeout_of(const Value& object,
                                              const OperationContext& context) {
    const Value& timeout = attribute(object, "timeout");
    if (timeout.is_duration() && timeout.as_duration() > 0)
      return std::chrono::milliseconds(timeout.as_duration());
    if (timeout.is_string())
      if (std::optional<int64_t> ms = parse_duration(timeout.as_string()); ms && *ms > 0)
        return std::chrono::milliseconds(*ms);
    return context.timeout;
  }

  /// Runs command `operation` of `config` (where the commands, environment and working
  /// directory come from) with `input` as JSON on stdin.
  CommandOutcome run_command(const std::string& operation, const Value& config, const Value& input,
                             const std::string& id, const OperationContext& context) const {
    CommandOutcome outcome;
    ProcessRun run;
    run.process = ProcessOptions::shell(string_attribute(config, operation));
    std::vector<std::string> secrets;
    for (const char* name : {"environment", "sensitive_environment"}) {
      const Value& variables = attribute(config, name);
      const bool secret = std::string(name) == "sensitive_environment" || variables.is_sensitive();
      for (const ValueEntry& entry : variables.entries()) {
        std::string text = environment_text(entry.second);
        if (secret || entry.second.is_sensitive()) secrets.push_back(text);
        run.process.environment.emplace_back(entry.first, std::move(text));
      }
    }
    run.process.environment.emplace_back("MESH_OPERATION", operation);
    if (!id.empty()) run.process.environment.emplace_back("MESH_ID", id);
    const std::string working_dir = string_attribute(config, "working_dir");
    if (!working_dir.empty() || !environment_.base_dir.empty())
      run.process.working_dir = absolute_path(environment_.base_dir, working_dir);
    // Invalid UTF-8 cannot come from a configuration, but never let a stray byte throw.
    run.input =
        to_json(input).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    run.timeout = timeout_of(config, context);
    run.cancel = context.cancel;
    run.max_output = size_t(16) << 20;
    outcome.process = run_process(run);
    if (outcome.process.ok()) return outcome;

    outcome.error = operation + " command " + outcome.process.describe(run.timeout);
    std::string tail = tail_lines(outcome.process.err, kStderrTailLines);
    if (tail.empty()) tail = tail_lines(outcome.process.out, kStderrTailLines);
    for (const std::string& secret : secrets) {
      if (secret.size() < 3) continue;  // redacting "a" would shred the message
      for (size_t at = tail.find(secret); at != std::string::npos; at = tail.find(secret, at + 11))
        tail.replace(at, secret.size(), "(sensitive)");
    }
    if (!tail.empty()) outcome.error += ":\n" + tail;
    return outcome;
  }

  ProviderEnvironment environment_;
};

}  // namespace

std::unique_ptr<ResourceType> make_exec_command(const ProviderEnvironment& environment) {
  return std::make_unique<ExecCommand>(environment);
}

}  // namespace mesh
