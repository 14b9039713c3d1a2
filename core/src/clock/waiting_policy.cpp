// The waiting-time policy (rules/waiting/*.json, or a --policy FILE) and the waiting state of
// a thread. See courtois/clock.hpp for who owes the next message.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "courtois/clock.hpp"
#include "courtois/text.hpp"

namespace courtois {

namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

const char* const weekday_names[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                      "thursday", "friday", "saturday"};

std::optional<std::chrono::sys_days> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto z = ZonedTime::parse_rfc3339(text);
  if (!z) return std::nullopt;
  return std::chrono::floor<std::chrono::days>(z->utc);
}

const std::string day_pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

// Holidays by calendar name from every file of the rule set that has "calendars".
void read_calendars(const JsonRuleFile& file, std::vector<RuleError>& errors,
                    std::map<std::string, std::vector<std::chrono::sys_days>>& out) {
  if (!file.doc.is_object() || !file.doc.contains("calendars")) return;
  RuleReader r(file, errors);
  for (const auto& rec : r.records("/calendars")) {
    auto name =
        r.string(rec, "name", {.required = true, .pattern = "^[a-z][a-z0-9_-]*$", .one_of = {}});
    if (!name) continue;
    auto& days = out[*name];
    for (const auto& day : r.records(rec.pointer + "/holidays")) {
      auto date = r.string(day, "date", {.required = true, .pattern = day_pattern, .one_of = {}});
      r.string(day, "name");
      if (!date) continue;
      auto parsed = parse_day(*date);
      if (!parsed) {
        r.error(day.pointer, "date", "not a calendar date: \"" + *date + "\"");
        continue;
      }
      days.push_back(*parsed);
    }
  }
}

