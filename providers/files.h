#pragma once
/// Filesystem primitives for the `local` provider, with errors as values: each returns "" on
/// success or a message such as `open /etc/x: Permission denied`.

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace mesh {

/// `what path: strerror(errno)`.
std::string errno_message(std::string_view what, const std::string& path);

/// `mkdir -p`: creates missing directories with `mode` (exactly, umask ignored); existing ones
/// are left alone. Fails when a component exists and is not a directory.
std::string make_directories(const std::string& path, mode_t mode);

/// Writes `content` to a temporary file next to `path` (O_EXCL, mode set with fchmod, fsync),
/// then renames it over `path`: readers see the old or the new file, never a partial one.
std::string write_file_atomic(const std::string& path, std::string_view content, mode_t mode);

/// The whole file; nullopt with `*error` empty when it does not exist (ENOENT/ENOTDIR), nullopt
/// with `*error` set on other failures.
std::optional<std::string> read_file(const std::string& path, std::string* error);

/// Removes `path` and everything below it (symlinks are removed, never followed).
std::string remove_tree(const std::string& path);

/// "0644", "644", "0755", "1777" → mode bits; nullopt when not 3–5 octal digits or > 07777.
std::optional<mode_t> parse_permission(std::string_view text);
/// Four octal digits: 0644 → "0644".
std::string format_permission(mode_t mode);

/// Whether `text` is well-formed UTF-8 (JSON state can only hold such strings).
bool is_valid_utf8(std::string_view text);

}  // namespace mesh
