/***PLUGIN waiting
 * Detects: per thread, who owes the next message (us, the client, nobody), since when, the
 * business hours waited, the target (first response or follow-up, per-client overrides), the
 * due time, an early warning and a breach. Automatic mail never makes a thread wait.
 * Rules: rules/waiting/policy.json (time zone, business hours, targets, overrides, early
 * warning, paused clock), calendars-*.json (holidays by calendar name), vip.txt and
 * acknowledgements.txt; `--policy FILE` (ThreadOptions::policy_file) replaces policy.json.
 * Emits: ThreadAnalysis::waiting {"on","since","business_hours","target_hours","due",
 * "breached","warning","paused","kind","client","override","reason"}; per message nothing.
 */
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "courtois/clock.hpp"
#include "courtois/plugin.hpp"
#include "courtois/text.hpp"

namespace courtois {

namespace {

class WaitingPlugin final : public Plugin {
 public:
  std::string_view name() const override { return "waiting"; }
  std::string_view description() const override {
    return "Who owes the next message of a thread, for how many business hours, and whether "
           "the response-time target is breached";
  }
  std::vector<std::string> after() const override { return {"questions"}; }

  std::vector<RuleError> configure(const RuleSet& rules) override {
    std::vector<RuleError> errors;
    rules_ = rules;
    auto policy = load_waiting_policy(rules_, errors);
    if (policy) policy_ = std::make_shared<const WaitingPolicy>(std::move(*policy));
    return errors;
  }

  void analyse(const Message& /*message*/, Analysis& /*out*/) const override {}

  // Whether a List-Id ("Support <support.atelier.example>") names one of the user's
  // addresses ("support@atelier.example") or a list of the user's domain ("@atelier.example").
  static bool via_our_list(std::string_view list_id, const std::vector<std::string>& me) {
    auto lt = list_id.rfind('<');
    auto gt = list_id.rfind('>');
    if (lt == std::string_view::npos || gt == std::string_view::npos || gt <= lt + 1) return false;
    std::string id = to_lower_ascii(list_id.substr(lt + 1, gt - lt - 1));
    for (const std::string& m : me) {
      if (m.empty()) continue;
      if (m.front() == '@') {
        std::string domain = "." + m.substr(1);
        if (id.size() > domain.size() &&
            id.compare(id.size() - domain.size(), domain.size(), domain) == 0)
          return true;
      } else {
        std::string dotted = m;
        std::replace(dotted.begin(), dotted.end(), '@', '.');
        if (id == dotted) return true;
      }
    }
    return false;
  }

  void analyse_thread(ThreadAnalysis& thread) const override {
    std::shared_ptr<const WaitingPolicy> policy = policy_;
    if (thread.options.policy_file) {
      std::string error;
      policy = policy_from_file(*thread.options.policy_file, error);
      if (!policy) {
        thread.waiting = {{"on", nullptr}, {"error", error}};
        return;
      }
    }
    if (!policy) return;

    // The client messages that took a question back (the questions plugin ran first).
    std::set<std::string> withdrawers;
    for (const auto& tm : thread.messages)
      if (tm.analysis)
        for (const Question& q : tm.analysis->questions)
          if (q.withdrawn_by) withdrawers.insert(*q.withdrawn_by);
    std::vector<WaitingEvent> events;
    events.reserve(thread.messages.size());
    for (const auto& tm : thread.messages) {
      if (!tm.analysis) continue;
      const Analysis& a = *tm.analysis;
      // A note to colleagues only neither answers the client nor asks them anything.
      if (a.internal) continue;
      WaitingEvent e;
      e.id = a.id;
      e.date = a.date;
      if (!e.date && tm.message) e.date = tm.message->date;
      e.outgoing = a.direction == "out";
      e.automatic = a.automatic || (tm.message && tm.message->is_automatic());
      // A client writing to a group or list address of ours ("support@" run as a Google
      // Group) is a person, not list mail.
      if (e.automatic && !e.outgoing && tm.message &&
          via_our_list(tm.message->list_id, thread.options.me))
        e.automatic = tm.message->is_automatic(/*count_lists=*/false);
      e.from_address = a.from_address;
      e.asks = !a.questions.empty();
      e.settled =
          e.asks && std::all_of(a.questions.begin(), a.questions.end(),
                                [](const Question& q) { return q.withdrawn_by || q.answered_by; });
      e.takes_back = withdrawers.count(a.id) > 0;
      e.tense = a.tone.label == "tense" || a.tone.label == "hostile";
      e.text = a.text;
      events.push_back(std::move(e));
    }
    thread.waiting = compute_waiting(*policy, events, thread.options.now).to_json();
  }

 private:
  // --policy files are read once per path; the plugin is shared by concurrent callers.
  std::shared_ptr<const WaitingPolicy> policy_from_file(const std::string& path,
                                                        std::string& error) const {
    std::lock_guard lock(files_mutex_);
    auto it = files_.find(path);
    if (it == files_.end()) {
      std::vector<RuleError> errors;
      auto policy = load_waiting_policy_file(path, &rules_, errors);
      Loaded loaded;
      if (policy) loaded.policy = std::make_shared<const WaitingPolicy>(std::move(*policy));
      for (const auto& e : errors) {
        loaded.error += (loaded.error.empty() ? "" : "; ") + e.to_string();
      }
      it = files_.emplace(path, std::move(loaded)).first;
    }
    error = it->second.error;
    return it->second.policy;
  }

  struct Loaded {
    std::shared_ptr<const WaitingPolicy> policy;
    std::string error;
  };
  RuleSet rules_;
  std::shared_ptr<const WaitingPolicy> policy_;
  mutable std::mutex files_mutex_;
  mutable std::map<std::string, Loaded> files_;
};

}  // namespace

std::unique_ptr<Plugin> make_waiting_plugin() {
  return std::make_unique<WaitingPlugin>();
}

}  // namespace courtois
