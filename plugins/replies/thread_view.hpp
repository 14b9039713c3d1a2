// A client message and its thread, analysed by the engine (every plugin, thread plugins
// included) so that drafts and the draft check read the same findings as `courtois threads`:
// questions with answered_by, dates, deadline changes, commitments. Internal to plugins/replies.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "courtois/engine.hpp"
#include "courtois/plugin.hpp"

namespace courtois::replies {

struct ThreadView {
  // Kept alive together: the thread analysis points into them.
  std::vector<Message> messages;
  std::vector<Analysis> analyses;
  std::vector<ThreadAnalysis> threads;
  std::size_t client = 0;                  // index of the client message in messages
  const ThreadAnalysis* thread = nullptr;  // the thread holding it

  const Analysis& client_analysis() const { return analyses[client]; }
};

// Analyses `client` with `thread` (the client message may be among them). `me`: the user's
// identities, added to the engine's; `forced_out`: index in the resulting messages of a
// message to treat as outgoing whatever its sender (the draft being checked), or -1.
std::unique_ptr<ThreadView> analyse_thread_of(const Engine& engine, const Message& client,
                                              const std::vector<Message>& thread,
                                              const std::vector<std::string>& me,
                                              const Message* draft = nullptr);

// True when `address` is one of the identities ("a@b.fr" or a whole domain "@b.fr").

}  // namespace courtois::replies
