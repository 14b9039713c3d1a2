// The thread store: every ingested message (headers, analysis), its thread, the questions with
// their answered state, dates and commitments, and the waiting state of each thread. SQLite in
// WAL mode at $XDG_DATA_HOME/courtois/courtois.db, the embedded default; core/src/store/ is the
// only code that sees sqlite3.
//
// Durability: ingest() commits one transaction per batch with synchronous=FULL; when it
// returns, every message it reports as stored or duplicate is on disk (in the WAL), so a
// crash afterwards loses nothing that was acknowledged.
// Schema: versioned by PRAGMA user_version and marked by PRAGMA application_id. Older versions
// migrate forward on open; a newer version, or a database that is not a Courtois store, is
// refused with an error naming the file: a store is never silently reset.
// Concurrency: one writer connection behind a mutex, a pool of reader connections (WAL lets
// them read while a batch is written); busy_timeout covers other processes on the same file.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "courtois/analysis.hpp"
#include "courtois/clock.hpp"
#include "courtois/message.hpp"
#include "courtois/plugin.hpp"
#include "courtois/result.hpp"

namespace courtois {

struct StoreOptions {
  std::filesystem::path path;  // empty: default_store_path()
  std::chrono::milliseconds busy_timeout{10'000};
  std::size_t readers = 4;  // reader connections kept open
  // Migrate no further than this version (tests of forward migration); 0: the latest.
  int migrate_to = 0;
};

// $XDG_DATA_HOME/courtois/courtois.db
std::filesystem::path default_store_path();

// One message to ingest: the decoded message, its analysis (Engine::analyse), the raw bytes.
struct IngestItem {
  Message message;
  Analysis analysis;
  std::string raw;
};

struct IngestOutcome {
  std::string message_id;
  std::string thread;
  std::string status;  // stored | duplicate | error
  std::string error;   // for status error: what is wrong with this item
};

// A thread waiting on us, for GET /v1/waiting.
struct WaitingThread {
  std::string thread;
  std::string subject;
  std::size_t messages = 0;
  WaitingState waiting;  // refreshed for `now`
};

class Store {
 public:
  static constexpr int schema_version = 4;

  // Creates the file (and its folder) when missing, migrates an older schema forward.
  static Result<std::unique_ptr<Store>> open(const StoreOptions& options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Stores a batch in one transaction: idempotent by Message-ID (a message without one gets a
  // stable id derived from its bytes); one broken item is reported and the others are kept.
  // Threads are joined by Message-ID / In-Reply-To / References (subject as a last resort for
  // replies without references) and their waiting state is recomputed with `policy`.
  Result<std::vector<IngestOutcome>> ingest(std::vector<IngestItem>& items,
                                            const WaitingPolicy& policy);

  // Threads waiting on us, most urgent first (earliest due time), refreshed for `now`.
  Result<std::vector<WaitingThread>> waiting(const WaitingPolicy& policy, ZonedTime now,
                                             std::size_t limit = 100) const;
  // One thread by its key or by the Message-ID of any of its messages: messages (analysis
  // JSON, date order), questions with answered_by, dates, commitments, waiting for `now`.
  Result<nlohmann::json> thread(const std::string& id, const WaitingPolicy& policy,
                                ZonedTime now) const;
  // The thread key of a Message-ID, if stored.
  Result<std::optional<std::string>> thread_of(const std::string& message_id) const;
  // The raw bytes of the messages of a thread, date order (to re-run thread analysis).
  Result<std::vector<std::string>> thread_raw(const std::string& key) const;
  // Records what thread analysis found: answered_by and withdrawn_by of questions, commitment
  // status, deadline changes. The waiting state is the store's own computation; given the
  // policy, it is redone in the same transaction from the questions now settled (a question
  // the client took back is owed nothing).
  Result<void> apply_thread_analysis(const std::string& key, const ThreadAnalysis& thread,
                                     const WaitingPolicy* policy = nullptr);
  // Recomputes the waiting state of every thread (after a policy change).
  Result<std::size_t> recompute_waiting(const WaitingPolicy& policy);

  // Store-wide settings (key, value), e.g. the fingerprint of the policy in use.
  Result<std::optional<std::string>> setting(const std::string& key) const;
  Result<void> set_setting(const std::string& key, const std::string& value);

  Result<std::size_t> message_count() const;
  Result<bool> has_message(const std::string& message_id) const;

  // A stable Message-ID for a message that has none: "<hash>@courtois.invalid".
  static std::string synthetic_message_id(std::string_view raw);

 private:
  Store() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::filesystem::path path_;
};

}  // namespace courtois
