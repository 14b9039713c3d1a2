#include "thread_view.hpp"

#include <algorithm>

#include "courtois/text.hpp"

namespace courtois::replies {

std::unique_ptr<ThreadView> analyse_thread_of(const Engine& engine, const Message& client,
                                              const std::vector<Message>& thread,
                                              const std::vector<std::string>& me,
                                              const Message* draft) {
  auto view = std::make_unique<ThreadView>();
  std::vector<std::string> identities = engine.options().me;
  identities.insert(identities.end(), me.begin(), me.end());

  bool found = false;
  for (const auto& m : thread) {
    if (!client.message_id.empty() && m.message_id == client.message_id) {
      if (found) continue;  // given twice
      view->client = view->messages.size();
      found = true;
    }
    view->messages.push_back(m);
  }
  if (!found) {
    view->client = view->messages.size();
    view->messages.push_back(client);
  }
  // Ids for messages without one, so that they can be linked.
  for (std::size_t i = 0; i < view->messages.size(); ++i)
    if (view->messages[i].message_id.empty())
      view->messages[i].message_id = "courtois-" + std::to_string(i) + "@replies.invalid";
  std::size_t draft_index = view->messages.size();
  if (draft) {
    Message d = *draft;
    if (d.message_id.empty()) d.message_id = "courtois-draft@replies.invalid";
    d.in_reply_to = view->messages[view->client].message_id;
    d.references = view->messages[view->client].references;
    d.references.push_back(d.in_reply_to);
    if (!d.date && view->messages[view->client].date) d.date = view->messages[view->client].date;
    view->messages.push_back(std::move(d));
  }
  // The caller says these messages are one thread: link the ones that carry no references to
  // the earliest message, so that threading by subject is not needed.
  std::size_t root = 0;
  for (std::size_t i = 1; i < view->messages.size(); ++i) {
    const auto& a = view->messages[i].date;
    const auto& b = view->messages[root].date;
    if (a && (!b || a->utc < b->utc)) root = i;
  }
  for (std::size_t i = 0; i < view->messages.size(); ++i) {
    Message& m = view->messages[i];
    if (i != root && m.references.empty() && m.in_reply_to.empty())
      m.references.push_back(view->messages[root].message_id);
  }

  view->analyses.reserve(view->messages.size());
  for (std::size_t i = 0; i < view->messages.size(); ++i) {
    Analysis a = engine.analyse(view->messages[i]);
    if (is_identity(view->messages[i].from.address, identities)) a.direction = "out";
    if (i == view->client) a.direction = "in";
    if (draft && i == draft_index) a.direction = "out";
    // Out and not the draft: from one of ours. A note among colleagues when sent to ours only.
    a.internal = a.direction == "out" && (!draft || i != draft_index) &&
                 is_internal(view->messages[i], identities);
    view->analyses.push_back(std::move(a));
  }
  ThreadOptions options;
  options.me = identities;
  if (view->messages[view->client].date) options.now = view->messages[view->client].date;
  view->threads = engine.threads(view->messages, view->analyses, options);
  for (const auto& t : view->threads)
    for (const auto& tm : t.messages)
      if (tm.message == &view->messages[view->client]) view->thread = &t;
  return view;
}

}  // namespace courtois::replies
