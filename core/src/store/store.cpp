// The thread store on SQLite: the only file that includes sqlite3.h (STYLE.md §11).
// Statements are prepared per call (SQLite caches the parse in its own page cache cheaply
// enough for our batch sizes) except the per-item ones of ingest, prepared once per batch.
#include <sqlite3.h>
#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <set>

#include "courtois/engine.hpp"
#include "courtois/store.hpp"
#include "courtois/text.hpp"

namespace courtois {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// 'C','O','U','R': marks a file as a Courtois store (PRAGMA application_id).
constexpr int application_id = 0x434F5552;

// Schema steps: steps[v] migrates version v to v + 1. Never edit a released step; add one.
const char* const migrations[] = {
    // 0 -> 1: messages, their threads, questions, dates, commitments.
    R"sql(
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,
  thread_key TEXT NOT NULL,
  direction TEXT NOT NULL,
  automatic INTEGER NOT NULL,
  date_utc INTEGER,
  date_offset INTEGER,
  from_address TEXT NOT NULL,
  from_name TEXT NOT NULL,
  subject TEXT NOT NULL,
  in_reply_to TEXT NOT NULL,
  refs TEXT NOT NULL,
  headers TEXT NOT NULL,
  analysis TEXT NOT NULL,
  asks INTEGER NOT NULL,
  new_text TEXT NOT NULL,
  raw BLOB NOT NULL,
  ingested_at INTEGER NOT NULL
);
CREATE INDEX messages_thread ON messages(thread_key, date_utc);
CREATE TABLE message_refs (
  ref TEXT PRIMARY KEY,
  thread_key TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX message_refs_thread ON message_refs(thread_key);
CREATE TABLE threads (
  key TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  normalised_subject TEXT NOT NULL,
  first_date INTEGER,
  last_date INTEGER,
  message_count INTEGER NOT NULL,
  waiting_on TEXT NOT NULL,
  waiting_due INTEGER,
  waiting TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX threads_subject ON threads(normalised_subject);
CREATE TABLE questions (
  message_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  thread_key TEXT NOT NULL,
  text TEXT NOT NULL,
  kind TEXT NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  answered_by TEXT,
  answer_evidence TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
CREATE INDEX questions_thread ON questions(thread_key);
CREATE TABLE dates (
  message_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  thread_key TEXT NOT NULL,
  text TEXT NOT NULL,
  value TEXT NOT NULL,
  end_value TEXT,
  grain TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
CREATE INDEX dates_thread ON dates(thread_key);
CREATE TABLE commitments (
  message_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  thread_key TEXT NOT NULL,
  text TEXT NOT NULL,
  due TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  kept_by TEXT,
  PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
CREATE INDEX commitments_thread ON commitments(thread_key);
)sql",
    // 1 -> 2: deadline changes across a thread; the waiting list reads only threads waiting
    // on us, by due time.
    R"sql(
CREATE TABLE deadline_changes (
  thread_key TEXT NOT NULL,
  position INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  text TEXT NOT NULL,
  from_date TEXT NOT NULL,
  to_date TEXT NOT NULL,
  direction TEXT NOT NULL,
  PRIMARY KEY (thread_key, position)
) WITHOUT ROWID;
CREATE INDEX threads_waiting ON threads(waiting_on, waiting_due);
)sql",
    // 2 -> 3: store-wide settings, such as the fingerprint of the waiting-time policy the
    // stored due times were computed with.
    R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql",
    // 3 -> 4: a question the client took back in a later message is settled, not answered.
    R"sql(
ALTER TABLE questions ADD COLUMN withdrawn_by TEXT;
)sql",
};
static_assert(sizeof(migrations) / sizeof(migrations[0]) == Store::schema_version);

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ---- a thin RAII layer over the C API ------------------------------------------------------

struct Db {
  sqlite3* handle = nullptr;
  explicit Db(sqlite3* h = nullptr) : handle(h) {}
  Db(Db&& o) noexcept : handle(o.handle) { o.handle = nullptr; }
  Db& operator=(Db&& o) noexcept {
    std::swap(handle, o.handle);
    return *this;
  }
  ~Db() {
    if (handle) sqlite3_close_v2(handle);
  }
  std::string errmsg() const { return handle ? sqlite3_errmsg(handle) : "no database"; }
};

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  std::string error() const { return sqlite3_errmsg(db_); }

  Stmt& bind(int i, std::string_view s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind_blob(int i, std::string_view s) {
    sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& bind_null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  template <class T>
  Stmt& bind_opt(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(stmt_); }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int col) const {
    auto p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  std::string blob(int col) const {
    auto p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

Error db_error(const fs::path& path, std::string what, sqlite3* db) {
  return make_error(Errc::io, "thread store " + path.string() + ": " + what + ": " +
                                  (db ? sqlite3_errmsg(db) : "no database"));
}

Result<void> exec(sqlite3* db, const char* sql, const fs::path& path) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return make_error(Errc::io, "thread store " + path.string() + ": " + text);
  }
  return {};
}

Result<std::int64_t> pragma_int(sqlite3* db, const char* sql, const fs::path& path) {
  Stmt s(db, sql);
  if (!s.ok() || s.step() != SQLITE_ROW) return db_error(path, sql, db);
  return s.integer(0);
}

Result<Db> connect(const fs::path& path, bool read_only, std::chrono::milliseconds busy) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX |
              (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return db_error(path, "cannot open", raw);
  sqlite3_busy_timeout(raw, static_cast<int>(busy.count()));
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

std::string references_json(const Message& m) {
  json refs = json::array();
  for (const auto& r : m.references) refs.push_back(r);
  return refs.dump();
}

std::string headers_json(const Message& m) {
  json h = json::array();
  for (const auto& [name, value] : m.headers) h.push_back({name, value});
  return h.dump(-1, ' ', false, json::error_handler_t::replace);
}

WaitingState state_from_json(const json& j) {
  WaitingState s;
  auto str = [&](const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  s.on = str("on");
  if (s.on.empty()) s.on = "nobody";
  s.since = ZonedTime::parse_rfc3339(str("since"));
  s.due = ZonedTime::parse_rfc3339(str("due"));
  if (j.contains("target_hours") && j["target_hours"].is_number()) {
    s.target_hours = j["target_hours"].get<double>();
  }
  s.paused = j.value("paused", false);
  s.kind = str("kind");
  s.message_id = str("message_id");
  s.client = str("client");
  s.override_name = str("override");
  s.reason = str("reason");
  return s;
}

// The reason text depends on `now` (hours waited, breach): rebuild it after a refresh.
void refresh_reason(WaitingState& s, const WaitingPolicy& policy) {
  if (s.on != "us" || !s.since || !s.target_hours) return;
  auto hours = [](double h) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2g", h);
    if (h >= 10) std::snprintf(buf, sizeof buf, "%.3g", h);
    return std::string(buf);
  };
  std::string who = s.client.empty() ? "the client" : s.client;
  std::string kind = s.kind == "follow_up" ? "follow-up" : "first response";
  std::string rule = s.override_name.empty() ? "default" : "override \"" + s.override_name + "\"";
  s.reason = who + " wrote at " + s.since->rfc3339() + " and waits for our " + kind + "; " +
             hours(s.business_hours) + " of " + hours(*s.target_hours) + " business hours (" +
             rule + ", " + policy.calendar.time_zone() + ")";
  if (s.breached) {
    s.reason += ": target breached";
  } else if (s.warning) {
    s.reason += ": early warning";
  }
}

}  // namespace

// ---- Impl -------------------------------------------------------------------------------------

struct Store::Impl {
  fs::path path;
  StoreOptions options;
  std::mutex write_mutex;
  Db writer;

  // Readers: a pool; a caller takes one, uses it alone, gives it back.
  mutable std::mutex pool_mutex;
  mutable std::vector<Db> idle_readers;

  class Reader {
   public:
    Reader(const Impl& impl, Db db) : impl_(impl), db_(std::move(db)) {}
    ~Reader() {
      if (!db_.handle) return;
      std::lock_guard lock(impl_.pool_mutex);
      if (impl_.idle_readers.size() < impl_.options.readers) {
        impl_.idle_readers.push_back(std::move(db_));
      }
    }
    sqlite3* get() const { return db_.handle; }

   private:
    const Impl& impl_;
    Db db_;
  };

  Result<std::unique_ptr<Reader>> reader() const {
    {
      std::lock_guard lock(pool_mutex);
      if (!idle_readers.empty()) {
        Db db = std::move(idle_readers.back());
        idle_readers.pop_back();
        return std::make_unique<Reader>(*this, std::move(db));
      }
    }
    auto db = connect(path, true, options.busy_timeout);
    if (!db) return db.error();
    return std::make_unique<Reader>(*this, std::move(db.value()));
  }

  Result<void> migrate();
  // The schema version the file is at once opened: below the latest only when kept there on
  // purpose (StoreOptions::migrate_to).
  std::int64_t version_ = 0;
  Result<std::string> thread_key_for(const IngestItem& item, const std::string& message_id);
  Result<void> merge_threads(const std::string& into, const std::string& from);
  Result<void> recompute_thread(const std::string& key, const WaitingPolicy& policy);
};

Result<void> Store::Impl::migrate() {
  sqlite3* db = writer.handle;
  auto app = pragma_int(db, "PRAGMA application_id", path);
  if (!app) return app.error();
  auto version = pragma_int(db, "PRAGMA user_version", path);
  if (!version) return version.error();
  auto tables = pragma_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", path);
  if (!tables) return tables.error();

  if (*app != 0 && *app != application_id) {
    return make_error(Errc::unsupported,
                      "thread store " + path.string() +
                          ": this SQLite file belongs to another application (application_id " +
                          std::to_string(*app) + "); refusing to touch it");
  }
  if (*app == 0 && (*version != 0 || *tables != 0)) {
    return make_error(Errc::unsupported,
                      "thread store " + path.string() +
                          ": not a Courtois store (it has tables but no Courtois mark); refusing "
                          "to touch it: move it away or point --store elsewhere");
  }
  if (*version > schema_version) {
    return make_error(Errc::unsupported, "thread store " + path.string() + " has schema version " +
                                             std::to_string(*version) +
                                             ", newer than this Courtois knows (" +
                                             std::to_string(schema_version) +
                                             "): upgrade Courtois; the store was left untouched");
  }
  const int target =
      options.migrate_to > 0 ? std::min(options.migrate_to, schema_version) : schema_version;
  for (std::int64_t v = *version; v < target; ++v) {
    // One transaction per step: a failed migration leaves the previous version intact.
    if (auto r = exec(db, "BEGIN IMMEDIATE", path); !r) return r;
    auto step = exec(db, migrations[v], path);
    std::string set = "PRAGMA user_version = " + std::to_string(v + 1) +
                      "; PRAGMA application_id = " + std::to_string(application_id);
    if (step) step = exec(db, set.c_str(), path);
    if (step) step = exec(db, "COMMIT", path);
    if (!step) {
      (void)exec(db, "ROLLBACK", path);
      return make_error(Errc::io, "migrating " + path.string() + " from schema version " +
                                      std::to_string(v) + ": " + step.error().message);
    }
  }
  version_ = std::max<std::int64_t>(*version, target);
  return {};
}

Result<std::unique_ptr<Store>> Store::open(const StoreOptions& options) {
  std::unique_ptr<Store> store(new Store());
  store->impl_ = std::make_unique<Impl>();
  auto& impl = *store->impl_;
  impl.options = options;
  impl.path = options.path.empty() ? default_store_path() : options.path;
  store->path_ = impl.path;
  std::error_code ec;
  if (impl.path.has_parent_path()) {
    fs::create_directories(impl.path.parent_path(), ec);
    if (ec) {
      return make_error(Errc::io, "thread store: cannot create " +
                                      impl.path.parent_path().string() + ": " + ec.message());
    }
  }
  auto db = connect(impl.path, false, options.busy_timeout);
  if (!db) return db.error();
  impl.writer = std::move(db.value());
  sqlite3* w = impl.writer.handle;
  // A file that is not a database at all fails here, before anything is written.
  if (auto r = exec(w, "PRAGMA journal_mode = WAL", impl.path); !r) {
    return make_error(Errc::unsupported, r.error().message + " (is it a SQLite database?)");
  }
  if (auto r = exec(w, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", impl.path); !r) {
    return r.error();
  }
  if (auto r = impl.migrate(); !r) return r.error();
  return store;
}

Store::~Store() = default;

fs::path default_store_path() {
  return data_dir() / "courtois.db";
}

std::string Store::synthetic_message_id(std::string_view raw) {
  // FNV-1a, 64 bits, twice with different seeds: stable across runs and platforms.
  auto fnv = [&](std::uint64_t h) {
    for (unsigned char c : raw) {
      h ^= c;
      h *= 1099511628211ull;
    }
    return h;
  };
  char buf[64];
  std::snprintf(buf, sizeof buf, "%016llx%016llx@courtois.invalid",
                static_cast<unsigned long long>(fnv(14695981039346656037ull)),
                static_cast<unsigned long long>(fnv(0x9e3779b97f4a7c15ull)));
  return buf;
}

Result<void> Store::Impl::merge_threads(const std::string& into, const std::string& from) {
  sqlite3* db = writer.handle;
  for (const char* sql : {"UPDATE messages SET thread_key = ?1 WHERE thread_key = ?2",
                          "UPDATE message_refs SET thread_key = ?1 WHERE thread_key = ?2",
                          "UPDATE questions SET thread_key = ?1 WHERE thread_key = ?2",
                          "UPDATE dates SET thread_key = ?1 WHERE thread_key = ?2",
                          "UPDATE commitments SET thread_key = ?1 WHERE thread_key = ?2",
                          "DELETE FROM deadline_changes WHERE thread_key = ?2",
                          "DELETE FROM threads WHERE key = ?2"}) {
    Stmt s(db, sql);
    if (!s.ok()) return db_error(path, "merging threads", db);
    s.bind(1, into).bind(2, from);
    if (s.step() != SQLITE_DONE) return db_error(path, "merging threads", db);
  }
  return {};
}

// The thread of a new message: the thread of any message it references (or that referenced
// it before it arrived), merging threads it joins; else its root reference; else, for a reply
// without references, the latest thread with the same normalised subject; else itself.
Result<std::string> Store::Impl::thread_key_for(const IngestItem& item,
                                                const std::string& message_id) {
  sqlite3* db = writer.handle;
  const Message& m = item.message;
  std::vector<std::string> ids = m.references;
  if (!m.in_reply_to.empty()) ids.push_back(m.in_reply_to);
  ids.push_back(message_id);

  Stmt find(db, "SELECT thread_key FROM message_refs WHERE ref = ?1");
  if (!find.ok()) return db_error(path, "threading", db);
  std::vector<std::string> keys;
  for (const auto& id : ids) {
    find.reset();
    find.bind(1, id);
    if (find.step() == SQLITE_ROW) {
      auto k = find.text(0);
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  std::string key;
  if (!keys.empty()) {
    key = keys.front();
    for (size_t i = 1; i < keys.size(); ++i) {
      if (auto r = merge_threads(key, keys[i]); !r) return r.error();
    }
  } else if (ids.size() > 1) {
    key = ids.front();  // the root of the references
  } else {
    std::string normalised = normalise_subject(m.subject);
    // A reply prefix ("Re:", "TR :") is what normalising removed.
    std::string folded = fold_string(m.subject);
    bool is_reply = !normalised.empty() && normalised != trim(folded);
    if (is_reply) {
      Stmt s(db,
             "SELECT key FROM threads WHERE normalised_subject = ?1 "
             "ORDER BY last_date DESC LIMIT 1");
      if (!s.ok()) return db_error(path, "threading", db);
      s.bind(1, normalised);
      if (s.step() == SQLITE_ROW) key = s.text(0);
    }
    if (key.empty()) key = message_id;
  }
  Stmt add(db,
           "INSERT INTO message_refs(ref, thread_key) VALUES(?1, ?2) "
           "ON CONFLICT(ref) DO UPDATE SET thread_key = excluded.thread_key");
  if (!add.ok()) return db_error(path, "threading", db);
  for (const auto& id : ids) {
    add.reset();
    add.bind(1, id).bind(2, key);
    if (add.step() != SQLITE_DONE) return db_error(path, "threading", db);
  }
  return key;
}

Result<void> Store::Impl::recompute_thread(const std::string& key, const WaitingPolicy& policy) {
  sqlite3* db = writer.handle;
  // Questions settled by thread analysis exist from schema version 4 (withdrawn_by) on. They
  // matter only to a thread where the client took a question back: the tone of its messages
  // (read from the stored analysis) is read only there.
  const char* settled_columns =
      version_ >= 4
          // every question settled (taken back or answered), as thread analysis recorded it
          ? "NOT EXISTS (SELECT 1 FROM questions q WHERE q.message_id = m.message_id "
            "AND q.withdrawn_by IS NULL AND q.answered_by IS NULL), "
            // took back a question of the thread
            "EXISTS (SELECT 1 FROM questions q WHERE q.thread_key = ?1 "
            "AND q.withdrawn_by = m.message_id), "
            // tense or hostile, in a thread with a question taken back
            "CASE WHEN EXISTS (SELECT 1 FROM questions w WHERE w.thread_key = ?1 "
            "AND w.withdrawn_by IS NOT NULL) AND json_valid(m.analysis) "
            "THEN coalesce(json_extract(m.analysis, '$.tone.label') IN ('tense', 'hostile'), 0) "
            "ELSE 0 END "
          : "0, 0, 0 ";
  const std::string sql =
      std::string(
          "SELECT message_id, date_utc, date_offset, direction, automatic, from_address, "
          "asks, new_text, subject, ") +
      settled_columns + "FROM messages m WHERE thread_key = ?1 ORDER BY date_utc, id";
  Stmt s(db, sql.c_str());
  if (!s.ok()) return db_error(path, "reading a thread", db);
  s.bind(1, key);
  std::vector<WaitingEvent> events;
  std::string subject;
  std::optional<std::int64_t> first, last;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    WaitingEvent e;
    e.id = s.text(0);
    if (!s.is_null(1)) {
      e.date = ZonedTime{std::chrono::sys_seconds{std::chrono::seconds{s.integer(1)}},
                         static_cast<int>(s.integer(2))};
      if (!first) first = s.integer(1);
      last = s.integer(1);
    }
    e.outgoing = s.text(3) == "out";
    e.automatic = s.integer(4) != 0;
    e.from_address = s.text(5);
    e.asks = s.integer(6) != 0;
    e.text = s.text(7);
    if (subject.empty()) subject = s.text(8);
    e.settled = e.asks && s.integer(9) != 0;
    e.takes_back = s.integer(10) != 0;
    e.tense = s.integer(11) != 0;
    events.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return db_error(path, "reading a thread", db);

  // Only the part that does not depend on `now` is stored: on, since, target, due.
  WaitingState state = compute_waiting(policy, events, std::nullopt);
  json stored = state.to_json();
  for (const char* k : {"business_hours", "breached", "warning"}) stored.erase(k);

  Stmt up(db,
          "INSERT INTO threads(key, subject, normalised_subject, first_date, last_date, "
          "message_count, waiting_on, waiting_due, waiting, updated_at) "
          "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
          "ON CONFLICT(key) DO UPDATE SET subject = excluded.subject, "
          "normalised_subject = excluded.normalised_subject, first_date = excluded.first_date, "
          "last_date = excluded.last_date, message_count = excluded.message_count, "
          "waiting_on = excluded.waiting_on, waiting_due = excluded.waiting_due, "
          "waiting = excluded.waiting, updated_at = excluded.updated_at");
  if (!up.ok()) return db_error(path, "updating a thread", db);
  up.bind(1, key).bind(2, subject).bind(3, normalise_subject(subject));
  up.bind_opt(4, first).bind_opt(5, last);
  up.bind(6, static_cast<std::int64_t>(events.size())).bind(7, state.on);
  if (state.due) {
    up.bind(8, static_cast<std::int64_t>(state.due->utc.time_since_epoch().count()));
  } else {
    up.bind_null(8);
  }
  up.bind(9, stored.dump()).bind(10, unix_now());
  if (up.step() != SQLITE_DONE) return db_error(path, "updating a thread", db);
  return {};
}

Result<std::vector<IngestOutcome>> Store::ingest(std::vector<IngestItem>& items,
                                                 const WaitingPolicy& policy) {
  auto& impl = *impl_;
  std::lock_guard lock(impl.write_mutex);
  sqlite3* db = impl.writer.handle;
  std::vector<IngestOutcome> outcomes(items.size());
  if (items.empty()) return outcomes;

  if (auto r = exec(db, "BEGIN IMMEDIATE", path_); !r) return r.error();
  auto rollback = [&](Error e) -> Result<std::vector<IngestOutcome>> {
    (void)exec(db, "ROLLBACK", path_);
    return e;
  };
  Stmt exists(db, "SELECT thread_key FROM messages WHERE message_id = ?1");
  Stmt insert(db,
              "INSERT INTO messages(message_id, thread_key, direction, automatic, date_utc, "
              "date_offset, from_address, from_name, subject, in_reply_to, refs, headers, "
              "analysis, asks, new_text, raw, ingested_at) "
              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
  Stmt question(db,
                "INSERT OR REPLACE INTO questions(message_id, position, thread_key, text, kind, "
                "start, end) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  Stmt date(db,
            "INSERT OR REPLACE INTO dates(message_id, position, thread_key, text, value, "
            "end_value, grain, role) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  Stmt commitment(db,
                  "INSERT OR REPLACE INTO commitments(message_id, position, thread_key, text, "
                  "due) VALUES(?1, ?2, ?3, ?4, ?5)");
  for (Stmt* s : {&exists, &insert, &question, &date, &commitment}) {
    if (!s->ok()) return rollback(db_error(path_, "preparing the ingest", db));
  }

  std::set<std::string> touched;
  std::set<std::string> in_batch;
  const auto now = unix_now();
  for (size_t i = 0; i < items.size(); ++i) {
    auto& item = items[i];
    auto& out = outcomes[i];
    std::string id = item.message.message_id;
    if (id.empty()) id = item.analysis.id;
    if (id.empty()) id = synthetic_message_id(item.raw);
    out.message_id = id;

    exists.reset();
    exists.bind(1, id);
    int rc = exists.step();
    if (rc == SQLITE_ROW || in_batch.count(id)) {
      out.status = "duplicate";
      out.thread = rc == SQLITE_ROW ? exists.text(0) : std::string();
      continue;
    }
    if (rc != SQLITE_DONE) return rollback(db_error(path_, "looking up a message", db));

    // One savepoint per item: a broken item is undone alone, the batch goes on.
    if (auto r = exec(db, "SAVEPOINT item", path_); !r) return rollback(r.error());
    auto fail_item = [&](std::string why) {
      (void)exec(db, "ROLLBACK TO item; RELEASE item", path_);
      out.status = "error";
      out.error = std::move(why);
    };
    auto key = impl.thread_key_for(item, id);
    if (!key) {
      fail_item(key.error().message);
      continue;
    }
    item.analysis.id = id;
    item.analysis.thread = *key;
    const auto& a = item.analysis;
    json analysis_json = to_json(a, true);
    insert.reset();
    insert.bind(1, id).bind(2, *key).bind(3, a.direction).bind(4, std::int64_t{a.automatic});
    const auto& d = a.date ? a.date : item.message.date;
    if (d) {
      insert.bind(5, static_cast<std::int64_t>(d->utc.time_since_epoch().count()));
      insert.bind(6, std::int64_t{d->offset_minutes});
    } else {
      insert.bind_null(5).bind_null(6);
    }
    insert.bind(7, a.from_address.empty() ? item.message.from.address : a.from_address);
    insert.bind(8, a.from_name.empty() ? item.message.from.name : a.from_name);
    insert.bind(9, a.subject.empty() ? item.message.subject : a.subject);
    insert.bind(10, item.message.in_reply_to).bind(11, references_json(item.message));
    insert.bind(12, headers_json(item.message));
    insert.bind(13, analysis_json.dump(-1, ' ', false, json::error_handler_t::replace));
    insert.bind(14, std::int64_t{!a.questions.empty()}).bind(15, a.text);
    insert.bind_blob(16, item.raw).bind(17, now);
    if (insert.step() != SQLITE_DONE) {
      fail_item("could not store the message: " + std::string(sqlite3_errmsg(db)));
      continue;
    }
    bool ok = true;
    for (size_t q = 0; q < a.questions.size() && ok; ++q) {
      const auto& qu = a.questions[q];
      question.reset();
      question.bind(1, id).bind(2, static_cast<std::int64_t>(q)).bind(3, *key).bind(4, qu.text);
      question.bind(5, qu.kind).bind(6, static_cast<std::int64_t>(qu.start));
      question.bind(7, static_cast<std::int64_t>(qu.end));
      ok = question.step() == SQLITE_DONE;
    }
    for (size_t k = 0; k < a.dates.size() && ok; ++k) {
      const auto& dm = a.dates[k];
      date.reset();
      date.bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, *key).bind(4, dm.text);
      date.bind(5, dm.value).bind_opt(6, dm.end_value).bind(7, dm.grain).bind(8, dm.role);
      ok = date.step() == SQLITE_DONE;
    }
    for (size_t k = 0; k < a.commitments.size() && ok; ++k) {
      const auto& c = a.commitments[k];
      commitment.reset();
      commitment.bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, *key);
      commitment.bind(4, c.text).bind(5, c.due);
      ok = commitment.step() == SQLITE_DONE;
    }
    if (!ok) {
      fail_item("could not store its findings: " + std::string(sqlite3_errmsg(db)));
      continue;
    }
    if (auto r = exec(db, "RELEASE item", path_); !r) return rollback(r.error());
    out.status = "stored";
    out.thread = *key;
    touched.insert(*key);
    in_batch.insert(id);
  }
  // A merge may have renamed a thread touched earlier in the batch: recompute what exists.
  for (const auto& key : touched) {
    Stmt live(db, "SELECT 1 FROM messages WHERE thread_key = ?1 LIMIT 1");
    live.bind(1, key);
    if (live.step() != SQLITE_ROW) continue;
    if (auto r = impl.recompute_thread(key, policy); !r) return rollback(r.error());
  }
  // Outcomes name the final thread of each message (merges may have moved them).
  {
    Stmt final_key(db, "SELECT thread_key FROM messages WHERE message_id = ?1");
    for (auto& out : outcomes) {
      if (out.status == "error") continue;
      final_key.reset();
      final_key.bind(1, out.message_id);
      if (final_key.step() == SQLITE_ROW) out.thread = final_key.text(0);
    }
  }
  if (auto r = exec(db, "COMMIT", path_); !r) return rollback(r.error());
  return outcomes;
}

Result<std::vector<WaitingThread>> Store::waiting(const WaitingPolicy& policy, ZonedTime now,
                                                  std::size_t limit) const {
  auto reader = impl_->reader();
  if (!reader) return reader.error();
  sqlite3* db = (*reader)->get();
  // Most urgent first: the earliest due time (a breached thread is due in the past), read in
  // the order of the index threads_waiting(waiting_on, waiting_due, key) so that no sort is
  // needed; threads whose policy gives no due time (no business hours) come last.
  std::vector<WaitingThread> out;
  int rc = SQLITE_DONE;
  for (const char* sql :
       {"SELECT key, subject, message_count, waiting FROM threads "
        "WHERE waiting_on = 'us' AND waiting_due IS NOT NULL ORDER BY waiting_due, key LIMIT ?1",
        "SELECT key, subject, message_count, waiting FROM threads "
        "WHERE waiting_on = 'us' AND waiting_due IS NULL ORDER BY key LIMIT ?1"}) {
    if (out.size() >= limit) break;
    Stmt s(db, sql);
    if (!s.ok()) return db_error(path_, "listing waiting threads", db);
    s.bind(1, static_cast<std::int64_t>(limit - out.size()));
    while ((rc = s.step()) == SQLITE_ROW) {
      WaitingThread t;
      t.thread = s.text(0);
      t.subject = s.text(1);
      t.messages = static_cast<std::size_t>(s.integer(2));
      auto j = json::parse(s.text(3), nullptr, false);
      if (j.is_discarded()) continue;
      t.waiting = state_from_json(j);
      refresh_waiting(policy, t.waiting, now);
      refresh_reason(t.waiting, policy);
      out.push_back(std::move(t));
    }
    if (rc != SQLITE_DONE) break;
  }
  if (rc != SQLITE_DONE) return db_error(path_, "listing waiting threads", db);
  return out;
}

Result<std::optional<std::string>> Store::thread_of(const std::string& message_id) const {
  auto reader = impl_->reader();
  if (!reader) return reader.error();
  sqlite3* db = (*reader)->get();
  Stmt s(db, "SELECT thread_key FROM message_refs WHERE ref = ?1");
  if (!s.ok()) return db_error(path_, "looking up a thread", db);
  s.bind(1, message_id);
  int rc = s.step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(s.text(0));
  if (rc != SQLITE_DONE) return db_error(path_, "looking up a thread", db);
  return std::optional<std::string>();
}

Result<nlohmann::json> Store::thread(const std::string& id, const WaitingPolicy& policy,
                                     ZonedTime now) const {
  auto reader = impl_->reader();
  if (!reader) return reader.error();
  sqlite3* db = (*reader)->get();
  std::string key = id;
  {
    Stmt s(db, "SELECT thread_key FROM message_refs WHERE ref = ?1");
    s.bind(1, id);
    if (s.step() == SQLITE_ROW) key = s.text(0);
  }
  Stmt t(db, "SELECT subject, message_count, waiting FROM threads WHERE key = ?1");
  if (!t.ok()) return db_error(path_, "reading a thread", db);
  t.bind(1, key);
  if (t.step() != SQLITE_ROW) {
    return make_error(Errc::not_found, "no thread or message \"" + id + "\" in the store");
  }
  json out;
  out["thread"] = key;
  out["subject"] = t.text(0);
  auto state = state_from_json(json::parse(t.text(2), nullptr, false));
  refresh_waiting(policy, state, now);
  refresh_reason(state, policy);

  // Questions, dates and commitments by message, with their thread-level state.
  std::map<std::string, json> answered;  // message_id/position -> question with state
  json questions = json::array();
  {
    Stmt q(db,
           "SELECT q.message_id, q.position, q.text, q.kind, q.start, q.end, q.answered_by, "
           "q.answer_evidence, q.withdrawn_by FROM questions q "
           "JOIN messages m ON m.message_id = q.message_id "
           "WHERE q.thread_key = ?1 ORDER BY m.date_utc, m.id, q.position");
    if (!q.ok()) return db_error(path_, "reading questions", db);
    q.bind(1, key);
    while (q.step() == SQLITE_ROW) {
      json j = {{"message_id", q.text(0)},
                {"text", q.text(2)},
                {"kind", q.text(3)},
                {"start", q.integer(4)},
                {"end", q.integer(5)},
                {"answered_by", q.is_null(6) ? json(nullptr) : json(q.text(6))}};
      if (!q.text(7).empty()) j["answer_evidence"] = q.text(7);
      if (!q.is_null(8)) j["withdrawn_by"] = q.text(8);
      answered[q.text(0) + "/" + std::to_string(q.integer(1))] = j;
      questions.push_back(std::move(j));
    }
  }
  json commitments = json::array();
  {
    Stmt c(db,
           "SELECT message_id, text, due, status, kept_by FROM commitments WHERE thread_key = ?1 "
           "ORDER BY due");
    if (!c.ok()) return db_error(path_, "reading commitments", db);
    c.bind(1, key);
    while (c.step() == SQLITE_ROW) {
      json j = {{"message_id", c.text(0)},
                {"text", c.text(1)},
                {"due", c.text(2)},
                {"status", c.text(3)}};
      if (!c.is_null(4)) j["kept_by"] = c.text(4);
      commitments.push_back(std::move(j));
    }
  }
  json changes = json::array();
  {
    Stmt c(db,
           "SELECT message_id, text, from_date, to_date, direction FROM deadline_changes "
           "WHERE thread_key = ?1 ORDER BY position");
    if (!c.ok()) return db_error(path_, "reading deadline changes", db);
    c.bind(1, key);
    while (c.step() == SQLITE_ROW) {
      changes.push_back({{"message_id", c.text(0)},
                         {"text", c.text(1)},
                         {"from", c.text(2)},
                         {"to", c.text(3)},
                         {"direction", c.text(4)}});
    }
  }
  json messages = json::array();
  {
    Stmt m(db,
           "SELECT message_id, analysis FROM messages WHERE thread_key = ?1 "
           "ORDER BY date_utc, id");
    if (!m.ok()) return db_error(path_, "reading messages", db);
    m.bind(1, key);
    while (m.step() == SQLITE_ROW) {
      auto a = json::parse(m.text(1), nullptr, false);
      if (a.is_discarded()) a = json{{"id", m.text(0)}};
      a["thread"] = key;
      // The answered state is the store's latest, not the one at ingest.
      if (a.contains("questions") && a["questions"].is_array()) {
        for (size_t i = 0; i < a["questions"].size(); ++i) {
          auto it = answered.find(m.text(0) + "/" + std::to_string(i));
          if (it == answered.end()) continue;
          auto& question = a["questions"][i];
          for (const char* field : {"answered_by", "answer_evidence", "withdrawn_by"}) {
            if (it->second.contains(field))
              question[field] = it->second[field];
            else
              question.erase(field);
          }
        }
      }
      messages.push_back(std::move(a));
    }
  }
  out["messages"] = std::move(messages);
  out["questions"] = std::move(questions);
  out["commitments"] = std::move(commitments);
  out["deadline_changes"] = std::move(changes);
  out["waiting"] = state.to_json();
  return out;
}

Result<std::vector<std::string>> Store::thread_raw(const std::string& key) const {
  auto reader = impl_->reader();
  if (!reader) return reader.error();
  sqlite3* db = (*reader)->get();
  Stmt s(db, "SELECT raw FROM messages WHERE thread_key = ?1 ORDER BY date_utc, id");
  if (!s.ok()) return db_error(path_, "reading a thread", db);
  s.bind(1, key);
  std::vector<std::string> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) out.push_back(s.blob(0));
  if (rc != SQLITE_DONE) return db_error(path_, "reading a thread", db);
  return out;
}

Result<void> Store::apply_thread_analysis(const std::string& key, const ThreadAnalysis& thread,
                                          const WaitingPolicy* policy) {
  auto& impl = *impl_;
  std::lock_guard lock(impl.write_mutex);
  sqlite3* db = impl.writer.handle;
  if (auto r = exec(db, "BEGIN IMMEDIATE", path_); !r) return r;
  auto fail = [&](const char* what) -> Result<void> {
    Error e = db_error(path_, what, db);
    (void)exec(db, "ROLLBACK", path_);
    return e;
  };
  // The wait depends on thread analysis only through questions the client took back
  // (compute_waiting): it is redone when the thread had one or has one now.
  bool withdrawals = false;
  if (policy) {
    Stmt had(db,
             "SELECT EXISTS (SELECT 1 FROM questions WHERE thread_key = ?1 "
             "AND withdrawn_by IS NOT NULL)");
    if (!had.ok()) return fail("reading questions");
    had.bind(1, key);
    if (had.step() != SQLITE_ROW) return fail("reading questions");
    withdrawals = had.integer(0) != 0;
  }
  {
    // Questions are found by where they start in their message: thread analysis may leave one
    // out (a client's acceptance of our offer, "Thursday works for me", is no question in its
    // thread), so positions shift, and the row of a question it left out goes.
    Stmt q(db,
           "UPDATE questions SET answered_by = ?3, answer_evidence = ?4, withdrawn_by = ?5 "
           "WHERE message_id = ?1 AND start = ?2");
    Stmt gone(db,
              "DELETE FROM questions WHERE message_id = ?1 AND start NOT IN "
              "(SELECT value FROM json_each(?2))");
    if (!q.ok() || !gone.ok()) return fail("recording answers");
    for (const auto& tm : thread.messages) {
      if (!tm.analysis) continue;
      const auto& qs = tm.analysis->questions;
      nlohmann::json starts = nlohmann::json::array();
      for (const Question& question : qs) starts.push_back(question.start);
      gone.reset();
      gone.bind(1, tm.analysis->id).bind(2, starts.dump());
      if (gone.step() != SQLITE_DONE) return fail("recording answers");
      for (size_t i = 0; i < qs.size(); ++i) {
        q.reset();
        q.bind(1, tm.analysis->id).bind(2, static_cast<std::int64_t>(qs[i].start));
        q.bind_opt(3, qs[i].answered_by).bind(4, qs[i].answer_evidence);
        q.bind_opt(5, qs[i].withdrawn_by);
        if (q.step() != SQLITE_DONE) return fail("recording answers");
        withdrawals = withdrawals || qs[i].withdrawn_by.has_value();
      }
    }
  }
  {
    Stmt c(db,
           "UPDATE commitments SET status = ?3, kept_by = ?4 WHERE message_id = ?1 AND text = ?2");
    if (!c.ok()) return fail("recording commitments");
    for (const auto& cm : thread.commitments) {
      if (cm.status.empty()) continue;
      c.reset();
      c.bind(1, cm.message_id).bind(2, cm.text).bind(3, cm.status);
      if (cm.kept_by.empty()) {
        c.bind_null(4);
      } else {
        c.bind(4, cm.kept_by);
      }
      if (c.step() != SQLITE_DONE) return fail("recording commitments");
    }
  }
  {
    Stmt del(db, "DELETE FROM deadline_changes WHERE thread_key = ?1");
    del.bind(1, key);
    if (del.step() != SQLITE_DONE) return fail("recording deadline changes");
    Stmt ins(db,
             "INSERT INTO deadline_changes(thread_key, position, message_id, text, from_date, "
             "to_date, direction) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!ins.ok()) return fail("recording deadline changes");
    for (size_t i = 0; i < thread.deadline_changes.size(); ++i) {
      const auto& c = thread.deadline_changes[i];
      ins.reset();
      ins.bind(1, key).bind(2, static_cast<std::int64_t>(i)).bind(3, c.message_id);
      ins.bind(4, c.text).bind(5, c.from).bind(6, c.to).bind(7, c.direction);
      if (ins.step() != SQLITE_DONE) return fail("recording deadline changes");
    }
  }
  if (policy && withdrawals) {
    if (auto r = impl.recompute_thread(key, *policy); !r) {
      (void)exec(db, "ROLLBACK", path_);
      return r.error();
    }
  }
  if (auto r = exec(db, "COMMIT", path_); !r) return fail("committing thread analysis");
  return {};
}

Result<std::size_t> Store::recompute_waiting(const WaitingPolicy& policy) {
  auto& impl = *impl_;
  std::lock_guard lock(impl.write_mutex);
  sqlite3* db = impl.writer.handle;
  if (auto r = exec(db, "BEGIN IMMEDIATE", path_); !r) return r.error();
  std::vector<std::string> keys;
  {
    Stmt s(db, "SELECT key FROM threads");
    while (s.step() == SQLITE_ROW) keys.push_back(s.text(0));
  }
  for (const auto& k : keys) {
    if (auto r = impl.recompute_thread(k, policy); !r) {
      (void)exec(db, "ROLLBACK", path_);
      return r.error();
    }
  }
  if (auto r = exec(db, "COMMIT", path_); !r) return r.error();
  return keys.size();
}

Result<std::optional<std::string>> Store::setting(const std::string& key) const {
  auto reader = impl_->reader();
  if (!reader) return reader.error();
  sqlite3* db = (*reader)->get();
  Stmt s(db, "SELECT value FROM meta WHERE key = ?1");
  if (!s.ok()) return db_error(path_, "reading a setting", db);
  s.bind(1, key);
  int rc = s.step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(s.text(0));
  if (rc != SQLITE_DONE) return db_error(path_, "reading a setting", db);
  return std::optional<std::string>();
}

Result<void> Store::set_setting(const std::string& key, const std::string& value) {
  std::lock_guard lock(impl_->write_mutex);
  sqlite3* db = impl_->writer.handle;
  Stmt s(db,
         "INSERT INTO meta(key, value) VALUES(?1, ?2) "
         "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!s.ok()) return db_error(path_, "writing a setting", db);
  s.bind(1, key).bind(2, value);
  if (s.step() != SQLITE_DONE) return db_error(path_, "writing a setting", db);
  return {};
}

Result<std::size_t> Store::message_count() const {
  auto reader = impl_->reader();
  if (!reader) return reader.error();
  auto n = pragma_int((*reader)->get(), "SELECT count(*) FROM messages", path_);
  if (!n) return n.error();
  return static_cast<std::size_t>(*n);
}

Result<bool> Store::has_message(const std::string& message_id) const {
  auto reader = impl_->reader();
  if (!reader) return reader.error();
  Stmt s((*reader)->get(), "SELECT 1 FROM messages WHERE message_id = ?1");
  s.bind(1, message_id);
  int rc = s.step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(path_, "looking up", (*reader)->get());
  return rc == SQLITE_ROW;
}

}  // namespace courtois
