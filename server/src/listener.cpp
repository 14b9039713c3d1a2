// The only file that sees Boost.Beast and Asio: accepts connections and moves bytes between
// sockets and the pure request pipeline (http.hpp), in the shape of Beast's
// example/advanced/server written with C++20 coroutines.
//
// Threads: `io_threads` run the io_context (accepting, reading, writing; each connection on
// its own strand); requests are handled on a separate worker pool so that analysing one big
// message never stalls the I/O of the others. A slow client holds only its own coroutine and
// socket, never a thread, and is cut off by the read and idle timeouts.
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "courtois/engine.hpp"
#include "courtois/server/http.hpp"
#include "courtois/server/metrics.hpp"
#include "courtois/server/server.hpp"

namespace courtois {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

// The largest answer storage a connection keeps for its next answer (a usual one is 10-20 KB).
constexpr std::size_t kKeptReplyStorage = 1u << 20;

class Session;

// What every connection of one running service shares.
struct Service {
  ServerOptions options;
  server::ServiceConfig config;
  server::Metrics metrics;
  server::Router router;
  std::unique_ptr<Engine> engine;
  server::Context context;

  asio::io_context ioc;
  asio::thread_pool workers;
  asio::strand<asio::io_context::executor_type> control{asio::make_strand(ioc)};
  tcp::acceptor acceptor{control};
  asio::signal_set signals{control, SIGINT, SIGTERM};
  asio::steady_timer drain_deadline{control};

  std::atomic<bool> draining{false};
  std::atomic<std::size_t> queued{0};  // requests waiting for or running on a worker
  std::size_t max_queued = 0;

  std::mutex sessions_mutex;
  std::set<std::shared_ptr<Session>> sessions;

  explicit Service(unsigned worker_count) : workers(worker_count) {}
  void begin_drain();
  void session_ended(const std::shared_ptr<Session>& session);
};

std::mutex g_running_mutex;
Service* g_running = nullptr;  // for request_server_stop

http::response<http::string_body> to_beast(server::Response&& res, unsigned version,
                                           bool keep_alive) {
  http::response<http::string_body> out{static_cast<http::status>(res.status), version};
  if (auto reason = server::reason_phrase(res.status); !reason.empty()) out.reason(reason);
  out.set(http::field::server, "courtoisd/" COURTOIS_VERSION);
  if (!res.content_type.empty()) out.set(http::field::content_type, res.content_type);
  for (auto& [name, value] : res.headers) out.set(name, value);
  out.body() = std::move(res.body);
  out.keep_alive(keep_alive && !res.close);
  out.prepare_payload();
  return out;
}

// Runs the pipeline on the worker pool and hands the answer to `handler` on its own executor
// (the connection's strand). One post there and one back: co_spawn would also allocate a
// coroutine frame and queue its completion behind every request waiting for a worker before
// posting it back. The work guard keeps the I/O threads' run() going while a request is out.
template <class Handler>
void serve_on_worker(asio::thread_pool& workers, server::Request request, server::Context* context,
                     Handler handler) {
  auto work = asio::prefer(asio::get_associated_executor(handler),
                           asio::execution::outstanding_work.tracked);
  asio::post(workers, [request = std::move(request), context, handler = std::move(handler),
                       work = std::move(work)]() mutable {
    server::Response response;
    try {
      response = server::serve(std::move(request), *context);
    } catch (const std::exception& e) {
      response = server::json_error(500, "internal", std::string("request failed: ") + e.what());
    }
    asio::post(work, [handler = std::move(handler), response = std::move(response)]() mutable {
      std::move(handler)(std::move(response));
    });
  });
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Service& service) : stream_(std::move(socket)), service_(service) {}

  auto executor() { return stream_.get_executor(); }

  // On SIGTERM: a connection waiting for its next request is closed now; one in the middle of
  // a request finishes it (and closes after the response).
  void on_drain() {
    if (idle_) stream_.cancel();
  }

