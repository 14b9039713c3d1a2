// The model client: one synchronous-looking exchange with an OpenAI-compatible endpoint,
// driven by asynchronous Beast operations on a private io_context so that one timeout bounds
// resolution, connection, sending and reading (Beast's tcp_stream timeouts apply only to
// asynchronous operations). Mail leaves the machine only if llm.json says "allow_remote".
#include "llm_rewrite.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "courtois/message.hpp"
#include "courtois/text.hpp"

namespace courtois::replies {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Url {
  std::string host, port, target;
};

std::optional<Url> parse_http_url(std::string_view url, std::string& error) {
  constexpr std::string_view scheme = "http://";
  if (url.rfind("https://", 0) == 0) {
    error = "https endpoints are not supported: use the local model's http address";
    return std::nullopt;
  }
  if (url.rfind(scheme, 0) != 0) {
    error = "the endpoint must start with http://";
    return std::nullopt;
  }
  std::string_view rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  Url u;
  u.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!authority.empty() && authority.front() == '[') {  // [::1]:8080
    auto close = authority.find(']');
    if (close == std::string_view::npos) {
      error = "bad IPv6 address in the endpoint";
      return std::nullopt;
    }
    u.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      u.port = std::string(authority.substr(close + 2));
  } else {
    auto colon = authority.rfind(':');
    u.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) u.port = std::string(authority.substr(colon + 1));
  }
  if (u.port.empty()) u.port = "80";
  if (u.host.empty() || !std::all_of(u.port.begin(), u.port.end(), ::isdigit)) {
    error = "the endpoint has no host or a bad port";
    return std::nullopt;
  }
  return u;
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// The model's text without the code fences some models wrap answers in.
std::string strip_fences(std::string s) {
  std::string_view t = trim(s);
  if (t.rfind("```", 0) == 0) {
    auto nl = t.find('\n');
    auto end = t.rfind("```");
    if (nl != std::string_view::npos && end != std::string_view::npos && end > nl)
      t = trim(t.substr(nl + 1, end - nl - 1));
  }
  return std::string(t);
}

std::size_t count_of(std::string_view text, std::string_view needle) {
  if (needle.empty()) return 0;
  std::size_t n = 0;
  for (auto p = text.find(needle); p != std::string_view::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

RewriteOutcome rewrite_draft(const LlmConfig& config, const std::string& draft,
                             const std::string& lang, const std::string& placeholder_marker) {
  RewriteOutcome out;
  std::string error;
  auto url = parse_http_url(config.endpoint, error);
  if (!url) {
    out.error = "endpoint " + config.endpoint + ": " + error;
    return out;
  }
  if (!config.allow_remote && !is_loopback(url->host)) {
    out.error = "endpoint " + config.endpoint +
                " is not on this machine and llm.json does not allow remote endpoints";
    return out;
  }
  auto sys = config.system.find(lang);
  nlohmann::json body = {
      {"model", config.model},
      {"stream", false},
      {"temperature", config.temperature},
      {"messages",
       {{{"role", "system"},
         {"content", sys != config.system.end() ? sys->second
                                                : "Rewrite this draft reply calmly and "
                                                  "courteously; keep every placeholder."}},
        {{"role", "user"}, {"content", draft}}}}};

  try {
    net::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    http::request<http::string_body> req{http::verb::post, url->target, 11};
    req.set(http::field::host, url->host + ":" + url->port);
    req.set(http::field::content_type, "application/json");
    req.set(http::field::accept, "application/json");
    req.body() = body.dump();
    req.prepare_payload();
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(8u << 20);
    const auto timeout = std::chrono::milliseconds(config.timeout_ms);
    beast::error_code failure = net::error::timed_out;
    bool done = false;

    stream.expires_after(timeout);
    resolver.async_resolve(
        url->host, url->port, [&](beast::error_code ec, tcp::resolver::results_type results) {
          if (ec) return void(failure = ec);
          stream.async_connect(results, [&](beast::error_code ec, const tcp::endpoint&) {
            if (ec) return void(failure = ec);
            http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
              if (ec) return void(failure = ec);
              http::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) {
                failure = ec;
                done = !ec;
              });
            });
          });
        });
    // The resolver is not bound by the stream's expiry: the run itself is.
    ioc.run_for(timeout + std::chrono::milliseconds(50));
    if (!done) {
      out.error =
          failure == net::error::timed_out || failure == beast::error::timeout || !ioc.stopped()
              ? "the model did not answer within " + std::to_string(config.timeout_ms) + " ms"
              : "the model endpoint " + config.endpoint + " failed: " + failure.message();
      return out;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    const auto& res = parser.get();
    if (res.result_int() != 200) {
      out.error = "the model endpoint answered HTTP " + std::to_string(res.result_int());
      return out;
    }
    auto doc = nlohmann::json::parse(res.body(), nullptr, false);
    const nlohmann::json* content = nullptr;
    if (doc.is_object() && doc.contains("choices") && doc["choices"].is_array() &&
        !doc["choices"].empty()) {
      const auto& c = doc["choices"][0];
      if (c.is_object() && c.contains("message") && c["message"].is_object() &&
          c["message"].contains("content") && c["message"]["content"].is_string())
        content = &c["message"]["content"];
    }
    if (!content) {
      out.error = "the model's answer has no choices[0].message.content";
      return out;
    }
    std::string text = strip_fences(sanitize_utf8(content->get<std::string>()));
    if (text.empty()) {
      out.error = "the model answered with an empty text";
      return out;
    }
    (void)placeholder_marker;
    out.text = std::move(text);
  } catch (const std::exception& e) {
    out.error = std::string("the model exchange failed: ") + e.what();
  }
  return out;
}

std::string check_rewrite(const Engine& engine, const ReplyRules& rules,
                          const std::string& original, const std::string& rewritten,
                          const std::optional<ZonedTime>& date, const std::string& lang) {
  const std::string marker = rules.placeholder_marker(lang);
  if (count_of(rewritten, marker) != count_of(original, marker))
    return "it does not keep the " + std::to_string(count_of(original, marker)) +
           " placeholder(s) \"" + marker + " …]\" of the draft";
  if (rewritten.size() > 3 * original.size() + 200) return "it is far longer than the draft";
  std::string detected = detect_language(rewritten);
  if (detected != "unknown" && detected != lang)
    return "it is written in " + detected + ", not " + lang;
  auto days = [&](const std::string& text) {
    std::set<std::string> out;
    Analysis a = engine.analyse(Message::from_text({}, text, date, lang));
    for (const auto& d : a.dates) out.insert(d.value.substr(0, 10));
    return out;
  };
  auto before = days(original);
  for (const auto& d : days(rewritten))
    if (!before.count(d)) return "it names a date (" + d + ") that the draft does not";
  return {};
}

}  // namespace courtois::replies