std::optional<WaitingPolicy> read_policy(
    const JsonRuleFile& file, std::vector<RuleError>& errors,
    const std::map<std::string, std::vector<std::chrono::sys_days>>& calendars,
    const std::map<std::string, std::vector<std::string>>& list_files) {
  const size_t errors_before = errors.size();
  RuleReader r(file, errors);
  if (!file.doc.is_object() || !file.doc.contains("policy") || !file.doc["policy"].is_object()) {
    r.error("", "policy", "missing: a waiting-time policy needs a \"policy\" object");
    return std::nullopt;
  }
  RuleReader::Record policy{"/policy", &file.doc["policy"]};
  auto zone_name = r.string(policy, "time_zone");
  if (!zone_name) return std::nullopt;
  auto calendar = BusinessCalendar::create(*zone_name);
  if (!calendar) {
    r.error("/policy", "time_zone", calendar.error().message);
    return std::nullopt;
  }
  WaitingPolicy p;
  p.calendar = std::move(calendar.value());
  p.source = file.name();

  // Business hours per weekday: a list of "HH:MM-HH:MM" (a split day has two).
  if (!policy.value->contains("business_hours") || !(*policy.value)["business_hours"].is_object()) {
    r.error("/policy", "business_hours", "missing: an object with one entry per weekday");
  } else {
    RuleReader::Record hours{"/policy/business_hours", &(*policy.value)["business_hours"]};
    for (auto it = hours.value->begin(); it != hours.value->end(); ++it) {
      if (std::find(std::begin(weekday_names), std::end(weekday_names), it.key()) ==
          std::end(weekday_names)) {
        r.error(hours.pointer, it.key(), "unknown weekday (expected monday … sunday)");
      }
    }
    for (int wd = 0; wd < 7; ++wd) {
      auto spans = r.strings(hours, weekday_names[wd]);
      if (!spans) continue;
      std::vector<OpeningHours> parsed;
      for (size_t i = 0; i < spans->size(); ++i) {
        auto h = parse_opening_hours((*spans)[i]);
        if (!h) {
          r.error(hours.pointer, std::string(weekday_names[wd]) + "/" + std::to_string(i),
                  "\"" + (*spans)[i] + "\" is not an opening span \"HH:MM-HH:MM\" (start < end)");
          continue;
        }
        parsed.push_back(*h);
      }
      p.calendar.set_hours(wd, std::move(parsed));
    }
  }

  // Holidays: the calendars it selects, plus single closed days.
  if (auto names = r.strings(policy, "calendars")) {
    for (const auto& name : *names) {
      auto it = calendars.find(name);
      if (it == calendars.end()) {
        r.error("/policy", "calendars", "unknown holiday calendar \"" + name + "\"");
        continue;
      }
      for (auto day : it->second) p.calendar.add_holiday(day);
      p.calendars.push_back(name);
    }
  }
  if (auto days = r.strings(policy, "holidays")) {
    for (const auto& d : *days) {
      auto parsed = parse_day(d);
      if (!parsed) {
        r.error("/policy", "holidays", "not a calendar date: \"" + d + "\"");
        continue;
      }
      p.calendar.add_holiday(*parsed);
    }
  }

  if (auto v = r.number(policy, "first_response_hours", {.min = 0, .max = 10000})) {
    p.first_response_hours = *v;
  }
  if (auto v = r.number(policy, "follow_up_hours", {.min = 0, .max = 10000})) {
    p.follow_up_hours = *v;
  }
  if (auto v = r.boolean(policy, "pause_while_client_owes")) p.pause_while_client_owes = *v;

  if (policy.value->contains("early_warning")) {
    const auto& w = (*policy.value)["early_warning"];
    RuleReader::Record warning{"/policy/early_warning", &w};
    if (!w.is_object()) {
      r.error("/policy", "early_warning", "expected {\"fraction\": 0.75} or {\"hours_before\": 2}");
    } else {
      p.warning_fraction = r.number(warning, "fraction", {.required = false, .min = 0, .max = 1});
      p.warning_hours_before =
          r.number(warning, "hours_before", {.required = false, .min = 0, .max = 10000});
      if (p.warning_fraction.has_value() == p.warning_hours_before.has_value()) {
        r.error("/policy", "early_warning", "give exactly one of fraction or hours_before");
      }
    }
  }

  if (auto words = r.strings(policy, "acknowledgements")) {
    for (const auto& w : *words) p.acknowledgements.push_back(fold_string(w));
  }
  if (auto list = r.string(policy, "acknowledgements_list",
                           {.required = false, .pattern = {}, .one_of = {}})) {
    auto it = list_files.find(*list);
    if (it == list_files.end()) {
      r.error("/policy", "acknowledgements_list",
              "no list file \"" + *list + ".txt\" in the rules folder");
    } else {
      for (const auto& w : it->second) p.acknowledgements.push_back(fold_string(w));
    }
  }
  // Longest first, so "thank you" is removed before "thank".
  std::sort(p.acknowledgements.begin(), p.acknowledgements.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });

  // Named lists given inline; list files (<name>.txt) complete them.
  std::map<std::string, std::vector<std::string>> lists = list_files;
  if (file.doc.contains("lists")) {
    const auto& l = file.doc["lists"];
    if (!l.is_object()) {
      r.error("", "lists", "expected an object {\"name\": [addresses or @domains]}");
    } else {
      RuleReader::Record rec{"/lists", &l};
      for (auto it = l.begin(); it != l.end(); ++it) {
        if (auto entries = r.strings(rec, it.key())) {
          auto& target = lists[it.key()];
          target.insert(target.end(), entries->begin(), entries->end());
        }
      }
    }
  }

  auto add_entry = [](WaitingOverride& o, const std::string& entry) {
    auto e = to_lower_ascii(entry);
    if (!e.empty() && e[0] == '@') {
      o.domains.insert(e.substr(1));
    } else if (e.find('@') != std::string::npos) {
      o.addresses.insert(e);
    } else {
      o.domains.insert(e);
    }
  };
  if (file.doc.contains("overrides")) {
    for (const auto& rec : r.records("/overrides")) {
      WaitingOverride o;
      o.rule = r.rule_id(rec);
      if (auto name = r.string(rec, "name")) o.name = *name;
      r.string(rec, "description", {.required = false, .pattern = {}, .one_of = {}});
      if (auto domains = r.strings(rec, "domains")) {
        for (const auto& d : *domains) add_entry(o, d[0] == '@' ? d : "@" + d);
      }
      if (auto addresses = r.strings(rec, "addresses")) {
        for (const auto& a : *addresses) {
          if (a.find('@') == std::string::npos) {
            r.error(rec.pointer, "addresses", "not an address: \"" + a + "\"");
            continue;
          }
          add_entry(o, a);
        }
      }
      if (auto list = r.string(rec, "list", {.required = false, .pattern = {}, .one_of = {}})) {
        auto it = lists.find(*list);
        if (it == lists.end()) {
          r.error(rec.pointer, "list",
                  "unknown list \"" + *list + "\" (define it under \"lists\" or as " + *list +
                      ".txt in the rules folder)");
        } else {
          for (const auto& e : it->second) add_entry(o, e);
        }
      }
      o.first_response_hours =
          r.number(rec, "first_response_hours", {.required = false, .min = 0, .max = 10000});
      o.follow_up_hours =
          r.number(rec, "follow_up_hours", {.required = false, .min = 0, .max = 10000});
      if (!o.first_response_hours && !o.follow_up_hours) {
        r.error(rec.pointer, "first_response_hours",
                "an override needs first_response_hours or follow_up_hours");
      }
      if (o.addresses.empty() && o.domains.empty() && !rec.value->contains("list")) {
        r.error(rec.pointer, "domains", "an override needs domains, addresses or a list");
      }
      p.overrides.push_back(std::move(o));
    }
  }
  if (errors.size() != errors_before) return std::nullopt;
  return p;
}

