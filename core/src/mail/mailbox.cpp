// Mailbox readers. Memory is bounded by one message (max_message_bytes) plus one read
// buffer: an mbox is read line by line through a fixed buffer, a message over the limit is
// drained without being kept and reported as an error entry, and reading goes on.
//
// mbox: a message starts at a "From " line that follows a blank line (or starts the file)
// and carries an asctime-like date ("From sender Mon Mar  2 10:12:00 2026"): a body line
// "From here on, ..." after a blank line is not taken for a separator. Content-Length is not
// trusted (it is often wrong after edits). Quoting is undone the mboxrd way (">From " and
// ">>From " lose one '>'), which is also right for mboxo's ">From ".
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "courtois/mailbox.hpp"
#include "mail/mail_internal.hpp"

namespace courtois {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kBufferSize = 1u << 20;

std::string too_large(std::size_t max) {
  return "message larger than " + std::to_string(max) + " bytes: skipped";
}

// One file per message: a single .eml, a Maildir, a folder of .eml files.
class FileListReader : public MailboxReader {
 public:
  FileListReader(std::vector<fs::path> files, std::size_t max)
      : files_(std::move(files)), max_(max) {
    for (const auto& f : files_) {
      std::error_code ec;
      auto size = fs::file_size(f, ec);
      if (!ec) total_ += size;
    }
  }

  std::optional<RawMessage> next() override {
    if (index_ >= files_.size()) return std::nullopt;
    const fs::path& path = files_[index_++];
    RawMessage msg;
    msg.source = path.string();
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (ec) {
      msg.error = "cannot read " + path.string() + ": " + ec.message();
      return msg;
    }
    read_ += size;
    if (size > max_) {
      msg.error = too_large(max_);
      return msg;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      msg.error = "cannot open " + path.string();
      return msg;
    }
    msg.bytes.resize(size);
    in.read(msg.bytes.data(), static_cast<std::streamsize>(size));
    msg.bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad()) msg.error = "read error in " + path.string();
    return msg;
  }
  std::size_t bytes_read() const override { return read_; }
  std::size_t bytes_total() const override { return total_; }

 private:
  std::vector<fs::path> files_;
  std::size_t max_;
  std::size_t index_ = 0;
  std::size_t read_ = 0, total_ = 0;
};

class StdinReader : public MailboxReader {
 public:
  explicit StdinReader(std::size_t max) : max_(max) {}
  std::optional<RawMessage> next() override {
    if (done_) return std::nullopt;
    done_ = true;
    RawMessage msg;
    msg.source = "-";
    std::vector<char> buffer(kBufferSize);
    bool over = false;
    while (true) {
      std::size_t got = std::fread(buffer.data(), 1, buffer.size(), stdin);
      if (got == 0) break;
      read_ += got;
      if (!over && msg.bytes.size() + got > max_) {
        over = true;
        msg.bytes.clear();
        msg.bytes.shrink_to_fit();
      }
      if (!over) msg.bytes.append(buffer.data(), got);
    }
    if (over) msg.error = too_large(max_);
    return msg;
  }
  std::size_t bytes_read() const override { return read_; }
  std::size_t bytes_total() const override { return 0; }

 private:
  std::size_t max_;
  std::size_t read_ = 0;
  bool done_ = false;
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

enum class FromLine { no, yes, if_header_follows };

// "From sender Mon Mar  2 10:12:00 2026" (a clock and an English month name) is a
// separator. Mailers also write "From -" or "From id@host" without a date: those count when a
// header field follows. "From Russia with love" or "From 10:00 to 12:00 I'm out" in a body
// does not.
FromLine classify_from_line(std::string_view line) {
  if (line.substr(0, 5) != "From ") return FromLine::no;
  std::string_view rest = line.substr(5);
  while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r')) rest.remove_suffix(1);
  std::size_t sender_end = rest.find(' ');
  std::string_view sender = rest.substr(0, sender_end);
  if (sender.empty()) return FromLine::no;
  std::string_view date =
      sender_end == std::string_view::npos ? std::string_view{} : rest.substr(sender_end);
  bool clock = false;
  for (std::size_t i = 1; i + 2 < date.size() && !clock; ++i)
    clock =
        date[i] == ':' && is_digit(date[i - 1]) && is_digit(date[i + 1]) && is_digit(date[i + 2]);
  if (clock) {
    static constexpr std::string_view kMonths[] = {" Jan ", " Feb ", " Mar ", " Apr ",
                                                   " May ", " Jun ", " Jul ", " Aug ",
                                                   " Sep ", " Oct ", " Nov ", " Dec "};
    for (auto m : kMonths)
      if (date.find(m) != std::string_view::npos) return FromLine::yes;
  }
  if (sender == "-" || sender.find('@') != std::string_view::npos || sender == "MAILER-DAEMON")
    return FromLine::if_header_follows;
  return FromLine::no;
}

bool looks_like_header(std::string_view line) {
  std::size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 76) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c <= 32 || c >= 127) return false;
  }
  return true;
}

