// Address lists and msg-id lists, parsed by one forward scan (no recursion: nested comments
// are tracked with a counter). mimetic's address parser is not used: it frees a field that is
// still referenced when parsing throws.
#include <string>
#include <string_view>
#include <vector>

#include "mail/mail_internal.hpp"

namespace courtois::mail {

namespace {

constexpr std::size_t kMaxAddresses = 1000;

void lower_domain(std::string& address) {
  auto at = address.rfind('@');
  if (at == std::string::npos) return;
  for (std::size_t i = at + 1; i < address.size(); ++i)
    if (address[i] >= 'A' && address[i] <= 'Z') address[i] = static_cast<char>(address[i] + 32);
}

std::string strip_spaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out.push_back(c);
  return out;
}

struct Pending {
  std::string phrase;   // display name as written, quotes removed
  std::string angle;    // inside <...>
  std::string comment;  // last comment
  bool has_angle = false;

  void clear() { *this = Pending{}; }
};

void finish(Pending& p, std::vector<Address>& out) {
  Address a;
  if (p.has_angle) {
    std::string addr = strip_spaces(p.angle);
    // Obsolete route "@a,@b:user@host".
    if (!addr.empty() && addr.front() == '@') {
      if (auto colon = addr.find(':'); colon != std::string::npos) addr = addr.substr(colon + 1);
    }
    a.address = addr;
    a.name = std::string(trim_ws(decode_header_text(trim_ws(p.phrase))));
  } else {
    std::string bare(trim_ws(p.phrase));
    if (bare.find('@') != std::string::npos) {
      a.address = strip_spaces(bare);
    } else if (!bare.empty() && bare.find(' ') == std::string::npos) {
      a.address = bare;
    } else {
      a.name = std::string(trim_ws(decode_header_text(bare)));
    }
    if (a.name.empty() && !p.comment.empty())
      a.name = std::string(trim_ws(decode_header_text(p.comment)));
  }
  if (!a.address.empty() && a.address.front() == '"' && a.address.back() == '"' &&
      a.address.size() > 1) {
    a.address = a.address.substr(1, a.address.size() - 2);
  }
  lower_domain(a.address);
  a.address = repair_utf8(a.address);
  if (!a.empty() && out.size() < kMaxAddresses) out.push_back(std::move(a));
  p.clear();
}

}  // namespace

std::vector<Address> parse_address_list(std::string_view raw) {
  std::vector<Address> out;
  Pending p;
  std::size_t i = 0;
  while (i < raw.size()) {
    char c = raw[i];
    if (c == '"') {
      // Quoted string: its content joins the phrase; escapes undone.
      ++i;
      std::string quoted;
      while (i < raw.size() && raw[i] != '"') {
        if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
        quoted.push_back(raw[i]);
        ++i;
      }
      ++i;
      if (p.has_angle)
        p.angle += quoted;
      else
        p.phrase += quoted;
      continue;
    }
    if (c == '(') {
      int depth = 1;
      std::size_t start = ++i;
      while (i < raw.size() && depth > 0) {
        if (raw[i] == '\\' && i + 1 < raw.size()) {
          i += 2;
          continue;
        }
        if (raw[i] == '(') ++depth;
        if (raw[i] == ')') --depth;
        ++i;
      }
      std::size_t end = depth == 0 ? i - 1 : i;
      p.comment = std::string(raw.substr(start, end - start));
      continue;
    }
    if (c == '<') {
      std::size_t close = raw.find('>', i + 1);
      std::size_t end = close == std::string_view::npos ? raw.size() : close;
      p.angle = std::string(raw.substr(i + 1, end - i - 1));
      p.has_angle = true;
      i = close == std::string_view::npos ? raw.size() : close + 1;
      continue;
    }
    if (c == ',') {
      finish(p, out);
      ++i;
      continue;
    }
    if (c == ':' && !p.has_angle) {
      // Group name: dropped, its members follow.
      p.clear();
      ++i;
      continue;
    }
    if (c == ';') {
      finish(p, out);
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') c = ' ';
    p.phrase.push_back(c);
    ++i;
  }
  finish(p, out);
  return out;
}

std::vector<std::string> parse_msg_ids(std::string_view raw) {
  std::vector<std::string> ids;
  std::size_t i = 0;
  while (i < raw.size() && ids.size() < kMaxAddresses) {
    std::size_t open = raw.find('<', i);
    if (open == std::string_view::npos) break;
    std::size_t close = raw.find('>', open + 1);
    if (close == std::string_view::npos) break;
    std::string id = strip_spaces(raw.substr(open + 1, close - open - 1));
    if (!id.empty()) ids.push_back(repair_utf8(id));
    i = close + 1;
  }
  if (ids.empty()) {
    // Message-IDs written without brackets.
    std::size_t pos = 0;
    while (pos < raw.size() && ids.size() < kMaxAddresses) {
      std::size_t start = raw.find_first_not_of(" \t\r\n,", pos);
      if (start == std::string_view::npos) break;
      std::size_t end = raw.find_first_of(" \t\r\n,", start);
      if (end == std::string_view::npos) end = raw.size();
      ids.push_back(repair_utf8(raw.substr(start, end - start)));
      pos = end;
    }
  }
  return ids;
}

}  // namespace courtois::mail
