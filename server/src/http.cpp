// The request pipeline (see http.hpp): pure functions from Request to Response.
#include "courtois/server/http.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <stdexcept>

#include "courtois/server/metrics.hpp"
#include "courtois/text.hpp"

namespace courtois::server {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim_ws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool is_ipv4_loopback(std::string_view host) {
  int parts = 0;
  int first = -1;
  while (true) {
    auto dot = host.find('.');
    auto part = host.substr(0, dot);
    if (part.empty() || part.size() > 3) return false;
    int value = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    if (value > 255) return false;
    if (parts == 0) first = value;
    ++parts;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return parts == 4 && first == 127;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    auto item = query.substr(0, amp);
    if (!item.empty()) {
      auto eq = item.find('=');
      out.emplace_back(
          percent_decode(item.substr(0, eq), true),
          eq == std::string_view::npos ? std::string() : percent_decode(item.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string_view method_label(std::string_view method) {
  static constexpr std::string_view known[] = {"GET",   "POST", "PUT",    "DELETE",
                                               "PATCH", "HEAD", "OPTIONS"};
  for (auto k : known)
    if (k == method) return k;
  return "other";
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

Response unauthorized(const Context& ctx, std::string_view code, std::string problem) {
  std::string where = ctx.config ? ctx.config->token_path.string() : std::string("the token file");
  auto res = json_error(401, code,
                        problem +
                            ": send the header 'Authorization: Bearer <token>'. The token is "
                            "in " +
                            where + " (print it with `courtoisd --print-token`).");
  res.set_header("WWW-Authenticate", "Bearer realm=\"courtois\"");
  return res;
}

// Everything but metrics and CORS decoration: the answer to one request.
Response dispatch(Request& req, Context& ctx, std::string& route_label) {
  if (req.target.empty() || req.target.front() != '/')
    return json_error(400, "bad_target",
                      "the request target must be a path such as /v1/analyze, not '" +
                          req.target.substr(0, 200) + "'");

  auto host = req.header("Host");
  if (!host)
    return json_error(400, "missing_host",
                      "the request has no Host header; send 'Host: 127.0.0.1:<port>' (HTTP/1.1)");
  if (!is_loopback_host(*host, ctx.config ? ctx.config->allowed_hosts : std::vector<std::string>{}))
    return json_error(421, "host_not_allowed",
                      "Host '" + std::string(host->substr(0, 200)) +
                          "' is not a loopback name: courtoisd answers only requests addressed to "
                          "localhost, 127.0.0.1 or [::1] (protection against DNS rebinding); "
                          "start it with --allow-host NAME to accept another name");

  auto origin = req.header("Origin");
  if (origin && !is_allowed_origin(*origin))
    return json_error(403, "origin_not_allowed",
                      "cross-origin requests are accepted only from the Courtois Thunderbird "
                      "extension (moz-extension://), not from '" +
                          std::string(origin->substr(0, 200)) + "'");

  const Router* router = ctx.router;
  if (!router) return json_error(500, "internal", "the service has no endpoint table");

  auto raw_path = std::string_view(req.target).substr(0, req.target.find('?'));
  if (req.method == "OPTIONS") {
    auto any = router->match("", raw_path);
    if (any.allowed_methods.empty())
      return json_error(404, "not_found",
                        "no route " + std::string(raw_path.substr(0, 200)) +
                            "; the routes are described at GET /v1/openapi.json");
    auto methods = any.allowed_methods;
    methods.push_back("OPTIONS");
    Response res;
    res.status = 204;
    res.content_type.clear();
    res.set_header("Allow", join(methods, ", "));
    if (origin) {
      res.set_header("Access-Control-Allow-Methods", join(methods, ", "));
      res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type");
      res.set_header("Access-Control-Max-Age", "600");
    }
    route_label = "preflight";
    return res;
  }

  auto match = router->match(req.method, raw_path);
  if (!match.route) {
    if (match.allowed_methods.empty())
      return json_error(404, "not_found",
                        "no route " + std::string(raw_path.substr(0, 200)) +
                            "; the routes are described at GET /v1/openapi.json");
    auto res = json_error(405, "method_not_allowed",
                          req.method.substr(0, 20) + " is not allowed on " +
                              std::string(raw_path.substr(0, 200)) + "; use " +
                              join(match.allowed_methods, " or "));
    res.set_header("Allow", join(match.allowed_methods, ", "));
    return res;
  }
  route_label = match.route->pattern;
  req.params = std::move(match.params);

  if (match.route->options.auth) {
    auto auth = req.header("Authorization");
    if (!auth) return unauthorized(ctx, "missing_token", "this route needs the bearer token");
    auto value = trim_ws(*auth);
    if (value.size() < 7 || !iequals(value.substr(0, 7), "Bearer "))
      return unauthorized(ctx, "missing_token",
                          "the Authorization header must use the Bearer scheme");
    auto offered = trim_ws(value.substr(7));
    if (!ctx.config || !token_matches(ctx.config->token, offered))
      return unauthorized(ctx, "invalid_token", "the bearer token is not the service's token");
  }

  try {
    return match.route->handler(req, ctx);
  } catch (const std::exception& e) {
    return json_error(500, "internal",
                      std::string("the handler of ") + match.route->pattern +
                          " failed: " + e.what() + " (a bug: please report it with the request)");
  } catch (...) {
    return json_error(500, "internal", "the handler of " + match.route->pattern + " failed");
  }
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return std::string_view(value);
  return std::nullopt;
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return std::string_view(value);
  return std::nullopt;
}

std::vector<std::string> Request::query_params(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : query)
    if (key == name) out.push_back(value);
  return out;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [key, old] : headers)
    if (iequals(key, name)) {
      old = std::move(value);
      return;
    }
  headers.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return std::string_view(value);
  return std::nullopt;
}

void Router::add(Route route) {
  for (char& c : route.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (route.pattern.empty() || route.pattern.front() != '/')
    throw std::invalid_argument("route pattern must start with '/': " + route.pattern);
  if (!route.handler) throw std::invalid_argument("route without handler: " + route.pattern);
  route.segments.clear();
  for (auto segment : split_path(route.pattern)) {
    if (segment.find_first_of("{}") != std::string_view::npos && !is_parameter(segment))
      throw std::invalid_argument("malformed parameter segment in route " + route.pattern);
    route.segments.emplace_back(segment);
  }
  for (const auto& other : routes_)
    if (other.method == route.method && other.segments == route.segments)
      throw std::invalid_argument("route added twice: " + route.method + " " + route.pattern);
  routes_.push_back(std::move(route));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  auto segments = split_path(path);
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& want = route.segments[i];
      if (is_parameter(want)) {
        if (segments[i].empty())
          ok = false;
        else
          params[want.substr(1, want.size() - 2)] = percent_decode(segments[i], false);
      } else {
        ok = want == segments[i];
      }
    }
    if (!ok) continue;
    if (route.method == method && !result.route) {
      result.route = &route;
      result.params = std::move(params);
    }
    if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(), route.method) ==
        result.allowed_methods.end())
      result.allowed_methods.push_back(route.method);
  }
  return result;
}

void add_route(Router& router, std::string_view method, std::string_view pattern, Handler handler,
               RouteOptions options) {
  router.add(
      Route{std::string(method), std::string(pattern), std::move(handler), std::move(options), {}});
}

Response serve(Request request, Context& ctx) {
  auto started = std::chrono::steady_clock::now();
  if (ctx.metrics) ctx.metrics->request_started();

  auto question = request.target.find('?');
  request.path = percent_decode(std::string_view(request.target).substr(0, question), false);
  request.query = question == std::string::npos
                      ? decltype(request.query){}
                      : parse_query(std::string_view(request.target).substr(question + 1));

  std::string route_label = "unmatched";
  Response res;
  try {
    res = dispatch(request, ctx, route_label);
  } catch (const std::exception& e) {
    res = json_error(500, "internal", std::string("request failed: ") + e.what());
  }

  // CORS: the extension reads the answer only if it is told it may, on errors too.
  if (auto origin = request.header("Origin"); origin && is_allowed_origin(*origin)) {
    res.set_header("Access-Control-Allow-Origin", std::string(*origin));
    res.set_header("Vary", "Origin");
  }

  if (ctx.metrics) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ctx.metrics->record(method_label(request.method), route_label, res.status, seconds);
    ctx.metrics->request_finished();
  }
  return res;
}

Response json_response(int status, const nlohmann::json& body) {
  Response res;
  res.status = status;
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.body += '\n';
  return res;
}

Response json_error(int status, std::string_view code, std::string message) {
  return json_response(status,
                       {{"error", {{"code", std::string(code)}, {"message", std::move(message)}}}});
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 421:
      return "Misdirected Request";
    case 422:
      return "Unprocessable Content";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "";
  }
}

