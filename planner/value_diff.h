#pragma once
/// The attribute-level diff of one change, shared by the human and Markdown renderers: which
/// attributes were added, removed or changed, nested objects and lists diffed inside, and how
/// many unchanged entries were folded away. Sensitive values are never descended into: a
/// change under a sensitive mark is one opaque `(sensitive)` entry.

#include <string>
#include <vector>

#include "core/value.h"

namespace mesh::plan {

enum class DiffOp : uint8_t { Same, Add, Remove, Change };

struct ValueDiff {
  DiffOp op = DiffOp::Same;
  std::string key;  ///< attribute or map key (display form); "" for list elements
  Value before;     ///< absent side null
  Value after;
  bool forces_replacement = false;
  /// When both sides are objects (or both lists) and known and not sensitive: the entries,
  /// changed ones only; `nested` is then true even when every entry was folded.
  bool nested = false;
  std::vector<ValueDiff> children;
  size_t hidden = 0;  ///< unchanged entries folded away (of this node's children)
};

struct AttributeDiff {
  std::vector<ValueDiff> attributes;  ///< changed attributes (all of them for create/delete)
  size_t hidden = 0;                  ///< unchanged attributes folded away
};

/// Diffs two resource objects (null for a create's before or a delete's after). For a create
/// null attributes are left out; for a delete every non-null attribute is listed.
/// `replace_paths` mark the attributes forcing a replacement.
AttributeDiff diff_attributes(const Value& before, const Value& after,
                              const std::vector<std::string>& replace_paths);

/// Diffs two values of one attribute (objects and lists element-wise).
ValueDiff diff_values(std::string key, const Value& before, const Value& after);

/// A key as displayed: bare when it is an identifier, quoted otherwise.
std::string display_key(const std::string& key);

}  // namespace mesh::plan
