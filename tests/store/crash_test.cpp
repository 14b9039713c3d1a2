// A crash in the middle of a batch loses no acknowledged message: courtoisd ingests batches
// from two clients, is killed with SIGKILL while requests are in flight, restarts on the same
// data folder, and every message it had acknowledged is there; sending everything again is
// idempotent.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

const std::string daemon_path = COURTOIS_BINARY_DIR "/server/courtoisd";

class Daemon {
 public:
  explicit Daemon(const fs::path& home) : home_(home) {
    auto port_file = home / "port";
    fs::remove(port_file);
    std::vector<std::string> args = {daemon_path,   "--port",           "0",
                                     "--port-file", port_file.string(), "--no-local-rules",
                                     "--quiet",     "--threads",        "2"};
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
      std::string_view v(*e);
      if (v.rfind("XDG_CONFIG_HOME=", 0) != 0 && v.rfind("XDG_DATA_HOME=", 0) != 0) {
        env.emplace_back(v);
      }
    }
    env.push_back("XDG_CONFIG_HOME=" + (home / "config").string());
    env.push_back("XDG_DATA_HOME=" + (home / "data").string());
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    if (::posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), envp.data()) != 0) pid_ = -1;
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (pid_ > 0 && Clock::now() < deadline) {
      std::ifstream in(port_file);
      if (in >> port_) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::ifstream token(home / "config" / "courtois" / "token");
    token >> token_;
  }
  ~Daemon() { kill(); }
  void kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  bool running() const { return pid_ > 0 && port_ > 0 && !token_.empty(); }

  // One request on its own connection; status 0 when the connection failed or was cut.
  std::pair<int, std::string> request(const std::string& method, const std::string& target,
                                      const std::string& body = {}) const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd);
      return {0, {}};
    }
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                      "Authorization: Bearer " + token_ + "\r\nConnection: close\r\n";
    if (!body.empty() || method == "POST") {
      req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\n";
    }
    req += "\r\n" + body;
    for (size_t sent = 0; sent < req.size();) {
      auto n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        ::close(fd);
        return {0, {}};
      }
      sent += static_cast<size_t>(n);
    }
    std::string in;
    char buf[65536];
    for (;;) {
      auto n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    auto head_end = in.find("\r\n\r\n");
    if (in.rfind("HTTP/1.1 ", 0) != 0 || head_end == std::string::npos) return {0, {}};
    std::string head = in.substr(0, head_end);
    std::string payload = in.substr(head_end + 4);
    // A response cut by the crash is not an acknowledgement.
    auto cl = head.find("Content-Length: ");
    if (cl == std::string::npos) cl = head.find("content-length: ");
    if (cl != std::string::npos && std::stoul(head.substr(cl + 16)) != payload.size()) {
      return {0, {}};
    }
    return {std::stoi(in.substr(9, 3)), payload};
  }

 private:
  fs::path home_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string token_;
};

std::string raw_message(int client, int batch, int i) {
  std::string id = "crash-" + std::to_string(client) + "-" + std::to_string(batch) + "-" +
                   std::to_string(i) + "@client.example";
  return "From: Client " + std::to_string(client) + " <c" + std::to_string(client) +
         "@client.example>\r\nTo: me@office.example\r\nSubject: Commande " +
         std::to_string(batch * 100 + i) + "\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\n" +
         "Message-ID: <" + id + ">\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
         "Bonjour,\r\n\r\nPourriez-vous me confirmer la date de livraison ? Merci.\r\n";
}

std::string batch_body(int client, int batch, int size) {
  json messages = json::array();
  for (int i = 0; i < size; ++i) messages.push_back({{"raw", raw_message(client, batch, i)}});
  return json{{"messages", messages}}.dump();
}

}  // namespace

TEST(StoreCrash, SigkillDuringIngestLosesNoAcknowledgedMessage) {
  if (!fs::exists(daemon_path)) GTEST_SKIP() << "courtoisd is not built";
  auto home = fs::temp_directory_path() / ("courtois-crash-" + std::to_string(::getpid()));
  fs::remove_all(home);
  fs::create_directories(home);

  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::atomic<int> batches_done{0};
  std::atomic<int> cut{0};  // requests the kill interrupted
  constexpr int batch_size = 25;
  {
    Daemon daemon(home);
    ASSERT_TRUE(daemon.running()) << "courtoisd did not start";
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 2; ++c) {
      clients.emplace_back([&, c] {
        for (int b = 0; !stop; ++b) {
          auto [status, body] =
              daemon.request("POST", "/v1/messages", batch_body(c, b, batch_size));
          if (status == 0) {  // the service is gone, maybe in the middle of this batch
            ++cut;
            break;
          }
          if (status != 200) continue;
          auto doc = json::parse(body, nullptr, false);
          if (doc.is_discarded()) continue;
          std::lock_guard lock(mutex);
          for (const auto& r : doc["results"]) {
            if (r["status"] == "stored" || r["status"] == "duplicate") {
              acknowledged.insert(r["message_id"].get<std::string>());
            }
          }
          ++batches_done;
        }
      });
    }
    // Let a few batches through, then kill while both clients have requests in flight.
    auto deadline = Clock::now() + std::chrono::seconds(120);
    while (batches_done < 6 && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(37));
    daemon.kill();
    stop = true;
    for (auto& t : clients) t.join();
  }
  ASSERT_GE(acknowledged.size(), 6u * batch_size);
  EXPECT_GE(cut, 1) << "the kill did not interrupt any request";

  Daemon again(home);
  ASSERT_TRUE(again.running()) << "courtoisd did not restart on the crashed store";
  size_t missing = 0;
  for (const auto& id : acknowledged) {
    auto [status, body] = again.request("GET", "/v1/threads/" + id);
    if (status != 200) {
      ++missing;
      ADD_FAILURE() << "acknowledged message " << id << " is lost (status " << status << ")";
      if (missing > 5) break;
    }
  }
  EXPECT_EQ(missing, 0u);

  // Sending every batch again is idempotent: nothing is stored twice, nothing fails.
  auto [status, body] = again.request("POST", "/v1/messages", batch_body(0, 0, batch_size));
  ASSERT_EQ(status, 200) << body;
  auto doc = json::parse(body);
  EXPECT_EQ(doc["stored"], 0);
  EXPECT_EQ(doc["duplicates"], batch_size);
  EXPECT_EQ(doc["errors"], 0);

  auto waiting = again.request("GET", "/v1/waiting?now=2026-03-03T10:00:00%2B01:00&limit=5");
  ASSERT_EQ(waiting.first, 200) << waiting.second;
  auto list = json::parse(waiting.second);
  ASSERT_EQ(list["threads"].size(), 5u);
  EXPECT_EQ(list["threads"][0]["waiting"]["on"], "us");
  again.kill();
  fs::remove_all(home);
}
