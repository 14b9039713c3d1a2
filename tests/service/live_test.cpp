// The real courtoisd binary on an ephemeral loopback port, spoken to over TCP: what only the
// transport can show (limits, timeouts, keep-alive, shutdown on SIGTERM).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

extern char** environ;

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

const std::string kDaemon = COURTOIS_BINARY_DIR "/server/courtoisd";

constexpr const char* kMessage =
    "From: Ann Lee <ann@client.example>\r\n"
    "To: Bob <bob@shop.example>\r\n"
    "Subject: Order 1187\r\n"
    "Date: Tue, 3 Mar 2026 09:00:00 -0500\r\n"
    "Message-ID: <o1187@client.example>\r\n"
    "Content-Type: text/plain; charset=us-ascii\r\n"
    "\r\n"
    "Hello Bob,\r\n\r\nCould you tell me when order 1187 will ship? I need it by Friday.\r\n\r\n"
    "Thanks,\r\nAnn\r\n";

struct HttpResponse {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
  bool complete = false;
};

// A running courtoisd child with its own config folder (so its own token).
class Daemon {
 public:
  explicit Daemon(std::vector<std::string> extra = {}) {
    home_ = fs::temp_directory_path() /
            ("courtoisd-live-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(home_);
    fs::create_directories(home_);
    port_file_ = home_ / "port";
    std::vector<std::string> args = {
        kDaemon,   "--port",    "0", "--port-file", port_file_.string(), "--no-local-rules",
        "--quiet", "--threads", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = spawn(args, {"XDG_CONFIG_HOME=" + (home_ / "config").string()});
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline) {
      std::ifstream in(port_file_);
      if (in >> port_) break;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~Daemon() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    std::error_code ec;
    fs::remove_all(home_, ec);
  }

  static pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
                     int stdout_fd = -1, int stderr_fd = -1) {
    std::vector<std::string> environment;
    for (char** e = environ; *e; ++e)
      if (std::string_view(*e).rfind("XDG_CONFIG_HOME=", 0) != 0) environment.emplace_back(*e);
    environment.insert(environment.end(), env.begin(), env.end());
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (auto& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (stdout_fd >= 0) posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
    if (stderr_fd >= 0) posix_spawn_file_actions_adddup2(&actions, stderr_fd, 2);
    pid_t pid = -1;
    int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
  }

  bool running() const { return pid_ > 0 && port_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  fs::path home() const { return home_; }
  fs::path token_path() const { return home_ / "config" / "courtois" / "token"; }
  std::string token() const {
    std::ifstream in(token_path());
    std::string t;
    in >> t;
    return t;
  }
  // Waits for the process to end; its exit status, or -1 after the timeout.
  int wait_exit(std::chrono::seconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

 private:
  static inline int counter_ = 0;
  fs::path home_, port_file_;
  pid_t pid_ = -1;
  int port_ = 0;
};

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    auto n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Reads one response (Content-Length framed) or until the peer closes or the timeout.
HttpResponse read_response(int fd, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  HttpResponse r;
  std::string data;
  auto deadline = Clock::now() + timeout;
  std::optional<std::size_t> body_start, length;
  while (Clock::now() < deadline) {
    if (!body_start) {
      auto end = data.find("\r\n\r\n");
      if (end != std::string::npos) {
        body_start = end + 4;
        r.head = data.substr(0, end);
        std::sscanf(r.head.c_str(), "HTTP/1.1 %d", &r.status);
        std::string lower = r.head;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        auto cl = lower.find("content-length:");
        length = cl == std::string::npos ? 0 : std::stoul(lower.substr(cl + 15));
      }
    }
    if (body_start && data.size() >= *body_start + *length) {
      r.body = data.substr(*body_start, *length);
      r.complete = true;
      return r;
    }
    pollfd p{fd, POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (::poll(&p, 1, static_cast<int>(std::max<long>(left.count(), 0))) <= 0) break;
    char buffer[65536];
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  return r;
}

std::string request_text(std::string method, std::string target, std::string token,
                         std::string body = {}, std::string extra_headers = {}) {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!token.empty()) r += "Authorization: Bearer " + token + "\r\n";
  r += extra_headers;
  if (!body.empty() || method == "POST")
    r += "Content-Type: message/rfc822\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  r += "\r\n" + body;
  return r;
}

HttpResponse exchange(int port, const std::string& request) {
  int fd = connect_to(port);
  if (fd < 0) return {};
  send_all(fd, request);
  auto r = read_response(fd);
  ::close(fd);
  return r;
}

// Whether the server closed this connection (EOF or reset) within the timeout.
bool closed_by_peer(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char c;
  return ::recv(fd, &c, 1, 0) <= 0;
}

class Live : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    daemon_ = new Daemon();
    ASSERT_TRUE(daemon_->running()) << "courtoisd did not start: " << kDaemon;
  }
  static void TearDownTestSuite() {
    delete daemon_;
    daemon_ = nullptr;
  }
  static inline Daemon* daemon_ = nullptr;
};

TEST_F(Live, HealthAndTokenFileCreatedPrivate) {
  auto r = exchange(daemon_->port(), request_text("GET", "/v1/health", ""));
  ASSERT_EQ(r.status, 200) << r.head;
  auto doc = json::parse(r.body);
  EXPECT_TRUE(doc["plugins"].is_array());

  struct stat st {};
  ASSERT_EQ(::stat(daemon_->token_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(daemon_->token_path().parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  EXPECT_EQ(daemon_->token().size(), 64u);

  // --print-token shows the same token.
  auto out = daemon_->home() / "printed";
  int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  pid_t pid = Daemon::spawn({kDaemon, "--print-token"},
                            {"XDG_CONFIG_HOME=" + (daemon_->home() / "config").string()}, fd);
  ::close(fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::ifstream printed(out);
  std::string token;
  printed >> token;
  EXPECT_EQ(token, daemon_->token());
}

TEST_F(Live, AnalyzeNeedsTheToken) {
  auto r = exchange(daemon_->port(), request_text("POST", "/v1/analyze", "", kMessage));
  ASSERT_EQ(r.status, 401) << r.head;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "missing_token");

  r = exchange(daemon_->port(), request_text("POST", "/v1/analyze", daemon_->token(), kMessage));
  ASSERT_EQ(r.status, 200) << r.head << r.body;
  auto doc = json::parse(r.body);
  EXPECT_EQ(doc["id"], "o1187@client.example");
  EXPECT_EQ(doc["date"], "2026-03-03T09:00:00-05:00");
  EXPECT_NE(doc["text"].get<std::string>().find("order 1187"), std::string::npos);
}

TEST_F(Live, ForeignHostRefusedOnTheWire) {
  auto text = request_text("GET", "/v1/health", "");
  text.replace(text.find("Host: 127.0.0.1"), 15, "Host: rebind.attacker.example");
  auto r = exchange(daemon_->port(), text);
  EXPECT_EQ(r.status, 421) << r.head;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "host_not_allowed");
}

TEST_F(Live, KeepAliveServesSeveralRequestsOnOneConnection) {
  int fd = connect_to(daemon_->port());
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(send_all(fd, request_text("POST", "/v1/analyze", daemon_->token(), kMessage)));
    auto r = read_response(fd);
    EXPECT_EQ(r.status, 200) << i;
    EXPECT_TRUE(r.complete);
  }
  ::close(fd);
}

TEST_F(Live, SixtyMegabyteBodyRefusedQuicklyWithoutReadingIt) {
  int fd = connect_to(daemon_->port());
  ASSERT_GE(fd, 0);
  const std::size_t size = 60u << 20;
  std::string head =
      "POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + daemon_->token() +
      "\r\nContent-Type: message/rfc822\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n";
  auto started = Clock::now();
  ASSERT_TRUE(send_all(fd, head));
  // Keep sending the body, as a real client does, while the answer comes back.
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> sent{0};
  std::thread writer([&] {
    std::string chunk(1 << 16, 'x');
    while (!stop && sent < size) {
      auto n = ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
  });
  auto r = read_response(fd, std::chrono::seconds(10));
  auto elapsed = Clock::now() - started;
  stop = true;
  ::shutdown(fd, SHUT_RDWR);
  writer.join();
  ::close(fd);
  ASSERT_EQ(r.status, 413) << r.head;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "body_too_large");
  EXPECT_LT(elapsed, std::chrono::seconds(5));

  // The service is still there for others.
  EXPECT_EQ(exchange(daemon_->port(), request_text("GET", "/v1/health", "")).status, 200);
}

TEST_F(Live, ChunkedBodyOverTheLimitIsRefusedToo) {
  int fd = connect_to(daemon_->port());
  ASSERT_GE(fd, 0);
  std::string head = "POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                     daemon_->token() +
                     "\r\nContent-Type: message/rfc822\r\nTransfer-Encoding: chunked\r\n\r\n";
  ASSERT_TRUE(send_all(fd, head));
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    std::string chunk = "100000\r\n" + std::string(1 << 20, 'y') + "\r\n";
    for (int i = 0; i < 40 && !stop; ++i)
      if (!send_all(fd, chunk)) break;
  });
  auto r = read_response(fd, std::chrono::seconds(20));
  stop = true;
  ::shutdown(fd, SHUT_RDWR);
  writer.join();
  ::close(fd);
  EXPECT_EQ(r.status, 413) << r.head;
}

TEST_F(Live, HugeHeadersRefused) {
  auto r = exchange(daemon_->port(),
                    request_text("GET", "/v1/health", "", {},
                                 "X-Padding: " + std::string(200 * 1024, 'p') + "\r\n"));
  EXPECT_EQ(r.status, 431) << r.head;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "headers_too_large");
}

TEST_F(Live, GarbageIsAMalformedRequest) {
  auto r =
      exchange(daemon_->port(), "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http\r\n\r\n");
  EXPECT_EQ(r.status, 400) << r.head;
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "malformed_request");
}