class MboxReader : public MailboxReader {
 public:
  MboxReader(fs::path path, std::size_t max, std::size_t total)
      : path_(std::move(path)), in_(path_, std::ios::binary), max_(max), total_(total) {
    buffer_.resize(kBufferSize);
  }

  bool good() const { return static_cast<bool>(in_); }

  std::optional<RawMessage> next() override {
    if (done_) return std::nullopt;
    std::string line;
    if (!started_) {
      started_ = true;
      // The first line is the From_ line (open() checked the file starts with "From ").
      if (!read_line(line, 4096)) {
        done_ = true;
        return std::nullopt;
      }
    }
    RawMessage msg;
    msg.source = path_.string() + "#" + std::to_string(++index_);
    bool over = false;
    bool previous_blank = false;
    bool ended = true;
    while (true) {
      std::size_t keep = over ? 128 : max_ + 4096 - std::min(max_ + 4096, msg.bytes.size());
      if (!next_line(line, std::max<std::size_t>(keep, 128))) break;
      // A From_ line normally follows a blank line; without one (some writers omit it), or
      // without a date, it counts only when a header field follows.
      if (FromLine kind = classify_from_line(line); kind != FromLine::no) {
        if (!previous_blank || kind == FromLine::if_header_follows) {
          std::string following;
          bool header = false;
          if (read_line(following, std::max<std::size_t>(keep, 128))) {
            header = looks_like_header(following);
            pushed_back_ = std::move(following);
          }
          kind = header ? FromLine::yes : FromLine::no;
        }
        if (kind == FromLine::yes) {
          ended = false;
          break;
        }
      }
      previous_blank = line == "\n" || line == "\r\n";
      // mboxrd unquoting: ">From ", ">>From " ... lose one '>'.
      std::size_t gt = 0;
      while (gt < line.size() && line[gt] == '>') ++gt;
      if (gt > 0 && line.compare(gt, 5, "From ") == 0) line.erase(0, 1);
      if (!over && msg.bytes.size() + line.size() > max_) {
        over = true;
        msg.bytes.clear();
        msg.bytes.shrink_to_fit();
      }
      if (!over) msg.bytes += line;
    }
    if (ended) done_ = true;
    // The blank line before the next From_ line belongs to the separator.
    if (!ended || done_) {
      if (msg.bytes.size() >= 2 && msg.bytes.compare(msg.bytes.size() - 2, 2, "\n\n") == 0) {
        msg.bytes.pop_back();
      } else if (msg.bytes.size() >= 4 &&
                 msg.bytes.compare(msg.bytes.size() - 4, 4, "\r\n\r\n") == 0) {
        msg.bytes.resize(msg.bytes.size() - 2);
      }
    }
    if (over) msg.error = too_large(max_);
    if (in_.bad()) msg.error = "read error in " + path_.string();
    return msg;
  }

  std::size_t bytes_read() const override { return read_; }
  std::size_t bytes_total() const override { return total_; }

 private:
  bool fill() {
    if (eof_) return false;
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    len_ = static_cast<std::size_t>(in_.gcount());
    pos_ = 0;
    if (len_ == 0) {
      eof_ = true;
      return false;
    }
    return true;
  }

