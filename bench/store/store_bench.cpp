// bench_store [MESSAGES] [BATCH]: generates MESSAGES client threads (default 100,000 messages,
// 1 to 8 messages a thread, a quarter of them ours, 5 % automatic), ingests them into a fresh
// store in batches of BATCH (default 500) and prints the throughput; then the latency of
// Store::waiting and of GET /v1/waiting through the service pipeline (auth, routing, JSON),
// and of GET /v1/threads/{id}. The store lives in a temporary folder, removed at the end.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "courtois/store.hpp"
#ifdef COURTOIS_BENCH_SERVICE
#include "courtois/engine.hpp"
#include "courtois/server/http.hpp"
#endif

using namespace courtois;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Percentiles {
  double p50, p95, p99, max;
};
Percentiles percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))]; };
  return {at(0.5), at(0.95), at(0.99), v.back()};
}

// One generated message, as the engine would hand it to the store.
IngestItem make_item(std::mt19937& rng, int thread, int position, bool outgoing, bool automatic,
                     std::chrono::sys_seconds date) {
  IngestItem it;
  std::string id = "t" + std::to_string(thread) + "-m" + std::to_string(position) + "@bench";
  std::string from = outgoing ? "me@office.example"
                              : "client" + std::to_string(thread % 5000) + "@client" +
                                    std::to_string(thread % 300) + ".example";
  std::string subject =
      (position ? "Re: " : "") + std::string("Commande ") + std::to_string(thread);
  std::string text = outgoing ? "Bonjour,\nVoici le bon de livraison.\nCordialement"
                              : "Bonjour,\nPourriez-vous me dire quand la commande " +
                                    std::to_string(thread) + " sera livrée ? Merci.";
  it.message.message_id = id;
  if (position) {
    it.message.in_reply_to =
        "t" + std::to_string(thread) + "-m" + std::to_string(position - 1) + "@bench";
    it.message.references = {"t" + std::to_string(thread) + "-m0@bench", it.message.in_reply_to};
  }
  it.message.from.address = from;
  it.message.subject = subject;
  it.message.date = ZonedTime{date, 60};
  it.message.headers = {{"From", from}, {"Subject", subject}, {"Message-ID", "<" + id + ">"}};
  it.raw = "Message-ID: <" + id + ">\r\nFrom: " + from + "\r\nSubject: " + subject + "\r\n\r\n" +
           text + "\r\n";
  it.analysis.id = id;
  it.analysis.date = it.message.date;
  it.analysis.direction = outgoing ? "out" : "in";
  it.analysis.automatic = automatic;
  it.analysis.from_address = from;
  it.analysis.subject = subject;
  it.analysis.text = text;
  if (!outgoing && rng() % 4 != 0) {
    it.analysis.questions.push_back(
        {"Pourriez-vous me dire quand la commande sera livrée ?", "question", 9, 60});
  }
  return it;
}

}  // namespace

