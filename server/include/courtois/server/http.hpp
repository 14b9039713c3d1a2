// The service's request handling, without sockets (STYLE.md §6): plain Request and Response
// structs, an endpoint table (Router) and `serve`, the pipeline every request goes through
// (Host check against DNS rebinding, CORS for the extension, routing, bearer token, handler,
// metrics). The Beast session (listener.cpp) only moves bytes in and out of these structs, so
// everything here is tested by calling functions.
//
// Adding routes from another area (the endpoint table is open on purpose):
//   1. Write server/src/routes/<area>.cpp defining `void add_<area>_routes(Router& router)`
//      that calls, for each endpoint,
//          add_route(router, "GET", "/v1/threads/{id}", handle_thread, {.summary = "..."});
//      A handler is `Response handler(const Request&, Context&)`: a pure function of the
//      request. Path parameters (`{id}`) arrive decoded in `request.params`.
//   2. Add one declaration and one call in server/src/route_providers.cpp, under the markers
//      ROUTE-PROVIDER-DECLARATIONS and ROUTE-PROVIDER-LIST.
//   3. Describe the route in docs/openapi.json (a test checks every route is documented).
// Every route requires the bearer token unless its RouteOptions say `auth = false`. Handlers
// run on the analysis worker pool, never on an I/O thread, so they may take time; they must be
// thread-safe (several run at once).
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace courtois {

class Engine;

namespace server {

class Metrics;

struct Request {
  std::string method;                                        // "GET", "POST", ... as sent
  std::string target;                                        // "/v1/analyze?me=a%40b.fr", as sent
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string body;
  // Storage lent by the connection for the answer's body, with the capacity of its earlier
  // answers: a handler writing a large body takes it instead of allocating one, and the
  // connection takes the body back once it is sent (no allocation per request, and no free
  // of one thread's memory by another). Empty when nothing is lent, as in tests.
  mutable std::string reply_storage;

  // Filled by serve(): the path of the target (percent-decoded), its query parameters in order
  // (decoded, repeatable) and the path parameters of the matched route.
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  std::map<std::string, std::string> params;

  // First header with this name (case-insensitive).
  std::optional<std::string_view> header(std::string_view name) const;
  // First query parameter with this name; every value of a repeated one.
  std::optional<std::string_view> query_param(std::string_view name) const;
  std::vector<std::string> query_params(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
  bool close = false;  // close the connection after this response

  void set_header(std::string name, std::string value);
  std::optional<std::string_view> header(std::string_view name) const;
};

// What the service was configured with, as the handlers need it.
struct ServiceConfig {
  std::string version;
  std::string token;  // the bearer token every route but /v1/health requires
  std::filesystem::path token_path;
  std::vector<std::string> allowed_hosts;  // host names accepted besides the loopback ones
  std::size_t max_body = 25u << 20;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// Shared by all handlers of a running service (fields may be added by other areas). Everything
// reachable from here is either immutable or thread-safe.
struct Context {
  const Engine* engine = nullptr;
  Metrics* metrics = nullptr;
  const ServiceConfig* config = nullptr;
  // The endpoint table, for handlers that describe the service (health).
  const class Router* router = nullptr;
};

using Handler = std::function<Response(const Request&, Context&)>;

struct RouteOptions {
  bool auth = true;     // require the bearer token
  std::string summary;  // one line for people (health lists the routes)
};

struct Route {
  std::string method;   // upper case
  std::string pattern;  // "/v1/threads/{id}"
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;  // pattern split on '/'; "{id}" marks a parameter
};

class Router {
 public:
  struct Match {
    const Route* route = nullptr;  // null when nothing matched
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed_methods;  // the path exists with these methods
  };
  // Adds a route; a duplicate (method, pattern) or a malformed pattern throws
  // std::invalid_argument at start-up, a programming error.
  void add(Route route);
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

void add_route(Router& router, std::string_view method, std::string_view pattern, Handler handler,
               RouteOptions options = {});

// Every route of the service: calls each area's provider (server/src/route_providers.cpp).
void add_all_routes(Router& router);
// The routes of this area: /v1/health, /v1/analyze, /v1/openapi.json, /metrics.
void add_core_routes(Router& router);

// The pipeline every request goes through. Never throws: a handler's exception becomes a 500.
Response serve(Request request, Context& context);

// Responses. Errors always have the body {"error": {"code", "message"}}.
Response json_response(int status, const nlohmann::json& body);
Response json_error(int status, std::string_view code, std::string message);
std::string_view reason_phrase(int status);

// Checks used by serve, exposed for tests.
bool is_loopback_host(std::string_view host_header,
                      const std::vector<std::string>& allowed_hosts = {});
bool is_allowed_origin(std::string_view origin);
bool token_matches(std::string_view expected, std::string_view offered);  // constant time
std::string percent_decode(std::string_view s, bool plus_is_space);

// The OpenAPI document (docs/openapi.json, embedded at build time).
std::string_view openapi_document();

}  // namespace server
}  // namespace courtois
