// Corpus tests: every real message of shared/data/mime and of the SpamAssassin corpus parses
// or is refused with a named error; every text field that analysers or JSON see is valid UTF-8.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "courtois/mailbox.hpp"
#include "courtois/message.hpp"

namespace courtois {
namespace {

namespace fs = std::filesystem;

// A local copy: the test must not depend on the code under test to judge it.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

struct Tally {
  int parsed = 0, refused = 0, with_text = 0, with_skipped = 0, with_date = 0;
};

void check_message(const std::string& source, std::string_view bytes, Tally& tally) {
  auto r = Message::from_raw(bytes);
  if (!r.ok()) {
    ++tally.refused;
    EXPECT_TRUE(r.error().code == Errc::bad_input || r.error().code == Errc::too_large)
        << source << ": " << r.error().to_string();
    EXPECT_FALSE(r.error().message.empty()) << source;
    return;
  }
  ++tally.parsed;
  const Message& m = *r;
  for (const std::string* field :
       {&m.subject, &m.from.name, &m.from.address, &m.body_text, &m.new_text, &m.quoted,
        &m.signature, &m.disclaimer, &m.message_id, &m.date_raw}) {
    EXPECT_TRUE(valid_utf8(*field)) << source << ": invalid UTF-8 in a field";
  }
  for (const auto& [k, v] : m.headers)
    EXPECT_TRUE(valid_utf8(k) && valid_utf8(v)) << source << ": header " << k;
  for (const auto& a : m.attachments)
    EXPECT_TRUE(valid_utf8(a.filename)) << source << ": attachment name";
  for (const auto& s : m.skipped) EXPECT_TRUE(valid_utf8(s)) << source << ": skipped note";
  EXPECT_TRUE(m.lang == "fr" || m.lang == "en" || m.lang == "unknown") << source;
  EXPECT_LE(m.new_text.size(), m.body_text.size() + 1) << source;
  if (!m.new_text.empty()) ++tally.with_text;
  if (!m.skipped.empty()) ++tally.with_skipped;
  if (m.date) ++tally.with_date;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> files_under(const fs::path& root, std::string_view ext) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && (ext.empty() || e.path().extension() == ext))
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(CorpusTest, SharedMimeData) {
  fs::path root = fs::path(COURTOIS_SHARED_DIR) / "data" / "mime";
  if (!fs::exists(root)) GTEST_SKIP() << "no " << root << ": the shared data folder is absent";
  Tally tally;
  int mboxes = 0;
  for (const auto& path : files_under(root, "")) {
    std::string name = path.filename().string();
    if (name == "README.txt" || name == "COMMIT" || name.rfind("LICENSE", 0) == 0 ||
        name.find("-summary") != std::string::npos)
      continue;
    std::string bytes = read_file(path);
    if (name.find("mbox") != std::string::npos && bytes.rfind("From ", 0) == 0) {
      ++mboxes;
      auto reader = MailboxReader::open(path);
      ASSERT_TRUE(reader.ok()) << path;
      int count = 0;
      while (auto raw = (*reader)->next()) {
        ++count;
        if (!raw->error.empty()) continue;
        check_message(raw->source, raw->bytes, tally);
      }
      // Message counts of MimeKit's summaries (unmunged: two messages with "From Russia
      // with love" in their bodies; content-length: From_ lines without a blank line before).
      const std::map<std::string, int> expected = {{"content-length.mbox.txt", 29},
                                                   {"issue1189.mbox.txt", 4},
                                                   {"simple.mbox.txt", 3},
                                                   {"unmunged.mbox.txt", 2}};
      if (auto it = expected.find(name); it != expected.end()) EXPECT_EQ(count, it->second) << name;
      continue;
    }
    check_message(path.string(), bytes, tally);
  }
  std::cout << "shared/data/mime: " << tally.parsed << " parsed, " << tally.refused << " refused, "
            << tally.with_text << " with new text, " << tally.with_skipped
            << " with skipped notes, " << mboxes << " mbox files\n";
  EXPECT_GT(tally.parsed, 90);
}

fs::path spam_assassin_dir() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("COURTOIS_CORPORA_DIR")) candidates.emplace_back(env);
  candidates.emplace_back(COURTOIS_CORPORA_DIR);
  candidates.emplace_back(fs::path(COURTOIS_SOURCE_DIR) / "build" / "corpora");
  for (const auto& c : candidates) {
    fs::path data = c / "spam-assassin" / "package" / "data";
    if (fs::exists(data)) return data;
  }
  return {};
}

TEST(CorpusTest, SpamAssassin) {
  fs::path data = spam_assassin_dir();
  if (data.empty())
    GTEST_SKIP() << "SpamAssassin corpus absent: run scripts/fetch-corpora " << COURTOIS_CORPORA_DIR
                 << " (or set COURTOIS_CORPORA_DIR)";
  Tally tally;
  for (const auto& path : files_under(data, ".txt"))
    check_message(path.string(), read_file(path), tally);
  std::cout << "SpamAssassin: " << tally.parsed << " parsed, " << tally.refused << " refused, "
            << tally.with_text << " with new text, " << tally.with_date << " with a date, "
            << tally.with_skipped << " with skipped notes\n";
  EXPECT_GE(tally.parsed + tally.refused, 6000);
  // Real mail: nearly all of it must parse, with a date and some text.
  EXPECT_GE(tally.parsed, 6000);
  EXPECT_GE(tally.with_date, 5900);
}

}  // namespace
}  // namespace courtois