  awaitable<void> run() {
    const auto& o = service_.options;
    bool first = true;
    while (!service_.draining) {
      // Wait for the first byte of the next request: idle time, cut at the idle timeout.
      if (buffer_.size() == 0) {
        idle_ = true;
        stream_.expires_after(first ? o.read_timeout : o.idle_timeout);
        auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(16 * 1024), use_nothrow);
        idle_ = false;
        if (ec) {
          if (ec == beast::error::timeout) service_.metrics.connection_timed_out();
          co_return;
        }
        buffer_.commit(n);
      }
      first = false;

      // The whole request must arrive within the read timeout (slow clients are cut off).
      stream_.expires_after(o.read_timeout);
      http::request_parser<http::string_body> parser;
      parser.header_limit(
          static_cast<std::uint32_t>(std::min<std::size_t>(o.max_header, UINT32_MAX)));
      parser.body_limit(o.max_body);
      auto [ec, n] = co_await http::async_read_header(stream_, buffer_, parser, use_nothrow);
      if (!ec && parser.get()[http::field::expect] == "100-continue" && !parser.is_done()) {
        http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
        std::tie(ec, n) = co_await http::async_write(stream_, go_on, use_nothrow);
      }
      if (!ec && !parser.is_done())
        std::tie(ec, n) = co_await http::async_read(stream_, buffer_, parser, use_nothrow);
      if (ec) {
        co_await refuse(ec);
        co_return;
      }

      auto message = parser.release();
      bool keep_alive = message.keep_alive();
      unsigned version = message.version();
      server::Request request;
      request.method = std::string(message.method_string());
      request.target = std::string(message.target());
      request.headers.reserve(16);
      for (const auto& field : message)
        request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      request.body = std::move(message.body());
      request.reply_storage = std::move(reply_storage_);

      server::Response response = co_await handle(std::move(request));
      bool keep = keep_alive && !response.close && !service_.draining;
      auto out = to_beast(std::move(response), version, keep);
      stream_.expires_after(o.read_timeout);
      auto [wec, wn] = co_await http::async_write(stream_, out, use_nothrow);
      // The body's storage serves the next answer, unless a rare huge one made it large.
      if (out.body().capacity() <= kKeptReplyStorage) reply_storage_ = std::move(out.body());
      if (wec || !keep) break;
    }
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

 private:
  // Runs the pipeline on the worker pool and comes back to this connection's strand.
  awaitable<server::Response> handle(server::Request request) {
    if (service_.queued.fetch_add(1) >= service_.max_queued) {
      service_.queued.fetch_sub(1);
      auto res = server::json_error(503, "busy",
                                    "too many requests are waiting for analysis; retry in a "
                                    "moment (or start the service with more --threads)");
      res.set_header("Retry-After", "1");
      service_.metrics.record("other", "transport", 503, 0);
      co_return res;
    }
    server::Context* context = &service_.context;
    server::Response response =
        co_await asio::async_initiate<decltype(asio::use_awaitable), void(server::Response)>(
            [this, context](auto handler, server::Request request) {
              serve_on_worker(service_.workers, std::move(request), context, std::move(handler));
            },
            asio::use_awaitable, std::move(request));
    service_.queued.fetch_sub(1);
    co_return response;
  }

  // A request that could not be read whole: answer when there is someone to answer, then
  // close. Timeouts close the socket (Beast does), so they get no answer.
  awaitable<void> refuse(beast::error_code ec) {
    if (ec == beast::error::timeout) {
      service_.metrics.connection_timed_out();
      co_return;
    }
    if (ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset)
      co_return;
    server::Response res;
    bool linger = false;
    if (ec == http::error::body_limit) {
      res = server::json_error(
          413, "body_too_large",
          "the request body is larger than the limit of " +
              std::to_string(service_.options.max_body) +
              " bytes; send a smaller message or start the service with a larger --max-body");
      linger = true;
    } else if (ec == http::error::header_limit) {
      res = server::json_error(431, "headers_too_large",
                               "the request headers are larger than the limit of " +
                                   std::to_string(service_.options.max_header) + " bytes");
    } else {
      res = server::json_error(400, "malformed_request",
                               "the request is not valid HTTP/1.1: " + ec.message());
    }
    service_.metrics.record("other", "transport", res.status, 0);
    auto out = to_beast(std::move(res), 11, false);
    stream_.expires_after(std::chrono::seconds(5));
    auto [wec, wn] = co_await http::async_write(stream_, out, use_nothrow);
    if (wec) co_return;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (!linger) co_return;
    // The client may still be sending the body we refused. Closing now would reset the
    // connection and could destroy our answer before it is read, so read and drop the rest
    // for a short while, never keeping it.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    std::size_t dropped = 0;
    std::array<char, 64 * 1024> sink;
    while (dropped < (256u << 20) && std::chrono::steady_clock::now() < deadline) {
      stream_.expires_at(deadline);
      auto [rec, rn] = co_await stream_.async_read_some(asio::buffer(sink), use_nothrow);
      if (rec) break;
      dropped += rn;
    }
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string reply_storage_;  // lent to each request for its answer (server::Request)
  Service& service_;
  bool idle_ = false;
};

void Service::begin_drain() {
  if (draining.exchange(true)) return;
  beast::error_code ignored;
  acceptor.close(ignored);
  signals.cancel(ignored);
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(sessions_mutex);
    open.assign(sessions.begin(), sessions.end());
  }
  for (auto& session : open) asio::post(session->executor(), [session] { session->on_drain(); });
  if (open.empty()) return;
  drain_deadline.expires_after(options.drain_timeout);
  drain_deadline.async_wait([this](beast::error_code ec) {
    if (ec) return;  // every session ended in time
    if (!options.quiet)
      std::cerr << "courtoisd: requests still running after the drain timeout; stopping\n";
    ioc.stop();
  });
}

