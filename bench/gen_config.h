#pragma once
/// The synthetic configuration used by the parse benchmark and `mesh_gen_config`.

#include <string>

namespace mesh::bench {

/// `blocks` resource blocks (plus a few variables), about 400 bytes each.
inline std::string generate_config(size_t blocks) {
  std::string out;
  out.reserve(blocks * 420 + 256);
  out += "# generated: " + std::to_string(blocks) + " resource blocks\n";
  out += "variable \"env\" {\n  type    = string\n  default = \"dev\"\n}\n\n";
  for (size_t i = 0; i < blocks; ++i) {
    std::string n = std::to_string(i);
    out += "resource \"postgres_schema\" \"s" + n + "\" {\n";
    out += "  name     = \"${var.env}_schema_" + n + "\"\n";
    out += "  owner    = postgres_role.owner_" + std::to_string(i % 97) + ".name\n";
    out += "  ttl      = 8h # expires\n";
    out += "  tags     = [\"team-" + std::to_string(i % 13) + "\", \"tier-2\", var.env]\n";
    out += "  settings = { retention = " + std::to_string(30 + i % 60) +
           ", replicas = 3, public = false }\n";
    out += "  enabled  = var.env != \"prod\" && " + n + " % 2 == 0\n";
    out += "  lifecycle {\n    prevent_destroy = true\n  }\n";
    out += "}\n\n";
  }
  return out;
}

}  // namespace mesh::bench
