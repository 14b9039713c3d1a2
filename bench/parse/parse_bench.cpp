// Parsing benchmark: messages/s of Message::from_raw on one core and on two (oneTBB
// parallel_for over batches), for each input given. Prints one JSON line per input and thread
// count, in the same shape as bench/mailparser/run.js, so bench/parse/compare.sh can put them
// side by side:
//   {"set", "messages", "threads", "seconds", "msgs_per_s", "read_msgs_per_s"}
//
// Usage:
//   parse_bench [--min-seconds S] [--threads 1,2] INPUT...
//       INPUT: an mbox, a Maildir, a folder of .eml or .txt files (recursive), or one .eml.
//   parse_bench --split INPUT OUTDIR
//       writes the messages of INPUT that parse into OUTDIR/text/ (no attachment) and
//       OUTDIR/attachments/ (at least one), one .eml per message, so that both parsers are
//       measured on the same two sets.
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "courtois/mailbox.hpp"
#include "courtois/message.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool is_message_file(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".eml" || ext == ".txt";
}

// Loads every message of `input`; a folder without cur/ or new/ takes .eml and .txt files.
std::vector<std::string> load(const fs::path& input) {
  std::vector<std::string> out;
  if (fs::is_directory(input) && !fs::exists(input / "cur") && !fs::exists(input / "new")) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(input))
      if (e.is_regular_file() && is_message_file(e.path())) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) out.push_back(read_file(f));
    return out;
  }
  auto reader = courtois::MailboxReader::open(input);
  if (!reader) {
    std::cerr << "parse_bench: " << reader.error().to_string() << "\n";
    std::exit(1);
  }
  while (auto raw = (*reader)->next())
    if (raw->error.empty()) out.push_back(std::move(raw->bytes));
  return out;
}

// Keeps the result observable so the work is not optimised away.
std::atomic<std::size_t> g_sink{0};

std::size_t parse_one(const std::string& bytes) {
  auto r = courtois::Message::from_raw(bytes);
  return r.ok() ? r->new_text.size() + r->attachments.size() : 1;
}

// Parses all messages repeatedly until `min_seconds` have passed.
double measure(const std::vector<std::string>& msgs, int threads, double min_seconds,
               std::size_t& count) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  count = 0;
  auto start = Clock::now();
  double elapsed = 0;
  do {
    if (threads == 1) {
      std::size_t sink = 0;
      for (const auto& m : msgs) sink += parse_one(m);
      g_sink += sink;
    } else {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, msgs.size(), 32),
                        [&](const auto& range) {
                          std::size_t sink = 0;
                          for (std::size_t i = range.begin(); i != range.end(); ++i)
                            sink += parse_one(msgs[i]);
                          g_sink += sink;
                        });
    }
    count += msgs.size();
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < min_seconds);
  return elapsed;
}

int split(const fs::path& input, const fs::path& outdir) {
  auto msgs = load(input);
  fs::create_directories(outdir / "text");
  fs::create_directories(outdir / "attachments");
  std::size_t text = 0, attach = 0, refused = 0;
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    auto r = courtois::Message::from_raw(msgs[i]);
    if (!r) {
      ++refused;
      continue;
    }
    bool has_attachments = !r->attachments.empty();
    char name[32];
    std::snprintf(name, sizeof name, "%05zu.eml", i);
    std::ofstream(outdir / (has_attachments ? "attachments" : "text") / name, std::ios::binary)
        << msgs[i];
    ++(has_attachments ? attach : text);
  }
  std::cout << "parse_bench: " << text << " text messages, " << attach << " with attachments, "
            << refused << " refused, in " << outdir.string() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "--split") return split(args[1], args[2]);
  double min_seconds = 3;
  std::vector<int> thread_counts = {1, 2};
  std::vector<fs::path> inputs;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--min-seconds" && i + 1 < args.size()) {
      min_seconds = std::stod(args[++i]);
    } else if (args[i] == "--threads" && i + 1 < args.size()) {
      thread_counts.clear();
      std::stringstream list(args[++i]);
      for (std::string t; std::getline(list, t, ',');) thread_counts.push_back(std::stoi(t));
    } else {
      inputs.emplace_back(args[i]);
    }
  }
  if (inputs.empty()) {
    std::cerr << "usage: parse_bench [--min-seconds S] [--threads 1,2] INPUT...\n"
                 "       parse_bench --split INPUT OUTDIR\n";
    return 2;
  }
  for (const auto& input : inputs) {
    auto read_start = Clock::now();
    auto msgs = load(input);
    double read_seconds = std::chrono::duration<double>(Clock::now() - read_start).count();
    if (msgs.empty()) {
      std::cerr << "parse_bench: no message in " << input << "\n";
      return 1;
    }
    std::size_t warm = 0;
    measure(msgs, 1, 0, warm);
    for (int threads : thread_counts) {
      std::size_t count = 0;
      double seconds = measure(msgs, threads, min_seconds, count);
      std::printf(
          "{\"set\": \"%s\", \"messages\": %zu, \"threads\": %d, \"seconds\": %.3f, "
          "\"msgs_per_s\": %.1f, "
          "\"read_msgs_per_s\": %.1f}\n",
          input.filename().string().c_str(), msgs.size(), threads, seconds,
          static_cast<double>(count) / seconds, static_cast<double>(msgs.size()) / read_seconds);
      std::fflush(stdout);
    }
  }
  return g_sink.load() == 0 ? 1 : 0;
}
