// Shared by the replies tests: the engine on the source tree's rules, and test threads read
// from tests/replies/data/*.json.
#pragma once

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "courtois/engine.hpp"
#include "courtois/message.hpp"
#include "courtois/replies.hpp"

namespace courtois::replies::testing {

inline std::string data_path(const std::string& name) {
  return std::string(COURTOIS_SOURCE_DIR) + "/tests/replies/data/" + name;
}

inline nlohmann::json read_json(const std::string& name) {
  std::ifstream in(data_path(name));
  std::stringstream buf;
  buf << in.rdbuf();
  return nlohmann::json::parse(buf.str());
}

// One engine for every test of the binary (creating one compiles every plugin's patterns,
// which takes seconds): the shipped rules, no local overrides, the users of both test
// mailboxes as identities. `me` must be among them.
inline const std::vector<std::string> kTestIdentities = {"contact@atelier-lumen.fr",
                                                         "help@northwind-studio.com"};
inline const Engine& engine_for(const std::vector<std::string>& me) {
  for (const auto& m : me)
    if (std::find(kTestIdentities.begin(), kTestIdentities.end(), m) == kTestIdentities.end())
      throw std::invalid_argument("engine_for: add " + m + " to kTestIdentities");
  static std::unique_ptr<Engine> engine = [] {
    EngineOptions o;
    o.rules_dir = std::string(COURTOIS_SOURCE_DIR) + "/rules";
    o.local_rules_dir = std::nullopt;
    o.me = kTestIdentities;
    return Engine::create(o);
  }();
  return *engine;
}

inline Message message_from(const nlohmann::json& j) {
  Address from = parse_address(j.value("from", ""));
  auto date = ZonedTime::parse_rfc3339(j.value("date", ""));
  Message m = Message::from_text(j.value("id", ""), j.at("text").get<std::string>(), date, {}, from,
                                 j.value("subject", ""));
  return m;
}

struct TestThread {
  std::string name, lang;
  std::vector<Message> messages;
  std::size_t client = 0;
  ReplyOptions options;
};

inline std::vector<TestThread> load_threads(const std::string& file, std::string lang,
                                            std::string& me) {
  auto doc = read_json(file);
  me = doc.at("me").get<std::string>();
  std::vector<TestThread> out;
  for (const auto& t : doc.at("threads")) {
    TestThread tt;
    tt.name = t.at("name").get<std::string>();
    tt.lang = lang;
    for (const auto& m : t.at("messages")) {
      if (m.at("id") == t.at("client")) tt.client = tt.messages.size();
      tt.messages.push_back(message_from(m));
    }
    if (t.contains("options")) {
      const auto& o = t["options"];
      if (o.contains("absent_until")) tt.options.absent_until = o["absent_until"];
      if (o.contains("new_date")) tt.options.new_date = o["new_date"];
      if (o.contains("backup")) tt.options.backup = o["backup"];
    }
    out.push_back(std::move(tt));
  }
  return out;
}

}  // namespace courtois::replies::testing
