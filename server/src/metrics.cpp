// Prometheus text exposition of the service's counters.
#include "courtois/server/metrics.hpp"

#include <cstdio>

namespace courtois::server {
namespace {

// Label values are route patterns and known method names, but escape anyway: a broken
// exposition would make the whole scrape fail.
std::string escape_label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

}  // namespace

void Metrics::record(std::string_view method, std::string_view route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(method), std::string(route), status}].count;
  auto& latency = latency_[std::string(route)];
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i)
    if (seconds <= kLatencyBuckets[i]) {
      ++latency.buckets[i];
      break;
    }
  ++latency.count;
  latency.sum += seconds;
}

std::string Metrics::render() const {
  std::string out;
  std::lock_guard lock(mutex_);

  header(out, "courtois_http_requests_total", "counter",
         "HTTP requests answered, by method, route pattern and status.");
  for (const auto& [key, series] : requests_) {
    const auto& [method, route, status] = key;
    out += "courtois_http_requests_total{method=\"" + escape_label(method) + "\",route=\"" +
           escape_label(route) + "\",status=\"" + std::to_string(status) + "\"} " +
           std::to_string(series.count) + '\n';
  }

  header(out, "courtois_http_request_duration_seconds", "histogram",
         "Time from a complete request to its response, by route pattern.");
  for (const auto& [route, latency] : latency_) {
    std::string label = "route=\"" + escape_label(route) + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += latency.buckets[i];
      out += "courtois_http_request_duration_seconds_bucket{" + label + ",le=\"" +
             number(kLatencyBuckets[i]) + "\"} " + std::to_string(cumulative) + '\n';
    }
    out += "courtois_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
           std::to_string(latency.count) + '\n';
    out +=
        "courtois_http_request_duration_seconds_sum{" + label + "} " + number(latency.sum) + '\n';
    out += "courtois_http_request_duration_seconds_count{" + label + "} " +
           std::to_string(latency.count) + '\n';
  }

  header(out, "courtois_http_requests_in_flight", "gauge",
         "Requests being handled now (this scrape included).");
  out += "courtois_http_requests_in_flight " + std::to_string(in_flight()) + '\n';
  header(out, "courtois_messages_analysed_total", "counter", "Messages analysed.");
  out += "courtois_messages_analysed_total " + std::to_string(messages_analysed()) + '\n';
  header(out, "courtois_message_parse_failures_total", "counter",
         "Messages refused because they could not be read at all.");
  out += "courtois_message_parse_failures_total " + std::to_string(parse_failures()) + '\n';
  header(out, "courtois_http_connections_total", "counter", "Connections accepted.");
  out += "courtois_http_connections_total " +
         std::to_string(connections_.load(std::memory_order_relaxed)) + '\n';
  header(out, "courtois_http_timeouts_total", "counter",
         "Connections closed because a request did not arrive in time (slow or idle clients).");
  out += "courtois_http_timeouts_total " +
         std::to_string(timeouts_.load(std::memory_order_relaxed)) + '\n';
  return out;
}

}  // namespace courtois::server