void Service::session_ended(const std::shared_ptr<Session>& session) {
  bool last = false;
  {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(session);
    last = sessions.empty();
  }
  if (last && draining) asio::post(control, [this] { drain_deadline.cancel(); });
}

awaitable<void> accept_loop(Service& service) {
  while (true) {
    auto [ec, socket] =
        co_await service.acceptor.async_accept(asio::make_strand(service.ioc), use_nothrow);
    if (ec) {
      if (service.draining || !service.acceptor.is_open()) co_return;
      // Out of file descriptors and the like: wait a little rather than spin.
      asio::steady_timer pause(service.control, std::chrono::milliseconds(50));
      co_await pause.async_wait(use_nothrow);
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    service.metrics.connection_opened();
    auto session = std::make_shared<Session>(std::move(socket), service);
    {
      std::lock_guard lock(service.sessions_mutex);
      service.sessions.insert(session);
    }
    asio::co_spawn(session->executor(), session->run(),
                   [&service, session](std::exception_ptr) { service.session_ended(session); });
  }
}

void write_port_file(const std::filesystem::path& path, unsigned short port) {
  auto temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary);
    out << port << '\n';
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
}

int run(const ServerOptions& options) {
  unsigned workers =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  auto service = std::make_unique<Service>(workers);
  Service& s = *service;
  s.options = options;
  s.max_queued = std::size_t{workers} * 64;

  auto token_path = options.token_file.value_or(default_token_path());
  auto token = load_or_create_token(token_path);
  if (!token) {
    std::cerr << "courtoisd: cannot start: " << token.error().message << '\n';
    return 1;
  }

  beast::error_code ec;
  std::string listen = options.listen == "localhost" ? "127.0.0.1" : options.listen;
  auto address = asio::ip::make_address(listen, ec);
  if (ec) {
    std::cerr << "courtoisd: --listen: '" << options.listen << "' is not an IP address\n";
    return 2;
  }

  s.config.version = COURTOIS_VERSION;
  s.config.token = *token;
  s.config.token_path = token_path;
  s.config.allowed_hosts = options.allowed_hosts;
  s.config.max_body = options.max_body;

  EngineOptions engine_options;
  if (options.rules_dir) engine_options.rules_dir = *options.rules_dir;
  if (options.no_local_rules)
    engine_options.local_rules_dir.reset();
  else if (options.local_rules_dir)
    engine_options.local_rules_dir = *options.local_rules_dir;
  engine_options.plugin_dir = options.plugin_dir;
  engine_options.me = options.me;
  s.engine = Engine::create(engine_options);
  if (!s.engine) {
    std::cerr << "courtoisd: cannot start: the analysis engine could not be created\n";
    return 1;
  }
  server::add_all_routes(s.router);
  s.context.engine = s.engine.get();
  s.context.metrics = &s.metrics;
  s.context.config = &s.config;
  s.context.router = &s.router;

  tcp::endpoint endpoint{address, options.port};
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::cerr << "courtoisd: cannot listen on " << listen << ':' << options.port << ": "
              << ec.message()
              << (ec == asio::error::address_in_use
                      ? " (is another courtoisd running? choose another --port)"
                      : "")
              << '\n';
    return 1;
  }
  auto bound = s.acceptor.local_endpoint().port();
  if (!address.is_loopback())
    std::cerr << "courtoisd: warning: listening on " << listen
              << ", which is not a loopback address: other machines can reach the service\n";

  s.signals.async_wait([&s](beast::error_code ec, int) {
    if (!ec) s.begin_drain();
  });
  asio::co_spawn(s.control, accept_loop(s), asio::detached);
  {
    std::lock_guard lock(g_running_mutex);
    g_running = &s;
  }
  if (options.port_file) write_port_file(*options.port_file, bound);
  if (!options.quiet) {
    std::cout << "courtoisd " << COURTOIS_VERSION << " listening on http://"
              << (address.is_v6() ? "[" + listen + "]" : listen) << ':' << bound << " (token in "
              << token_path.string() << ")" << std::endl;
  }
  if (options.on_listening) options.on_listening(bound);

  std::vector<std::thread> io;
  for (unsigned i = 1; i < options.io_threads; ++i) io.emplace_back([&s] { s.ioc.run(); });
  s.ioc.run();
  for (auto& t : io) t.join();
  {
    std::lock_guard lock(g_running_mutex);
    g_running = nullptr;
  }
  s.workers.join();
  if (!options.quiet) std::cout << "courtoisd: stopped" << std::endl;
  return 0;
}

}  // namespace

int run_server(const ServerOptions& options) {
  try {
    return run(options);
  } catch (const std::exception& e) {
    std::cerr << "courtoisd: " << e.what() << '\n';
    return 1;
  }
}

void request_server_stop() {
  std::lock_guard lock(g_running_mutex);
  if (g_running) {
    Service* s = g_running;
    asio::post(s->control, [s] { s->begin_drain(); });
  }
}

}  // namespace courtois
