#pragma once
/// The JSON forms of state records: the export format (docs/state.md, "Export format") and
/// the `record` column of history rows use the same shapes.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "state/records.h"

namespace mesh::state {

inline constexpr int kExportFormatVersion = 1;

nlohmann::ordered_json to_json(const ResourceRecord& record);
nlohmann::ordered_json to_json(const OutputRecord& output);
nlohmann::ordered_json to_json(const HistoryEntry& entry);

/// The same JSON as to_json(record).dump(), built by splicing `attributes_json` in as text:
/// the commit path writes one per change and must not re-parse the attributes.
std::string record_json(const ResourceRecord& record);

/// Parse back; on a missing or mistyped field set `error` (naming the field) and return nullopt.
std::optional<ResourceRecord> resource_from_json(const nlohmann::ordered_json& j,
                                                 std::string* error);
std::optional<OutputRecord> output_from_json(const nlohmann::ordered_json& j, std::string* error);
std::optional<HistoryEntry> history_from_json(const nlohmann::ordered_json& j, std::string* error);

/// A whole workspace as exported.
struct ExportDocument {
  Snapshot snapshot;
  std::vector<HistoryEntry> history;
};

std::string export_document(const ExportDocument& doc);
std::optional<ExportDocument> parse_export(const std::string& text, std::string* error);

/// A JSON array of strings as text, and back (the sensitive_paths and dependencies columns).
std::string string_list_json(const std::vector<std::string>& items);
bool parse_string_list(std::string_view text, std::vector<std::string>* out);

}  // namespace mesh::state