std::map<std::string, std::vector<std::string>> list_files_of(const RuleSet* rules) {
  std::map<std::string, std::vector<std::string>> out;
  if (!rules) return out;
  for (const auto& list : rules->lists) {
    auto name = list.path.stem().string();
    for (const auto& [line, entry] : list.entries) out[name].push_back(entry);
  }
  return out;
}

std::string format_hours(double h) {
  std::ostringstream s;
  s.precision(h < 10 ? 2 : 3);
  s << h;
  return s.str();
}

std::string client_of(const WaitingEvent& e) {
  return e.from_address.empty() ? std::string("the client") : e.from_address;
}

// A short client message made of acknowledgements only ("Merci beaucoup, bonne journée !").
bool only_acknowledges(const WaitingPolicy& policy, const WaitingEvent& e) {
  if (e.asks || policy.acknowledgements.empty()) return false;
  if (e.text.size() > 300) return false;
  // Folded as the phrases are: case, accents and typographic apostrophes do not matter.
  std::string text = fold_string(e.text);
  bool found = false;
  for (const auto& phrase : policy.acknowledgements) {
    for (size_t at = text.find(phrase); at != std::string::npos; at = text.find(phrase, at)) {
      // Whole words only: "ok" in "book" or "merci" in "remercie" is not an acknowledgement.
      auto word_char = [&](size_t i) { return is_word_byte(static_cast<unsigned char>(text[i])); };
      bool starts = at == 0 || !word_char(at - 1);
      bool ends = at + phrase.size() >= text.size() || !word_char(at + phrase.size());
      if (!starts || !ends) {
        ++at;
        continue;
      }
      text.replace(at, phrase.size(), " ");
      found = true;
    }
  }
  if (!found) return false;
  // What is left may be a first name or initials: at most one short word, and not a negation
  // ("Pas d'accord.", "Not OK.").
  static const std::set<std::string> negations{"pas",  "non",   "ne",     "n",     "not",
                                               "no",   "never", "jamais", "still", "toujours",
                                               "nope", "plus",  "aucun",  "aucune"};
  size_t letters = 0, words = 0;
  std::string word;
  auto end_word = [&] {
    if (word.empty()) return false;
    ++words;
    bool negation = negations.count(word) > 0;
    word.clear();
    return negation;
  };
  for (unsigned char c : text) {
    bool letter = is_word_byte(c);  // an apostrophe separates: "n'" "d'"
    if (letter) {
      ++letters;
      word += static_cast<char>(c);
    } else if (end_word()) {
      return false;
    }
  }
  if (end_word()) return false;
  return words <= 1 && letters <= 15;
}

}  // namespace

bool WaitingOverride::matches(std::string_view address) const {
  auto a = to_lower_ascii(address);
  if (addresses.count(a)) return true;
  auto at = a.rfind('@');
  if (at == std::string::npos) return false;
  // A domain entry also covers its subdomains: "acme.fr" matches "support.acme.fr".
  std::string_view domain = std::string_view(a).substr(at + 1);
  while (!domain.empty()) {
    if (domains.count(std::string(domain))) return true;
    auto dot = domain.find('.');
    if (dot == std::string_view::npos) break;
    domain = domain.substr(dot + 1);
  }
  return false;
}

const WaitingOverride* WaitingPolicy::override_for(std::string_view address) const {
  for (const auto& o : overrides) {
    if (o.matches(address)) return &o;
  }
  return nullptr;
}

double WaitingPolicy::warning_threshold(double target_hours) const {
  if (warning_fraction) return target_hours * *warning_fraction;
  if (warning_hours_before) return std::max(0.0, target_hours - *warning_hours_before);
  return target_hours;  // no early warning: the breach is the only flag
}

