// The bearer token: created once, kept in the user's config folder readable by the user only.
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "courtois/rules.hpp"
#include "courtois/server/server.hpp"

namespace courtois {
namespace {

Result<std::string> random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  std::size_t got = 0;
  while (got < bytes) {
    auto n = ::getrandom(raw.data() + got, bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return make_error(Errc::io, std::string("cannot read random bytes: ") + std::strerror(errno));
    }
    got += static_cast<std::size_t>(n);
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

Result<std::string> read_token(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return make_error(Errc::io, path.string() + ": " + std::strerror(errno));
  // Someone else could read the token: tighten rather than refuse, the owner meant it private.
  if ((st.st_mode & 077) != 0 && ::chmod(path.c_str(), 0600) != 0)
    return make_error(
        Errc::io,
        path.string() + ": readable by others and cannot be made private: " + std::strerror(errno));
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::io, path.string() + ": cannot be read");
  std::string token;
  std::getline(in, token);
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  if (token.size() < 16 || token.find_first_of(" \t\r\n") != std::string::npos)
    return make_error(Errc::bad_input,
                      path.string() +
                          ": not a valid token (expected one line of at least 16 characters); "
                          "delete the file and a new token is created at the next start");
  return token;
}

}  // namespace

std::filesystem::path default_token_path() {
  return config_dir() / "token";
}

Result<std::string> load_or_create_token(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return read_token(path);

  auto dir = path.parent_path();
  if (!dir.empty() && !std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return make_error(Errc::io, dir.string() + ": cannot create folder: " + ec.message());
    ::chmod(dir.c_str(), 0700);
  }
  auto token = random_hex(32);
  if (!token) return token.error();
  // O_EXCL: if two services start at once, the second one reads the first one's token.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return read_token(path);
    return make_error(Errc::io,
                      path.string() + ": cannot create the token file: " + std::strerror(errno));
  }
  std::string line = *token + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok) {
    std::filesystem::remove(path, ec);
    return make_error(Errc::io, path.string() + ": cannot write the token file");
  }
  return token;
}

}  // namespace courtois
