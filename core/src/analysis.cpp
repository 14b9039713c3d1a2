// JSON form of findings: the contract of DESIGN.md. docs/result-schema.json documents it; any
// change here updates that document.
#include "courtois/analysis.hpp"

#include "courtois/plugin.hpp"

namespace courtois {

using nlohmann::json;

namespace {

json nullable(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

}  // namespace

json to_json(const Tone& t) {
  json signals = json::array();
  for (const auto& s : t.signals) {
    json j = {{"symbol", s.symbol}, {"category", s.category}, {"text", s.text},
              {"start", s.start},   {"end", s.end},           {"weight", s.weight}};
    if (!s.rule.empty()) j["rule"] = s.rule;
    if (!s.description.empty()) j["description"] = s.description;
    signals.push_back(std::move(j));
  }
  return {{"label", t.label},
          {"hostility", t.hostility},
          {"politeness", t.politeness},
          {"signals", std::move(signals)}};
}

json to_json(const Question& q, bool with_answers) {
  json j = {{"text", q.text}, {"kind", q.kind}, {"start", q.start}, {"end", q.end}};
  if (!q.symbol.empty()) j["symbol"] = q.symbol;
  if (with_answers) {
    j["answered_by"] = q.answered_by ? json(*q.answered_by) : json(nullptr);
    if (!q.answer_evidence.empty()) j["answer_evidence"] = q.answer_evidence;
  }
  return j;
}

json to_json(const DateMention& d) {
  return {{"text", d.text},
          {"start", d.start},
          {"end", d.end},
          {"value", d.value},
          {"end_value", d.end_value ? json(*d.end_value) : json(nullptr)},
          {"grain", d.grain},
          {"role", d.role}};
}

json to_json(const DeadlineChange& c) {
  json j = {{"text", c.text},           {"from", nullable(c.from)}, {"to", nullable(c.to)},
            {"direction", c.direction}, {"start", c.start},         {"end", c.end}};
  if (!c.message_id.empty()) j["message"] = c.message_id;
  return j;
}

json to_json(const Commitment& c, bool with_status) {
  json j = {{"text", c.text}, {"due", nullable(c.due)}, {"start", c.start}, {"end", c.end}};
  if (with_status) {
    j["status"] = c.status;
    if (!c.message_id.empty()) j["message"] = c.message_id;
    j["kept_by"] = nullable(c.kept_by);
  }
  return j;
}

json to_json(const Finding& f) {
  return {{"plugin", f.plugin},     {"symbol", f.symbol},
          {"category", f.category}, {"description", f.description},
          {"rule", f.rule},         {"text", f.text},
          {"start", f.start},       {"end", f.end},
          {"score", f.score}};
}

json to_json(const Analysis& a, bool with_answers) {
  json questions = json::array(), dates = json::array(), changes = json::array(),
       commitments = json::array(), findings = json::array();
  for (const auto& q : a.questions) questions.push_back(to_json(q, with_answers));
  for (const auto& d : a.dates) dates.push_back(to_json(d));
  for (const auto& c : a.deadline_changes) changes.push_back(to_json(c));
  for (const auto& c : a.commitments) commitments.push_back(to_json(c, with_answers));
  for (const auto& f : a.findings) findings.push_back(to_json(f));
  json j = {{"id", a.id},
            {"thread", a.thread},
            {"direction", a.direction},
            {"auto", a.automatic},
            {"lang", a.lang},
            {"date", a.date ? json(a.date->rfc3339()) : json(nullptr)},
            {"from", {{"name", a.from_name}, {"address", a.from_address}}},
            {"subject", a.subject},
            {"text", a.text},
            {"tone", to_json(a.tone)},
            {"questions", std::move(questions)},
            {"dates", std::move(dates)},
            {"deadline_changes", std::move(changes)},
            {"commitments", std::move(commitments)},
            {"findings", std::move(findings)},
            {"skipped", a.skipped}};
  for (const auto& [key, value] : a.extra.items())
    if (!j.contains(key)) j[key] = value;
  return j;
}

json to_json(const ThreadAnalysis& t) {
  json messages = json::array(), open = json::array(), changes = json::array(),
       commitments = json::array();
  for (const auto& m : t.messages) messages.push_back(to_json(*m.analysis, true));
  for (const auto& q : t.open_questions)
    open.push_back({{"message", q.message_id},
                    {"text", q.text},
                    {"kind", q.kind},
                    {"start", q.start},
                    {"end", q.end},
                    {"times_asked", q.times_asked}});
  for (const auto& c : t.deadline_changes) changes.push_back(to_json(c));
  for (const auto& c : t.commitments) commitments.push_back(to_json(c, true));
  json j = {{"thread", t.key},
            {"subject", t.subject},
            {"messages", std::move(messages)},
            {"open_questions", std::move(open)},
            {"deadline_changes", std::move(changes)},
            {"commitments", std::move(commitments)},
            {"waiting", t.waiting}};
  for (const auto& [key, value] : t.extra.items())
    if (!j.contains(key)) j[key] = value;
  return j;
}

}  // namespace courtois
