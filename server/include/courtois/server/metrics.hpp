// Prometheus metrics of the service (text exposition format 0.0.4), served at GET /metrics.
// Updated from I/O and worker threads at once: every method is thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace courtois::server {

class Metrics {
 public:
  // Upper bounds of the latency histogram, in seconds (+Inf is implicit).
  static constexpr std::array<double, 14> kLatencyBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  // One finished request. `route` is the route pattern ("/v1/threads/{id}"), never the raw
  // path, so that the number of series stays bounded; "unmatched" for unknown paths and
  // "transport" for requests refused before they were complete (too large, malformed).
  void record(std::string_view method, std::string_view route, int status, double seconds);
  void request_started() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void request_finished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  void message_analysed() { analysed_.fetch_add(1, std::memory_order_relaxed); }
  void parse_failure() { parse_failures_.fetch_add(1, std::memory_order_relaxed); }
  void connection_timed_out() { timeouts_.fetch_add(1, std::memory_order_relaxed); }
  void connection_opened() { connections_.fetch_add(1, std::memory_order_relaxed); }

  std::int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  std::uint64_t messages_analysed() const { return analysed_.load(std::memory_order_relaxed); }
  std::uint64_t parse_failures() const { return parse_failures_.load(std::memory_order_relaxed); }

  // The exposition text.
  std::string render() const;

 private:
  struct Series {
    std::uint64_t count = 0;
  };
  struct Latency {
    std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};  // non-cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, Series> requests_;  // method, route, status
  std::map<std::string, Latency> latency_;                                // by route
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::uint64_t> analysed_{0}, parse_failures_{0}, timeouts_{0}, connections_{0};
};

}  // namespace courtois::server