  // A line pushed back by the look-ahead after a "From -" line, else the next one read.
  bool next_line(std::string& line, std::size_t keep) {
    if (pushed_back_) {
      line = std::move(*pushed_back_);
      pushed_back_.reset();
      return true;
    }
    return read_line(line, keep);
  }

  // Reads one line with its "\n"; keeps at most `keep` bytes of it (the rest is consumed).
  bool read_line(std::string& line, std::size_t keep) {
    line.clear();
    bool any = false;
    while (true) {
      if (pos_ >= len_ && !fill()) return any;
      any = true;
      const char* start = buffer_.data() + pos_;
      std::size_t avail = len_ - pos_;
      const void* nl = std::memchr(start, '\n', avail);
      std::size_t take =
          nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) + 1 : avail;
      if (line.size() < keep) line.append(start, std::min(take, keep - line.size()));
      pos_ += take;
      read_ += take;
      if (nl) return true;
    }
  }

  fs::path path_;
  std::ifstream in_;
  std::size_t max_;
  std::size_t total_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, len_ = 0, read_ = 0, index_ = 0;
  std::optional<std::string> pushed_back_;
  bool eof_ = false, started_ = false, done_ = false;
};

bool has_extension(const fs::path& p, std::string_view ext) {
  return mail::iequals(p.extension().string(), ext);
}

bool hidden(const fs::path& p) {
  std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

}  // namespace

Result<std::unique_ptr<MailboxReader>> MailboxReader::open(const fs::path& input,
                                                           std::size_t max_message_bytes) {
  try {
    if (input == "-") return std::unique_ptr<MailboxReader>(new StdinReader(max_message_bytes));
    std::error_code ec;
    auto status = fs::status(input, ec);
    if (ec || !fs::exists(status))
      return make_error(Errc::not_found, "no such file or directory: " + input.string());
    if (fs::is_directory(status)) {
      std::vector<fs::path> files;
      bool maildir = fs::is_directory(input / "cur", ec) || fs::is_directory(input / "new", ec);
      if (maildir) {
        for (const char* sub : {"cur", "new"}) {
          if (!fs::is_directory(input / sub, ec)) continue;
          for (fs::directory_iterator
                   it(input / sub, fs::directory_options::skip_permission_denied, ec),
               end;
               !ec && it != end; it.increment(ec)) {
            if (it->is_regular_file(ec) && !hidden(it->path())) files.push_back(it->path());
          }
        }
        std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
          auto fa = a.filename(), fb = b.filename();
          return fa != fb ? fa < fb : a < b;
        });
      } else {
        for (fs::recursive_directory_iterator
                 it(input, fs::directory_options::skip_permission_denied, ec),
             end;
             !ec && it != end; it.increment(ec)) {
          if (it->is_regular_file(ec) && has_extension(it->path(), ".eml") && !hidden(it->path()))
            files.push_back(it->path());
        }
        std::sort(files.begin(), files.end());
      }
      if (ec) return make_error(Errc::io, "cannot list " + input.string() + ": " + ec.message());
      return std::unique_ptr<MailboxReader>(
          new FileListReader(std::move(files), max_message_bytes));
    }
    std::ifstream probe(input, std::ios::binary);
    if (!probe) return make_error(Errc::io, "cannot open " + input.string());
    char head[8] = {};
    probe.read(head, 8);
    std::string_view start(head, static_cast<std::size_t>(probe.gcount()));
    if (start.substr(0, 3) == "\xEF\xBB\xBF") start.remove_prefix(3);  // a byte-order mark
    bool mbox = start.substr(0, 5) == "From ";
    probe.close();
    if (mbox) {
      auto size = fs::file_size(input, ec);
      auto reader = std::make_unique<MboxReader>(input, max_message_bytes, ec ? 0 : size);
      if (!reader->good()) return make_error(Errc::io, "cannot open " + input.string());
      return std::unique_ptr<MailboxReader>(std::move(reader));
    }
    return std::unique_ptr<MailboxReader>(new FileListReader({input}, max_message_bytes));
  } catch (const std::exception& e) {
    return make_error(Errc::io, "cannot read " + input.string() + ": " + e.what());
  }
}

}  // namespace courtois
