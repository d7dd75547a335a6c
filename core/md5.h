#pragma once
/// MD5 (RFC 1321), only for `md5()`: content fingerprints that external tools expect (ETags,
/// checksums in manifests). Not for anything that needs collision resistance; use SHA-256.

#include <string>
#include <string_view>

namespace mesh {

/// Lowercase hex digest of `data`.
std::string md5_hex(std::string_view data);

}  // namespace mesh
