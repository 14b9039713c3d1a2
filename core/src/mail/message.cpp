// Message helpers outside parsing: the text-only message of `--input text-jsonl`, header
// look-up and the automatic-mail test used by threading and waiting time.
#include <string>
#include <string_view>

#include "courtois/message.hpp"
#include "mail/mail_internal.hpp"

namespace courtois {

Message Message::from_text(std::string id, std::string text, std::optional<ZonedTime> date,
                           std::string lang, Address from, std::string subject) {
  Message msg;
  msg.message_id = std::move(id);
  msg.body_text = mail::repair_utf8(text);
  msg.new_text = msg.body_text;
  msg.date = date;
  msg.from = std::move(from);
  msg.subject = mail::repair_utf8(subject);
  msg.lang = lang.empty() ? detect_language(msg.new_text) : std::move(lang);
  return msg;
}

std::optional<std::string_view> Message::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (mail::iequals(k, name)) return std::string_view(v);
  return std::nullopt;
}

namespace {

// Local parts of senders that never read replies.
bool is_robot_sender(std::string_view address) {
  auto at = address.rfind('@');
  std::string local =
      mail::lower_ascii(address.substr(0, at == std::string_view::npos ? address.size() : at));
  static constexpr std::string_view kPrefixes[] = {"no-reply",   "noreply",      "no_reply",
                                                   "donotreply", "do-not-reply", "do_not_reply"};
  for (auto p : kPrefixes)
    if (local.rfind(p, 0) == 0) return true;
  return local == "mailer-daemon" || local == "postmaster";
}

}  // namespace

bool Message::is_automatic() const {
  if (!auto_submitted.empty()) {
    std::string_view value = auto_submitted;
    value = mail::trim_ws(value.substr(0, value.find(';')));
    if (value != "no") return true;
  }
  std::string_view prec = mail::trim_ws(precedence);
  if (prec == "bulk" || prec == "junk" || prec == "list") return true;
  if (!list_id.empty() || !x_autoreply.empty()) return true;
  if (is_robot_sender(from.address)) return true;
  if (auto ct = header("Content-Type");
      ct && mail::istarts_with(mail::trim_ws(*ct), "multipart/report"))
    return true;
  return false;
}

}  // namespace courtois