int main(int argc, char** argv) {
  const int total = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int batch_size = argc > 2 ? std::atoi(argv[2]) : 500;
  if (total <= 0 || batch_size <= 0) {
    std::fprintf(stderr, "usage: bench_store [MESSAGES] [BATCH]\n");
    return 2;
  }
  auto dir = fs::temp_directory_path() / ("courtois-bench-store-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  ::setenv("XDG_DATA_HOME", dir.c_str(), 1);  // the service routes open data_dir()/courtois.db
  ::setenv("COURTOIS_RULES", COURTOIS_SOURCE_DIR "/rules", 0);

  std::vector<RuleError> errors;
  auto rules = load_rule_set("waiting", COURTOIS_SOURCE_DIR "/rules", std::nullopt, errors);
  auto policy = load_waiting_policy(rules, errors);
  if (!policy) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
    return 1;
  }
  auto opened = Store::open({.path = default_store_path()});
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().to_string().c_str());
    return 1;
  }
  auto& store = *opened.value();

  // Generate: threads of 1-8 messages over Jan-Mar 2026, a message every 1-30 business-ish hours.
  std::mt19937 rng(42);
  std::vector<IngestItem> all;
  all.reserve(static_cast<size_t>(total));
  auto start_date = ZonedTime::parse_rfc3339("2026-01-05T09:00:00+01:00")->utc;
  for (int thread = 0; static_cast<int>(all.size()) < total; ++thread) {
    int length = 1 + static_cast<int>(rng() % 8);
    auto date = start_date + std::chrono::minutes(rng() % (60 * 24 * 80));
    for (int p = 0; p < length && static_cast<int>(all.size()) < total; ++p) {
      bool outgoing = p % 2 == 1 && rng() % 4 != 0;
      bool automatic = !outgoing && rng() % 20 == 0;
      all.push_back(make_item(rng, thread, p, outgoing, automatic, date));
      date += std::chrono::minutes(60 + rng() % (60 * 30));
    }
  }
  // Messages arrive in date order, interleaved across threads.
  std::stable_sort(all.begin(), all.end(), [](const IngestItem& a, const IngestItem& b) {
    return a.message.date->utc < b.message.date->utc;
  });

  auto t0 = Clock::now();
  size_t stored = 0;
  std::vector<double> batch_ms;
  for (size_t at = 0; at < all.size(); at += static_cast<size_t>(batch_size)) {
    std::vector<IngestItem> batch(
        std::make_move_iterator(all.begin() + static_cast<long>(at)),
        std::make_move_iterator(all.begin() +
                                static_cast<long>(std::min(all.size(), at + batch_size))));
    auto tb = Clock::now();
    auto r = store.ingest(batch, *policy);
    batch_ms.push_back(ms_since(tb));
    if (!r) {
      std::fprintf(stderr, "ingest failed: %s\n", r.error().to_string().c_str());
      return 1;
    }
    for (const auto& o : *r) stored += o.status == "stored";
  }
  double ingest_s = ms_since(t0) / 1000;
  auto bp = percentiles(batch_ms);
  std::printf(
      "ingest: %zu messages stored in %.2f s = %.0f messages/s (batches of %d: p50 %.1f ms,"
      " p95 %.1f ms, max %.1f ms)\n",
      stored, ingest_s, stored / ingest_s, batch_size, bp.p50, bp.p95, bp.max);
  std::printf("store file: %.1f MB (+ WAL %.1f MB)\n", fs::file_size(store.path()) / 1048576.0,
              fs::exists(store.path().string() + "-wal")
                  ? fs::file_size(store.path().string() + "-wal") / 1048576.0
                  : 0.0);

  // Re-ingesting a batch: every message is a duplicate.
  {
    std::mt19937 rng2(42);
    std::vector<IngestItem> again;
    auto d = start_date;
    for (int p = 0; p < 8; ++p) again.push_back(make_item(rng2, 0, p, false, false, d));
    auto tb = Clock::now();
    auto r = store.ingest(again, *policy);
    std::printf("re-ingest of 8 known-or-new messages: %.2f ms\n", ms_since(tb));
    (void)r;
  }

  auto now = *ZonedTime::parse_rfc3339("2026-04-01T10:00:00+02:00");
  std::vector<double> lat;
  size_t listed = 0;
  for (int i = 0; i < 200; ++i) {
    auto tq = Clock::now();
    auto w = store.waiting(*policy, now, 100);
    lat.push_back(ms_since(tq));
    if (w) listed = w->size();
  }
  auto wp = percentiles(lat);
  std::printf(
      "Store::waiting (100 most urgent of the threads waiting on us): p50 %.2f ms, p95 "
      "%.2f ms, p99 %.2f ms (%zu listed)\n",
      wp.p50, wp.p95, wp.p99, listed);

#ifdef COURTOIS_BENCH_SERVICE
  // The same through the service pipeline: Host check, bearer token, routing, JSON rendering.
  EngineOptions eo;
  eo.rules_dir = COURTOIS_SOURCE_DIR "/rules";
  eo.local_rules_dir.reset();
  auto engine = Engine::create(eo);
  server::ServiceConfig config;
  config.version = "bench";
  config.token = "bench-token-0123456789abcdef0123456789abcdef";
  server::Router router;
  server::add_all_routes(router);
  server::Context ctx;
  ctx.engine = engine.get();
  ctx.config = &config;
  ctx.router = &router;
  auto request = [&](std::string target) {
    server::Request r;
    r.method = "GET";
    r.target = std::move(target);
    r.headers = {{"Host", "127.0.0.1:7878"}, {"Authorization", "Bearer " + config.token}};
    return server::serve(std::move(r), ctx);
  };
  request("/v1/waiting?limit=1");  // opens the store
  for (int limit : {20, 100}) {
    lat.clear();
    size_t bytes = 0;
    for (int i = 0; i < 200; ++i) {
      auto tq = Clock::now();
      auto res =
          request("/v1/waiting?now=2026-04-01T10:00:00%2B02:00&limit=" + std::to_string(limit));
      lat.push_back(ms_since(tq));
      if (res.status != 200) {
        std::fprintf(stderr, "GET /v1/waiting: %d %s\n", res.status, res.body.c_str());
        return 1;
      }
      bytes = res.body.size();
    }
    auto hp = percentiles(lat);
    std::printf(
        "GET /v1/waiting?limit=%d (service pipeline, no socket): p50 %.2f ms, p95 %.2f ms,"
        " p99 %.2f ms, %zu bytes\n",
        limit, hp.p50, hp.p95, hp.p99, bytes);
  }
  lat.clear();
  for (int i = 0; i < 200; ++i) {
    auto tq = Clock::now();
    auto res = request("/v1/threads/t" + std::to_string(i * 97 % 20000) + "-m0@bench");
    lat.push_back(ms_since(tq));
  }
  auto tp = percentiles(lat);
  std::printf("GET /v1/threads/{id}: p50 %.2f ms, p95 %.2f ms\n", tp.p50, tp.p95);
#endif
  fs::remove_all(dir);
  return 0;
}
