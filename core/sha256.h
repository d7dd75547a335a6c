#pragma once
/// SHA-256 (FIPS 180-4), for `sha256()` and content digests. Self-contained so the core does not
/// depend on a crypto library for one hash; checked against the FIPS test vectors.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mesh {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }
  /// The 32-byte digest; the object must not be updated afterwards.
  std::array<uint8_t, 32> finish();

 private:
  void block(const uint8_t* p);
  uint32_t state_[8];
  uint8_t buffer_[64];
  size_t buffered_ = 0;
  uint64_t length_ = 0;  ///< bytes hashed so far
};

/// Lowercase hex digest of `data`.
std::string sha256_hex(std::string_view data);
/// Raw 32-byte digest of `data`.
std::array<uint8_t, 32> sha256_bytes(std::string_view data);

}  // namespace mesh
