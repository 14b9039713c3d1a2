// FAQ: matching a client's question to a ready answer of rules/faq/, and mining a mailbox for
// recurring questions to propose new entries.
//
// Mining: the questions of incoming client mail (the questions plugin's findings), each as its
// set of content words (FaqBook::tokens: folded, stop words out, plurals merged); leader
// clustering: a question joins the first cluster whose leader or any of its first members
// shares at least `jaccard` of their words, else it leads a new cluster. Candidate clusters are
// found through an inverted index word -> clusters, so a large mailbox stays near linear.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "courtois/replies.hpp"
#include "courtois/text.hpp"
#include "reply_rules.hpp"

namespace courtois::replies {

Result<std::optional<FaqMatch>> faq_match(const Engine& engine, std::string_view question,
                                          std::string_view lang) {
  auto loaded = rules_for(engine);
  if (!loaded->errors.empty()) return rules_error(*loaded);
  return loaded->faq.match(question, lang);
}

namespace {

struct Item {
  std::string text, lang, message_id, thread, subject, source;
  std::vector<std::string> words;
};

struct Cluster {
  std::string lang;
  std::vector<std::size_t> members;  // indexes of items
};

// How many members a new question is compared with, besides the leader.
constexpr std::size_t kCompareMembers = 16;

}  // namespace

Result<FaqMiningResult> faq_suggest(const Engine& engine, std::vector<FaqMiningInput> inputs,
                                    const FaqMiningOptions& options) {
  auto loaded = rules_for(engine);
  if (!loaded->errors.empty()) return rules_error(*loaded);
  const FaqBook& faq = loaded->faq;
  if (options.jaccard <= 0 || options.jaccard > 1)
    return make_error(Errc::bad_input, "the similarity threshold must be in (0, 1]");
  std::vector<std::string> me = engine.options().me;
  me.insert(me.end(), options.me.begin(), options.me.end());

  FaqMiningResult result;
  result.messages = inputs.size();
  std::vector<Item> items;
  for (auto& in : inputs) {
    const Message& m = in.message;
    if (m.is_automatic() || is_identity(m.from.address, me)) continue;
    Analysis a = engine.analyse(m);
    if (a.direction != "in") continue;
    ++result.client_messages;
    for (const auto& q : a.questions) {
      Item it;
      it.text = std::string(trim(q.text));
      it.lang = a.lang;
      it.words = faq.tokens(it.text, it.lang);
      if (it.words.empty()) continue;
      it.message_id = m.message_id;
      it.thread = a.thread;
      it.subject = m.subject;
      it.source = in.source;
      items.push_back(std::move(it));
    }
  }
  result.questions = items.size();

  std::vector<Cluster> clusters;
  std::unordered_map<std::string, std::vector<std::size_t>> index;  // "lang|word" -> clusters
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    std::set<std::size_t> candidates;
    for (const auto& w : it.words) {
      auto found = index.find(it.lang + "|" + w);
      if (found != index.end()) candidates.insert(found->second.begin(), found->second.end());
    }
    std::optional<std::size_t> best;
    double best_score = 0;
    for (std::size_t c : candidates) {
      const Cluster& cl = clusters[c];
      double score = 0;
      for (std::size_t k = 0; k < cl.members.size() && k <= kCompareMembers; ++k)
        score = std::max(score, jaccard(it.words, items[cl.members[k]].words));
      if (score >= options.jaccard && score > best_score) best = c, best_score = score;
    }
    std::size_t c = best ? *best : clusters.size();
    if (!best) clusters.push_back({it.lang, {}});
    clusters[c].members.push_back(i);
    for (const auto& w : it.words) {
      auto& list = index[it.lang + "|" + w];
      if (list.empty() || list.back() != c) list.push_back(c);
    }
  }

