// The questions plugin: per message, the questions and requests of the new text (see
// detector.cpp); per thread, which outgoing message answered each of them (answers.cpp).
#include "questions/questions.hpp"

namespace courtois::questions {

std::vector<RuleError> QuestionsPlugin::configure(const RuleSet& rules) {
  std::vector<RuleError> errors;
  auto topics = std::make_shared<const TopicWords>(TopicWords::load(rules, errors));
  std::vector<RuleError> detector_errors = detector_.configure(rules, topics);
  std::vector<RuleError> answer_errors = answers_.configure(rules, topics);
  errors.insert(errors.end(), detector_errors.begin(), detector_errors.end());
  errors.insert(errors.end(), answer_errors.begin(), answer_errors.end());
  return errors;
}

void QuestionsPlugin::analyse(const Message& message, Analysis& out) const {
  if (out.text.empty() && !message.new_text.empty()) out.text = message.new_text;
  std::string_view lang = out.lang != "unknown" && !out.lang.empty() ? out.lang : message.lang;
  out.questions = detector_.detect(out.text, lang);
}

void QuestionsPlugin::analyse_thread(ThreadAnalysis& thread) const {
  answers_.match(thread);
}

}  // namespace courtois::questions

namespace courtois {

std::unique_ptr<Plugin> make_questions_plugin() {
  return std::make_unique<questions::QuestionsPlugin>();
}

}  // namespace courtois
