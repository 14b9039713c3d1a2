#include "eval.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "courtois/message.hpp"
#include "courtois/rules.hpp"
#include "courtois/text.hpp"
#include "deadlines_plugin.hpp"

namespace courtois {

namespace {

using namespace std::chrono;
using nlohmann::json;

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (true) {
    auto tab = line.find('\t', from);
    out.push_back(line.substr(from, tab == std::string::npos ? tab : tab - from));
    if (tab == std::string::npos) break;
    from = tab + 1;
  }
  return out;
}

// chrono's test reference zones, by the names its tests use.
int zone_minutes(const std::string& name) {
  static const std::map<std::string, int> zones{
      {"JST", 540},  {"BST", 60},   {"PST", -480}, {"PDT", -420}, {"CDT", -300}, {"CST", -360},
      {"EST", -300}, {"EDT", -240}, {"UTC", 0},    {"GMT", 0},    {"CET", 60},   {"CEST", 120}};
  auto it = zones.find(name);
  return it == zones.end() ? 0 : it->second;
}

// The reference of a case: an ISO instant (zone UTC), or {"instant", "timezone"}; none: now.
ZonedTime reference_of(const std::string& cell) {
  if (cell.empty() || cell == "null") {
    return ZonedTime{floor<seconds>(system_clock::now()), 0};
  }
  if (cell.front() == '{') {
    json j = json::parse(cell, nullptr, false);
    if (j.is_object() && j.contains("instant")) {
      auto t = ZonedTime::parse_rfc3339(j["instant"].get<std::string>());
      ZonedTime z = t ? *t : ZonedTime{};
      z.offset_minutes = 0;
      if (j.contains("timezone") && j["timezone"].is_string())
        z.offset_minutes = zone_minutes(j["timezone"].get<std::string>());
      else if (j.contains("timezone") && j["timezone"].is_number())
        z.offset_minutes = j["timezone"].get<int>();
      return z;
    }
  }
  auto t = ZonedTime::parse_rfc3339(cell);
  ZonedTime z = t ? *t : ZonedTime{floor<seconds>(system_clock::now()), 0};
  z.offset_minutes = 0;
  return z;
}

// Local civil fields of an instant in an offset.
struct Fields {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, wd = 0;
};
Fields fields_of(sys_seconds utc, int offset) {
  auto local = utc + minutes{offset};
  auto day = floor<days>(local);
  year_month_day ymd{day};
  hh_mm_ss tod{local - day};
  return Fields{static_cast<int>(ymd.year()),
                static_cast<int>(static_cast<unsigned>(ymd.month())),
                static_cast<int>(static_cast<unsigned>(ymd.day())),
                static_cast<int>(tod.hours().count()),
                static_cast<int>(tod.minutes().count()),
                static_cast<int>(weekday{day}.c_encoding())};
}

const char* kGrains[] = {"year", "month", "day", "hour", "minute"};

// What one case expects: some fields of the start at a grain, in an offset.
struct Expectation {
  std::map<std::string, int> fields;  // year, month, day, hour, minute, weekday
  int grain = -1;                     // index into kGrains, -1: weekday only
  int offset = 0;
};

bool matches(const Expectation& e, const Fields& f) {
  for (const auto& [k, v] : e.fields) {
    int got = k == "year"      ? f.y
              : k == "month"   ? f.mo
              : k == "day"     ? f.d
              : k == "hour"    ? f.h
              : k == "minute"  ? f.mi
              : k == "weekday" ? f.wd
                               : v;
    if (got != v) return false;
  }
  return true;
}

std::string describe(const Expectation& e) {
  std::ostringstream s;
  for (const auto& [k, v] : e.fields) s << k << "=" << v << " ";
  s << "@" << (e.grain >= 0 ? kGrains[e.grain] : "weekday");
  return s.str();
}

Expectation from_instant(sys_seconds utc, int offset, bool chrono_implied_noon) {
  Fields f = fields_of(utc, offset);
  Expectation e;
  e.offset = offset;
  e.fields = {{"year", f.y}, {"month", f.mo}, {"day", f.d}};
  e.grain = 2;
  if (!chrono_implied_noon) {
    e.fields["hour"] = f.h;
    e.fields["minute"] = f.mi;
    e.grain = 4;
  }
  return e;
}

std::optional<sys_seconds> parse_instant(const std::string& s) {
  auto t = ZonedTime::parse_rfc3339(s);
  if (!t) return std::nullopt;
  return t->utc;
}

bool has_word(const std::string& folded, const std::string& w) {
  std::regex re("(^|[^a-z])" + w + "([^a-z]|$)");
  return std::regex_search(folded, re);
}

const std::vector<std::pair<std::string, int>>& weekday_words() {
  static const std::vector<std::pair<std::string, int>> words{
      {"lundi", 1},    {"mardi", 2},     {"mercredi", 3}, {"jeudi", 4},
      {"vendredi", 5}, {"samedi", 6},    {"dimanche", 0}, {"monday", 1},
      {"tuesday", 2},  {"wednesday", 3}, {"thursday", 4}, {"friday", 5},
      {"saturday", 6}, {"sunday", 0},    {"thurs", 4},    {"tues", 2}};
  return words;
}

}  // namespace