  for (const auto& cl : clusters) {
    if (static_cast<int>(cl.members.size()) < options.min_count) continue;
    FaqSuggestion s;
    s.lang = cl.lang;
    s.count = static_cast<int>(cl.members.size());
    std::set<std::string> messages, threads;
    std::map<std::string, int> word_count;
    std::map<std::string, std::map<std::string, int>> surface;  // stem -> written forms
    for (std::size_t k : cl.members) {
      messages.insert(items[k].message_id + "\n" + items[k].source);
      threads.insert(items[k].thread);
      for (const auto& w : items[k].words) ++word_count[w];
      for (const auto& [stem, word] : faq.terms(items[k].text, items[k].lang))
        ++surface[stem][word];
    }
    // The word as clients write it most often, for people to read.
    auto written = [&](const std::string& stem) {
      const auto& forms = surface[stem];
      auto best = std::max_element(forms.begin(), forms.end(), [](const auto& a, const auto& b) {
        return a.second < b.second;
      });
      return best == forms.end() ? stem : best->first;
    };
    s.messages = static_cast<int>(messages.size());
    s.threads = static_cast<int>(threads.size());
    // A question asked twice in one message is not recurring.
    if (s.messages < options.min_count) continue;
    std::vector<std::pair<std::string, int>> words(word_count.begin(), word_count.end());
    std::stable_sort(words.begin(), words.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [w, n] : words)
      if (2 * n >= s.count && s.keywords.size() < 6) s.keywords.push_back(written(w));
    for (std::size_t k = 0; k < words.size() && k < 3; ++k)
      s.id += (s.id.empty() ? "" : "-") + written(words[k].first);
    // Variants: distinct phrasings, the most typical first (most words shared with the rest).
    std::vector<std::pair<double, std::size_t>> typical;
    for (std::size_t k : cl.members) {
      double shared = 0;
      for (const auto& w : items[k].words) shared += word_count[w];
      typical.push_back({shared / static_cast<double>(items[k].words.size() + 1), k});
    }
    std::stable_sort(typical.begin(), typical.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::set<std::string> seen;
    for (const auto& [score, k] : typical) {
      if (s.variants.size() >= options.max_variants) break;
      if (seen.insert(fold_string(items[k].text)).second) s.variants.push_back(items[k].text);
    }
    std::set<std::string> example_threads;
    for (std::size_t k : cl.members) {
      if (s.examples.size() >= options.max_examples) break;
      if (!example_threads.insert(items[k].thread).second) continue;
      s.examples.push_back(
          {items[k].message_id, items[k].thread, items[k].subject, items[k].source, items[k].text});
    }
    if (!s.variants.empty())
      if (auto m = faq.match(s.variants.front(), s.lang)) s.existing = m->id;
    result.suggestions.push_back(std::move(s));
  }
  std::stable_sort(result.suggestions.begin(), result.suggestions.end(),
                   [](const FaqSuggestion& a, const FaqSuggestion& b) {
                     return a.messages != b.messages ? a.messages > b.messages : a.count > b.count;
                   });
  return result;
}

nlohmann::json to_json(const FaqMiningResult& r) {
  nlohmann::json suggestions = nlohmann::json::array();
  for (const auto& s : r.suggestions) {
    nlohmann::json examples = nlohmann::json::array();
    for (const auto& e : s.examples)
      examples.push_back({{"message_id", e.message_id},
                          {"thread", e.thread},
                          {"subject", e.subject},
                          {"source", e.source},
                          {"question", e.text}});
    nlohmann::json j = {{"id", s.id},
                        {"lang", s.lang},
                        {"count", s.count},
                        {"messages", s.messages},
                        {"threads", s.threads},
                        {"questions", s.variants},
                        {"keywords", s.keywords},
                        {"answer", ""},
                        {"examples", examples}};
    j["existing"] = s.existing.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.existing);
    suggestions.push_back(j);
  }
  return {{"messages", r.messages},
          {"client_messages", r.client_messages},
          {"questions", r.questions},
          {"suggestions", suggestions}};
}

}  // namespace courtois::replies