std::optional<WaitingPolicy> load_waiting_policy(const RuleSet& rules,
                                                 std::vector<RuleError>& errors) {
  std::map<std::string, std::vector<std::chrono::sys_days>> calendars;
  for (const auto& f : rules.json) read_calendars(f, errors, calendars);
  const JsonRuleFile* policy_file = nullptr;
  for (const auto& f : rules.json) {
    if (f.doc.is_object() && f.doc.contains("policy")) {
      if (policy_file) {
        errors.push_back({f.name(), f.line_of("/policy"), "policy",
                          "a second policy (the first is in " + policy_file->name() +
                              "); keep one policy file"});
        return std::nullopt;
      }
      policy_file = &f;
    }
  }
  if (!policy_file) {
    errors.push_back({"policy.json", 1, "policy", "no waiting-time policy file in rules/waiting/"});
    return std::nullopt;
  }
  return read_policy(*policy_file, errors, calendars, list_files_of(&rules));
}

std::optional<WaitingPolicy> load_waiting_policy_file(const std::filesystem::path& path,
                                                      const RuleSet* shipped,
                                                      std::vector<RuleError>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back({path.string(), 0, "", "cannot read the policy file"});
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto file = parse_rule_json(path, text.str());
  if (!file) {
    errors.push_back({path.string(), 0, "", file.error().message});
    return std::nullopt;
  }
  std::map<std::string, std::vector<std::chrono::sys_days>> calendars;
  if (shipped) {
    for (const auto& f : shipped->json) read_calendars(f, errors, calendars);
  }
  // The file's own calendars replace shipped ones of the same name.
  std::map<std::string, std::vector<std::chrono::sys_days>> own;
  read_calendars(*file, errors, own);
  for (auto& [name, days] : own) calendars[name] = std::move(days);
  return read_policy(*file, errors, calendars, list_files_of(shipped));
}

nlohmann::json WaitingState::to_json() const {
  nlohmann::json j;
  j["on"] = on;
  j["since"] = since ? nlohmann::json(since->rfc3339()) : nlohmann::json(nullptr);
  j["business_hours"] = std::round(business_hours * 100) / 100;
  j["target_hours"] = target_hours ? nlohmann::json(*target_hours) : nlohmann::json(nullptr);
  j["due"] = due ? nlohmann::json(due->rfc3339()) : nlohmann::json(nullptr);
  j["breached"] = breached;
  j["warning"] = warning;
  j["paused"] = paused;
  if (!kind.empty()) j["kind"] = kind;
  if (!message_id.empty()) j["message_id"] = message_id;
  if (!client.empty()) j["client"] = client;
  if (!override_name.empty()) j["override"] = override_name;
  j["reason"] = reason;
  return j;
}

void refresh_waiting(const WaitingPolicy& policy, WaitingState& s, ZonedTime now) {
  if (!s.since) return;
  s.business_hours =
      std::chrono::duration<double>(policy.calendar.business_time(s.since->utc, now.utc)).count() /
      3600.0;
  if (s.on != "us" || !s.target_hours) {
    s.breached = false;
    s.warning = false;
    return;
  }
  // Compare instants, not rounded hours: due is exactly target business hours after since.
  s.breached = s.due ? now.utc >= s.due->utc : false;
  s.warning = !s.breached && s.business_hours >= policy.warning_threshold(*s.target_hours);
}