DateEvalReport evaluate_dates(const std::filesystem::path& tsv,
                              const std::filesystem::path& rules_dir, std::string& error) {
  DateEvalReport report;
  std::ifstream in(tsv);
  if (!in) {
    error = "cannot read " + tsv.string();
    return report;
  }
  std::vector<RuleError> errors;
  RuleSet rules = load_rule_set("deadlines", rules_dir, std::nullopt, errors);
  DeadlinesPlugin plugin;
  auto more = plugin.configure(rules);
  errors.insert(errors.end(), more.begin(), more.end());
  if (!errors.empty()) {
    error = "rules/deadlines: " + errors.front().to_string();
    return report;
  }
  std::string line;
  std::getline(in, line);  // header
  auto header = split_tabs(line);
  auto col = [&](const char* name) {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? std::size_t{0} : static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t c_lang = col("lang"), c_chrono = col("chrono"), c_input = col("input"),
                    c_ref = col("ref_date"), c_option = col("option"),
                    c_count = col("expected_count"), c_text = col("expected_text"),
                    c_start = col("expected_start"), c_comp = col("expected_components"),
                    c_all = col("all_expectations");
  int line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    auto cells = split_tabs(line);
    if (cells.size() < header.size()) continue;
    DateCaseResult r;
    r.line = line_no;
    r.lang = cells[c_lang];
    r.input = cells[c_input];
    for (std::size_t p = 0; (p = r.input.find("\\n", p)) != std::string::npos;)
      r.input.replace(p, 2, "\n");
    r.ref = cells[c_ref];
    ZonedTime ref = reference_of(cells[c_ref]);
    bool forward_option = cells[c_option].find("forwardDate") != std::string::npos;
    std::string chrono_parser = cells[c_chrono];

    Message m;
    m.message_id = "case-" + std::to_string(line_no);
    m.new_text = r.input;
    m.date = ref;
    m.lang = r.lang;
    Analysis a;
    a.id = m.message_id;
    a.text = m.new_text;
    a.date = ref;
    a.lang = r.lang;
    plugin.analyse(m, a);
    for (const auto& d : a.dates) r.got += "[" + d.text + " -> " + d.value + " " + d.grain + "] ";

    // Expectations.
    json comps = cells[c_comp].empty() ? json() : json::parse(cells[c_comp], nullptr, false);
    json all = cells[c_all].empty() ? json::array() : json::parse(cells[c_all], nullptr, false);
    std::optional<Expectation> exp;
    bool negative = cells[c_count] == "0";
    if (comps.is_object()) {
      Expectation e;
      e.offset = ref.offset_minutes;
      static const std::vector<std::pair<std::string, int>> keys{
          {"year", 0}, {"month", 1}, {"day", 2}, {"hour", 3}, {"minute", 4}, {"second", 4}};
      for (const auto& [k, g] : keys) {
        auto it = comps.find("start." + k);
        if (it != comps.end() && it->is_number()) {
          if (k != "second") e.fields[k] = it->get<int>();
          e.grain = std::max(e.grain, g);
        }
      }
      // The weekday is only checked when it is all there is: with a day it is the written word
      // ("Tuesday, 10 January" in a year where the 10th is a Thursday).
      if (auto it = comps.find("start.weekday");
          it != comps.end() && it->is_number() && !e.fields.count("day"))
        e.fields["weekday"] = it->get<int>();
      // chrono fills the fields a text does not state from its reference: an hour and minute
      // equal to the reference's are implied, not expected ("next day" at 12:00).
      Fields rf = fields_of(ref.utc, ref.offset_minutes);
      if (e.fields.count("hour") && e.fields["hour"] == rf.h &&
          (!e.fields.count("minute") || e.fields["minute"] == rf.mi) && e.fields.count("day")) {
        e.fields.erase("hour");
        e.fields.erase("minute");
        e.grain = 2;
      }
      if (auto it = comps.find("start.timezoneOffset"); it != comps.end() && it->is_number())
        e.offset = it->get<int>();
      if (!e.fields.empty()) exp = e;
    }
    if (!exp) {
      std::string start = cells[c_start];
      if (start.empty() && all.is_array()) {
        for (const auto& x : all) {
          if (x.is_array() && x.size() == 3 && x[1] == "toBeDate" && x[2].is_string() &&
              (x[0] == "results[0]" || x[0] == "results[0].start")) {
            start = x[2].get<std::string>();
            break;
          }
        }
      }
      if (auto t = parse_instant(start)) {
        // chrono's implied time: noon for a day, or the reference's own time of day.
        Fields f = fields_of(*t, ref.offset_minutes);
        Fields rf = fields_of(ref.utc, ref.offset_minutes);
        bool exact_minute = (*t - floor<minutes>(*t)).count() == 0;
        bool implied = (f.h == 12 && f.mi == 0 && exact_minute) ||
                       (f.h == rf.h && f.mi == rf.mi &&
                        (*t - floor<minutes>(*t)) == (ref.utc - floor<minutes>(ref.utc)));
        exp = from_instant(*t, ref.offset_minutes, implied);
      }
    }
    bool presence_only = !exp && !negative;
    if (!exp && !negative) {
      bool any = all.is_array() && !all.empty();
      if (!any && cells[c_count].empty()) {
        r.skipped = true;
        ++report.skipped;
        report.cases.push_back(r);
        continue;
      }
    }

    if (negative) {
      r.expected = "no date";
      r.passed = a.dates.empty();
    } else if (presence_only) {
      std::string want = cells[c_text];
      if (!want.empty() && want.front() == '~') want.erase(0, 1);
      r.expected = "a date" + (want.empty() ? "" : " in '" + want + "'");
      for (const auto& d : a.dates) {
        if (want.empty() || want.find(d.text) != std::string::npos ||
            d.text.find(want) != std::string::npos)
          r.passed = true;
      }
      if (!want.empty() && !r.passed) {
        // Overlap of spans: the expected text's position in the input.
        auto pos = r.input.find(want);
        for (const auto& d : a.dates)
          if (pos != std::string::npos && d.start < pos + want.size() && pos < d.end)
            r.passed = true;
      }
    } else {
      r.expected = describe(*exp);
      auto check = [&](const Expectation& e) {
        for (const auto& d : a.dates) {
          auto t = ZonedTime::parse_rfc3339(d.value);
          if (t && matches(e, fields_of(t->utc, e.offset))) return true;
        }
        return false;
      };
      r.passed = check(*exp);
      std::string folded = fold_string(r.input);
      // Deadline-forward convention: a bare weekday or "next X" is the coming one.
      if (!r.passed && !forward_option && exp->fields.count("day") && exp->fields.count("month") &&
          exp->fields.count("year")) {
        static const std::regex past_marker(
            "(^|[^a-z])(last|past|dernier|derniere|passe|precedent|ago|il y a|yesterday|hier|"
            "previous|this|ce|cette|of next week|of last week|of this week)([^a-z]|$)");
        int wd = -1;
        bool next_mod = false;
        for (const auto& [w, n] : weekday_words()) {
          if (has_word(folded, w)) {
            wd = n;
            next_mod = has_word(folded, "next " + w) || has_word(folded, w + " prochain");
          }
        }
        if (wd >= 0 && !std::regex_search(folded, past_marker)) {
          local_days e_day{year{exp->fields["year"]} /
                           month{static_cast<unsigned>(exp->fields["month"])} /
                           day{static_cast<unsigned>(exp->fields["day"])}};
          local_days r_day = floor<days>(ref.local());
          int rwd = static_cast<int>(weekday{r_day}.c_encoding());
          std::optional<local_days> alt;
          if (next_mod) {
            local_days monday = r_day - days{(rwd + 6) % 7};
            local_days chrono_next = monday + days{7 + (wd + 6) % 7};
            int ahead = (wd - rwd + 7) % 7;
            local_days coming = r_day + days{ahead == 0 ? 7 : ahead};
            if (coming != chrono_next) alt = e_day + (coming - chrono_next);
          } else if (e_day <= r_day) {
            alt = e_day + days{7};
          }
          if (alt) {
            Expectation e2 = *exp;
            year_month_day ymd{*alt};
            e2.fields["year"] = static_cast<int>(ymd.year());
            e2.fields["month"] = static_cast<int>(static_cast<unsigned>(ymd.month()));
            e2.fields["day"] = static_cast<int>(static_cast<unsigned>(ymd.day()));
            e2.fields.erase("weekday");
            if (check(e2)) r.passed = true, r.convention = "forward";
          }
        }
      }
      // Deadline-forward for times: a time alone already past at the reference is tomorrow's.
      if (!r.passed && !forward_option && exp->fields.count("hour")) {
        Fields rf = fields_of(ref.utc, ref.offset_minutes);
        bool same_day = !exp->fields.count("day") || exp->fields["day"] == rf.d;
        int want =
            exp->fields["hour"] * 60 + (exp->fields.count("minute") ? exp->fields["minute"] : 0);
        static const std::regex today_marker(
            "(^|[^a-z])(today|tonight|aujourd|this|ce|cet|cette|was|etait|ago|il y a)([^a-z]|$)");
        if (same_day && want < rf.h * 60 + rf.mi && !std::regex_search(folded, today_marker)) {
          Fields nf = fields_of(ref.utc + days{1}, ref.offset_minutes);
          Expectation e2 = *exp;
          if (e2.fields.count("day")) {
            e2.fields["year"] = nf.y, e2.fields["month"] = nf.mo, e2.fields["day"] = nf.d;
          }
          if (check(e2)) r.passed = true, r.convention = "forward";
        }
      }
      // Day first: "8/10/2012" is 8 October in French and British English; chrono's default
      // English reads it month first.
      if (!r.passed && chrono_parser.find("GB") == std::string::npos && exp->fields.count("day") &&
          exp->fields.count("month") && exp->fields["day"] <= 12 && exp->fields["month"] <= 12 &&
          exp->fields["day"] != exp->fields["month"] &&
          std::regex_search(r.input, std::regex("[0-9]{1,2}[/.-][0-9]{1,2}"))) {
        Expectation e2 = *exp;
        std::swap(e2.fields["day"], e2.fields["month"]);
        e2.fields.erase("weekday");
        if (check(e2)) r.passed = true, r.convention = "day-first";
      }
      // Periods: "next week" is the coming calendar week, "next month" the coming month; chrono
      // moves the reference by one unit instead. A period that holds the expected day passes.
      if (!r.passed && exp->fields.count("day") && exp->fields.count("month") &&
          exp->fields.count("year")) {
        local_days e_day{year{exp->fields["year"]} /
                         month{static_cast<unsigned>(exp->fields["month"])} /
                         day{static_cast<unsigned>(exp->fields["day"])}};
        for (const auto& d : a.dates) {
          if (d.grain != "week" && d.grain != "month" && d.grain != "quarter" && d.grain != "year")
            continue;
          auto t = ZonedTime::parse_rfc3339(d.value);
          auto te = d.end_value ? ZonedTime::parse_rfc3339(*d.end_value) : std::nullopt;
          if (!t) continue;
          local_days from = floor<days>(t->local());
          local_days to = te ? floor<days>(te->local()) : from;
          if (!te) {
            year_month_day ymd{from};
            if (d.grain == "week")
              to = from + days{6};
            else if (d.grain == "month")
              to = local_days{ymd.year() / ymd.month() / last};
            else if (d.grain == "year")
              to = local_days{ymd.year() / December / 31};
            else
              to = local_days{ymd.year() / (ymd.month() + months{2}) / last};
          }
          if (e_day >= from && e_day <= to) r.passed = true, r.convention = "period";
        }
      }
    }
    (r.lang == "fr" ? report.fr_total : report.en_total)++;
    if (r.passed) (r.lang == "fr" ? report.fr_passed : report.en_passed)++;
    report.cases.push_back(r);
  }
  return report;
}