TEST(LiveTimeouts, SlowClientIsCutOffAndDoesNotHoldAWorker) {
  Daemon daemon({"--read-timeout", "1", "--idle-timeout", "1", "--threads", "1"});
  ASSERT_TRUE(daemon.running());
  // A client that starts a request and stalls (slowloris).
  int slow = connect_to(daemon.port());
  ASSERT_GE(slow, 0);
  ASSERT_TRUE(send_all(slow, "POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"));
  // Others are served meanwhile, with one worker thread.
  auto started = Clock::now();
  auto r = exchange(daemon.port(), request_text("GET", "/v1/health", ""));
  EXPECT_EQ(r.status, 200);
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(900));
  // The stalled one is closed once its read timeout passes.
  EXPECT_TRUE(closed_by_peer(slow, std::chrono::seconds(5)));
  EXPECT_GE(Clock::now() - started, std::chrono::milliseconds(500));
  ::close(slow);

  // An idle kept-alive connection is closed too.
  int idle = connect_to(daemon.port());
  ASSERT_TRUE(send_all(idle, request_text("GET", "/v1/health", "")));
  EXPECT_EQ(read_response(idle).status, 200);
  EXPECT_TRUE(closed_by_peer(idle, std::chrono::seconds(5)));
  ::close(idle);

  r = exchange(daemon.port(), request_text("GET", "/metrics", daemon.token()));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("courtois_http_timeouts_total 0\n"), std::string::npos) << r.body;
}