WaitingState compute_waiting(const WaitingPolicy& policy, const std::vector<WaitingEvent>& events,
                             std::optional<ZonedTime> now_opt) {
  const ZonedTime now =
      now_opt ? *now_opt
              : ZonedTime{std::chrono::floor<seconds>(std::chrono::system_clock::now()), 0};
  WaitingState s;
  std::vector<const WaitingEvent*> people;  // person-written, dated, in order
  size_t automatic = 0;
  for (const auto& e : events) {
    if (!e.date) continue;
    if (e.date->utc > now.utc) continue;  // written after `now`: not part of the thread yet
    if (e.automatic) {
      ++automatic;
      continue;
    }
    people.push_back(&e);
  }
  if (people.empty()) {
    s.reason = automatic
                   ? "only automatic mail (auto-replies, lists, bounces): nobody owes an answer"
                   : "no dated message";
    return s;
  }
  const WaitingEvent& last = *people.back();
  if (last.outgoing) {
    if (last.asks) {
      s.on = "client";
      s.since = last.date;
      s.paused = true;
      s.message_id = last.id;
      s.reason = "our message asks the client something: the client owes the next message" +
                 std::string(policy.pause_while_client_owes
                                 ? "; our clock is paused until they reply"
                                 : "; our clock keeps running (pause_while_client_owes is off)");
    } else {
      s.on = "nobody";
      s.since = last.date;
      s.message_id = last.id;
      s.reason = "our reply is the last message and asks nothing: the exchange is closed";
    }
    refresh_waiting(policy, s, now);
    return s;
  }

  // The client wrote last. The wait starts at the first client message after the reply of
  // ours that stopped the clock: any reply when the clock pauses while the client owes, else
  // only a reply that asked nothing (one that asked keeps our clock running).
  size_t start = 0;
  for (size_t i = people.size(); i-- > 0;) {
    const WaitingEvent& e = *people[i];
    if (e.outgoing && (policy.pause_while_client_owes || !e.asks)) {
      start = i + 1;
      break;
    }
  }
  while (people[start]->outgoing) ++start;  // the last message is the client's: this stops
  bool replied_before = false;
  for (size_t i = 0; i < start; ++i) replied_before = replied_before || people[i]->outgoing;

  // A bare acknowledgement after our reply does not reopen the thread.
  bool all_acknowledge = replied_before;
  for (size_t i = start; i < people.size() && all_acknowledge; ++i) {
    if (!people[i]->outgoing && !only_acknowledges(policy, *people[i])) all_acknowledge = false;
  }
  const WaitingEvent& first = *people[start];
  // The client's last message closes the wait: nobody owes the next message.
  auto owed_nothing = [&](const std::string& why) {
    s.on = "nobody";
    s.since = last.date;
    s.message_id = last.id;
    s.reason = client_of(last) + why;
    refresh_waiting(policy, s, now);
    return s;
  };
  if (all_acknowledge) return owed_nothing(" only acknowledged our reply: nothing owed");
  // The client took back every question of this wait ("Never mind about the invoice, I found
  // it") and wrote nothing else that waits: no other statement, nothing tense.
  bool took_back = false, all_taken_back = true;
  for (size_t i = start; i < people.size() && all_taken_back; ++i) {
    const WaitingEvent& e = *people[i];
    if (e.outgoing) continue;
    took_back = took_back || e.takes_back;
    all_taken_back =
        !e.tense && (e.asks ? e.settled : e.takes_back || only_acknowledges(policy, e));
  }
  if (took_back && all_taken_back)
    return owed_nothing(" took back what they had asked: nothing owed");

  s.on = "us";
  s.since = first.date;
  s.message_id = first.id;
  s.kind = replied_before ? "follow_up" : "first_response";
  double target = replied_before ? policy.follow_up_hours : policy.first_response_hours;
  // The strictest override among the clients who wrote in this wait.
  s.client = last.from_address;
  for (size_t i = start; i < people.size(); ++i) {
    if (people[i]->outgoing) continue;
    const auto* o = policy.override_for(people[i]->from_address);
    if (!o) continue;
    auto hours = replied_before ? o->follow_up_hours : o->first_response_hours;
    if (!hours) hours = replied_before ? o->first_response_hours : o->follow_up_hours;
    if (hours && (s.override_name.empty() || *hours < target)) {
      target = *hours;
      s.override_name = o->name;
      s.client = people[i]->from_address;
    }
  }
  s.target_hours = target;
  auto due = policy.calendar.add_business_time(
      first.date->utc, std::chrono::round<seconds>(std::chrono::duration<double>(target * 3600)));
  if (due) s.due = policy.calendar.zoned(*due);
  refresh_waiting(policy, s, now);

  std::string who = s.client.empty() ? std::string("the client") : s.client;
  std::string kind = replied_before ? "follow-up" : "first response";
  std::string rule = s.override_name.empty() ? "default" : "override \"" + s.override_name + "\"";
  s.reason = who + " wrote at " + first.date->rfc3339() + " and waits for our " + kind + "; " +
             format_hours(s.business_hours) + " of " + format_hours(target) + " business hours (" +
             rule + ", " + policy.calendar.time_zone() + ")";
  if (s.breached) {
    s.reason += ": target breached";
  } else if (s.warning) {
    s.reason += ": early warning";
  }
  return s;
}

}  // namespace courtois