int eval_dates(const std::filesystem::path& shared_data_dir, std::ostream& out) {
  std::string error;
  auto tsv = shared_data_dir / "dates" / "chrono_fr_en_cases.tsv";
  auto report = evaluate_dates(tsv, default_rules_dir(), error);
  if (!error.empty()) {
    out << "eval dates: " << error << "\n";
    return 1;
  }
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "dates (chrono cases, deadline-forward protocol)\n"
                "  french:  %d/%d passed (%.1f%%)\n"
                "  english: %d/%d passed (%.1f%%)\n"
                "  overall: %d/%d passed (%.1f%%)\n"
                "  skipped: %d (no expectation the protocol can check)\n",
                report.fr_passed, report.fr_total, report.fr_rate(), report.en_passed,
                report.en_total, report.en_rate(), report.fr_passed + report.en_passed,
                report.fr_total + report.en_total, report.overall_rate(), report.skipped);
  out << buf;
  out << "cases scored under Courtois's convention where chrono's differs:\n";
  for (const auto& c : report.cases) {
    if (!c.convention.empty())
      out << "  line " << c.line << " [" << c.convention << "] " << c.input << "  (ref " << c.ref
          << "; chrono: " << c.expected << "; got " << c.got << ")\n";
  }
  out << "failures:\n";
  for (const auto& c : report.cases) {
    if (!c.passed && !c.skipped)
      out << "  line " << c.line << " " << c.lang << " " << c.input << "  (ref " << c.ref
          << "; expected " << c.expected << "; got " << c.got << ")\n";
  }
  return 0;
}

}  // namespace courtois