TEST(LiveShutdown, SigtermDrainsTheRequestInFlightAndExitsZero) {
  Daemon daemon;
  ASSERT_TRUE(daemon.running());
  int idle = connect_to(daemon.port());  // connected, nothing sent: closed at once on SIGTERM
  ASSERT_GE(idle, 0);

  // A request in flight: its headers and half of its body are sent before SIGTERM.
  std::string message = kMessage;
  std::string head =
      "POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + daemon.token() +
      "\r\nContent-Type: message/rfc822\r\nContent-Length: " + std::to_string(message.size()) +
      "\r\n\r\n";
  int busy = connect_to(daemon.port());
  ASSERT_GE(busy, 0);
  auto half = message.size() / 2;
  ASSERT_TRUE(send_all(busy, head + message.substr(0, half)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  ASSERT_EQ(::kill(daemon.pid(), SIGTERM), 0);
  EXPECT_TRUE(closed_by_peer(idle, std::chrono::seconds(5)));
  ::close(idle);
  // No new connections once draining.
  auto deadline = Clock::now() + std::chrono::seconds(5);
  int late = -1;
  while (Clock::now() < deadline) {
    late = connect_to(daemon.port());
    if (late < 0) break;
    ::close(late);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_LT(late, 0) << "the service still accepts connections after SIGTERM";

  // The request in flight is still answered, then the connection is closed.
  ASSERT_TRUE(send_all(busy, message.substr(half)));
  auto r = read_response(busy);
  EXPECT_EQ(r.status, 200) << r.head << r.body;
  EXPECT_NE(r.head.find("Connection: close"), std::string::npos) << r.head;
  ::close(busy);
  EXPECT_EQ(daemon.wait_exit(std::chrono::seconds(20)), 0);
}

TEST(LiveStart, BusyPortIsAClearError) {
  Daemon first;
  ASSERT_TRUE(first.running());
  auto home = first.home();
  auto err = home / "stderr";
  int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  // Reuse the first one's port: the second must refuse and say why.
  pid_t pid = Daemon::spawn({kDaemon, "--port", std::to_string(first.port()), "--quiet"},
                            {"XDG_CONFIG_HOME=" + (home / "config").string()}, -1, fd);
  ::close(fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_EQ(WEXITSTATUS(status), 1);
  std::ifstream in(err);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("--port"), std::string::npos) << text.str();
}

}  // namespace