bool is_loopback_host(std::string_view host_header, const std::vector<std::string>& allowed_hosts) {
  auto host = trim_ws(host_header);
  if (host.empty()) return false;
  std::string_view name, port;
  if (host.front() == '[') {
    auto close = host.find(']');
    if (close == std::string_view::npos) return false;
    name = host.substr(0, close + 1);
    auto rest = host.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
      if (port.empty()) return false;
    }
  } else {
    auto colon = host.rfind(':');
    name = host.substr(0, colon);
    if (colon != std::string_view::npos) {
      port = host.substr(colon + 1);
      if (port.empty()) return false;
    }
  }
  if (port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  auto lowered = to_lower_ascii(name);
  if (!lowered.empty() && lowered.back() == '.') lowered.pop_back();
  if (lowered == "localhost" || lowered == "[::1]" || lowered == "[0:0:0:0:0:0:0:1]") return true;
  if (is_ipv4_loopback(lowered)) return true;
  if (lowered.rfind("[::ffff:", 0) == 0 && lowered.back() == ']' &&
      is_ipv4_loopback(std::string_view(lowered).substr(8, lowered.size() - 9)))
    return true;
  for (const auto& allowed : allowed_hosts)
    if (iequals(allowed, lowered)) return true;
  return false;
}

bool is_allowed_origin(std::string_view origin) {
  constexpr std::string_view scheme = "moz-extension://";
  origin = trim_ws(origin);
  if (origin.size() <= scheme.size() || !iequals(origin.substr(0, scheme.size()), scheme))
    return false;
  auto rest = origin.substr(scheme.size());
  return std::all_of(rest.begin(), rest.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

bool token_matches(std::string_view expected, std::string_view offered) {
  if (expected.empty()) return false;
  // Every byte of the expected token is compared whatever the offered one holds, so the time
  // taken does not tell how many leading characters were right.
  volatile unsigned char diff = expected.size() == offered.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    unsigned char theirs = i < offered.size() ? static_cast<unsigned char>(offered[i]) : 0;
    diff = diff | (static_cast<unsigned char>(expected[i]) ^ theirs);
  }
  return diff == 0;
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace courtois::server
