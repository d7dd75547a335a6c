#include "providers/files.h"

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace mesh {

std::string errno_message(std::string_view what, const std::string& path) {
  return std::string(what) + " " + path + ": " + std::strerror(errno);
}

std::string make_directories(const std::string& path, mode_t mode) {
  struct stat info;
  if (stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return "";
    return "mkdir " + path + ": exists and is not a directory";
  }
  size_t slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0) {
    std::string error = make_directories(path.substr(0, slash), mode);
    if (!error.empty()) return error;
  }
  if (mkdir(path.c_str(), mode) != 0 && errno != EEXIST) return errno_message("mkdir", path);
  if (chmod(path.c_str(), mode) != 0) return errno_message("chmod", path);
  return "";
}

namespace {

/// Closes the fd on scope exit.
struct FileDescriptor {
  int fd = -1;
  ~FileDescriptor() {
    if (fd >= 0) close(fd);
  }
};

std::string write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t n = write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::strerror(errno);
    }
    content.remove_prefix(size_t(n));
  }
  return "";
}

}  // namespace

std::string write_file_atomic(const std::string& path, std::string_view content, mode_t mode) {
  size_t slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string temp = dir + "/." + name + ".mesh-XXXXXX";
  FileDescriptor file;
  file.fd = mkostemp(temp.data(), O_CLOEXEC);
  if (file.fd < 0) return errno_message("create temporary file in", dir);
  std::string error = write_all(file.fd, content);
  if (!error.empty()) error = "write " + temp + ": " + error;
  if (error.empty() && fchmod(file.fd, mode) != 0) error = errno_message("chmod", temp);
  if (error.empty() && fsync(file.fd) != 0) error = errno_message("fsync", temp);
  if (error.empty() && rename(temp.c_str(), path.c_str()) != 0)
    error = errno_message("rename to", path);
  if (!error.empty()) unlink(temp.c_str());
  return error;
}

std::optional<std::string> read_file(const std::string& path, std::string* error) {
  error->clear();
  FileDescriptor file;
  file.fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (file.fd < 0) {
    if (errno != ENOENT && errno != ENOTDIR) *error = errno_message("open", path);
    return std::nullopt;
  }
  struct stat info;
  if (fstat(file.fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    *error = "read " + path + ": is a directory";
    return std::nullopt;
  }
  std::string content;
  char buffer[65536];
  for (;;) {
    ssize_t n = read(file.fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = errno_message("read", path);
      return std::nullopt;
    }
    if (n == 0) break;
    content.append(buffer, size_t(n));
  }
  return content;
}

namespace {

int remove_entry(const char* path, const struct stat*, int, struct FTW*) {
  return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

}  // namespace

std::string remove_tree(const std::string& path) {
  if (nftw(path.c_str(), remove_entry, 32, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT)
    return errno_message("remove", path);
  return "";
}

std::optional<mode_t> parse_permission(std::string_view text) {
  if (text.size() < 3 || text.size() > 5) return std::nullopt;
  mode_t mode = 0;
  for (char c : text) {
    if (c < '0' || c > '7') return std::nullopt;
    mode = mode * 8 + mode_t(c - '0');
  }
  if (mode > 07777) return std::nullopt;
  return mode;
}

std::string format_permission(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", unsigned(mode & 07777));
  return text;
}

bool is_valid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t extra;
    uint32_t code;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1;
      code = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      code = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    static constexpr uint32_t kMinimum[4] = {0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[extra] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace mesh
