// Message::from_raw: raw RFC 5322 bytes to a decoded Message.
//
// The MIME tree is split here by our own bounded, iterative splitter rather than by mimetic
// (docs/mime-adapter.md has the inputs that broke mimetic 0.9.8: a stack overflow on deep
// nesting, reads past its base64 table, quadratic header handling). Every limit of
// ParseLimits is checked while splitting: the message size first, then each header field and
// header block, the nesting depth and the number of entities. Nothing recurses: entities are
// kept in a flat vector in document order, each subtree a contiguous range of it.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "courtois/message.hpp"
#include "mail/mail_internal.hpp"

namespace courtois {

namespace {

using mail::HeaderParams;
using mail::iequals;
using mail::istarts_with;
using mail::lower_ascii;
using mail::trim_ws;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

struct Entity {
  std::size_t parent = kNone;
  std::size_t depth = 0;
  std::size_t subtree_end = 0;  // index past the last descendant
  std::string_view body;
  std::string content_type;  // lower case, "text/plain"
  HeaderParams type_params;
  HeaderParams disposition;
  std::string transfer_encoding;
  std::string content_id;
  bool opaque = false;  // a multipart that was not split (over a limit, no boundary)
};

class Notes {
 public:
  explicit Notes(std::vector<std::string>& out) : out_(out) {}
  void add(std::string note) {
    if (out_.size() < 100 && std::find(out_.begin(), out_.end(), note) == out_.end())
      out_.push_back(std::move(note));
  }

 private:
  std::vector<std::string>& out_;
};

std::string part_label(std::size_t index) {
  return index == 0 ? std::string("message") : "part " + std::to_string(index + 1);
}

std::string short_text(std::string_view s, std::size_t max = 40) {
  std::string out = mail::repair_utf8(s.substr(0, max));
  if (s.size() > max) out += "...";
  return out;
}

bool is_field_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126 || c == ':') return false;
  }
  return true;
}

// One header block. Returns the offset of the body in `raw`.
struct HeaderBlock {
  std::vector<std::pair<std::string, std::string>> fields;  // name, unfolded raw value
  std::size_t body_offset = 0;
  bool saw_non_header = false;
};

HeaderBlock parse_header_block(std::string_view raw, const ParseLimits& limits,
                               const std::string& label, Notes& notes) {
  HeaderBlock block;
  std::size_t pos = 0;
  std::size_t header_bytes = 0;
  bool current_cut = false;  // the current field reached max_header_line
  bool block_full = false;   // max_header_bytes reached: fields are no longer kept
  bool have_current = false;
  while (pos < raw.size()) {
    std::size_t eol = raw.find('\n', pos);
    std::size_t next = eol == std::string_view::npos ? raw.size() : eol + 1;
    std::string_view line =
        raw.substr(pos, (eol == std::string_view::npos ? raw.size() : eol) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      block.body_offset = next;
      return block;
    }
    header_bytes += std::min(line.size(), limits.max_header_line);
    if (!block_full && header_bytes > limits.max_header_bytes) {
      block_full = true;
      notes.add(label + ": header block larger than " + std::to_string(limits.max_header_bytes) +
                " bytes: later header fields skipped");
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (have_current && !block_full && !current_cut) {
        std::string& value = block.fields.back().second;
        value += line;
        if (value.size() > limits.max_header_line) {
          value.resize(limits.max_header_line);
          current_cut = true;
          notes.add(label + ": header field " + short_text(block.fields.back().first) +
                    " longer than " + std::to_string(limits.max_header_line) + " bytes: cut");
        }
      }
      pos = next;
      continue;
    }
    std::size_t colon = line.find(':');
    std::string_view name =
        colon == std::string_view::npos ? std::string_view{} : line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    if (colon == std::string_view::npos || !is_field_name(name)) {
      if (block.fields.empty() && pos == 0 && line.substr(0, 5) == "From ") {
        pos = next;  // an mbox From_ line left in front of the message
        continue;
      }
      block.saw_non_header = true;
      if (!block.fields.empty() || pos != 0)
        notes.add(label + ": line \"" + short_text(line) +
                  "\" is not a header field: read as the start of the body");
      block.body_offset = pos;
      return block;
    }
    have_current = !block_full;
    current_cut = false;
    if (block_full) {
      pos = next;
      continue;
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    if (value.size() > limits.max_header_line) {
      value = value.substr(0, limits.max_header_line);
      current_cut = true;
      notes.add(label + ": header field " + short_text(name) + " longer than " +
                std::to_string(limits.max_header_line) + " bytes: cut");
    }
    block.fields.emplace_back(std::string(name), std::string(value));
    pos = next;
  }
  block.body_offset = raw.size();
  return block;
}

// Delimiter lines of one multipart body: "--boundary" then white space, or "--boundary--".
struct Split {
  std::vector<std::string_view> parts;
  bool closed = false;
  bool cut = false;  // stopped at the part limit
};

Split split_multipart(std::string_view body, std::string_view boundary, std::size_t max_parts) {
  Split split;
  std::string delimiter = "--" + std::string(boundary);
  std::size_t part_start = kNone;
  std::size_t search = 0;
  while (search < body.size()) {
    std::size_t hit = body.find(delimiter, search);
    if (hit == std::string_view::npos) break;
    search = hit + 1;
    if (hit != 0 && body[hit - 1] != '\n') continue;
    std::size_t after = hit + delimiter.size();
    bool closing = body.compare(after, 2, "--") == 0;
    std::size_t rest = closing ? after + 2 : after;
    std::size_t eol = body.find('\n', rest);
    std::size_t line_end = eol == std::string_view::npos ? body.size() : eol;
    if (!closing) {
      // Only transport padding may follow an opening delimiter.
      if (!trim_ws(body.substr(rest, line_end - rest)).empty()) continue;
    }
    if (part_start != kNone) {
      // The line break before the delimiter belongs to it.
      std::size_t end = hit;
      if (end > part_start && body[end - 1] == '\n') --end;
      if (end > part_start && body[end - 1] == '\r') --end;
      split.parts.push_back(body.substr(part_start, end - part_start));
      if (split.parts.size() >= max_parts) {
        split.cut = true;
        return split;
      }
    }
    if (closing) {
      split.closed = true;
      return split;
    }
    part_start = eol == std::string_view::npos ? body.size() : eol + 1;
    search = part_start;
  }
  if (part_start != kNone) split.parts.push_back(body.substr(part_start));
  return split;
}

std::string strip_angles(std::string_view s) {
  s = trim_ws(s);
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
  return mail::repair_utf8(s);
}

// Raw header values are kept as written but must be valid UTF-8 for JSON: 8-bit bytes that
// are not UTF-8 are read as windows-1252.
std::string header_value_text(std::string_view raw) {
  return mail::valid_utf8(raw) ? std::string(raw) : mail::to_utf8(raw, "windows-1252");
}

std::string normalise_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 1);
  // Most text has neither CR nor NUL (and the body text is normalised a second time, after
  // its parts): one copy then, not a byte-by-byte rebuild.
  // (memchr, not find_first_of: that one tests each byte against the set one call at a time.)
  if (s.empty() || (std::memchr(s.data(), '\r', s.size()) == nullptr &&
                    std::memchr(s.data(), '\0', s.size()) == nullptr)) {
    out.assign(s);
    if (!out.empty() && out.back() != '\n') out.push_back('\n');
    return out;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r') {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      continue;
    }
    if (c == '\0') continue;
    out.push_back(c);
  }
  if (!out.empty() && out.back() != '\n') out.push_back('\n');
  return out;
}

class MessageBuilder {
 public:
  MessageBuilder(std::string_view raw, const ParseLimits& limits, Message& msg)
      : raw_(raw), limits_(limits), msg_(msg), notes_(msg.skipped) {}

  Result<void> run() {
    // A byte-order mark left by an editor in front of the first header.
    if (raw_.substr(0, 3) == "\xEF\xBB\xBF") raw_.remove_prefix(3);
    if (trim_ws(raw_).empty()) return make_error(Errc::bad_input, "empty message");
    if (raw_.size() > limits_.max_message_bytes) {
      notes_.add("message of " + std::to_string(raw_.size()) +
                 " bytes is larger than the limit of " + std::to_string(limits_.max_message_bytes) +
                 " bytes: only the first " + std::to_string(limits_.max_message_bytes) +
                 " bytes analysed");
      raw_ = raw_.substr(0, limits_.max_message_bytes);
    }
    if (auto r = split_tree(); !r) return r;
    fill_headers();
    collect_parts();
    return {};
  }

 private:
  Result<void> split_tree() {
    struct Pending {
      std::string_view bytes;
      std::size_t parent;
      std::size_t depth;
      bool digest_child;
    };
    std::vector<Pending> stack;
    stack.push_back({raw_, kNone, 0, false});
    bool parts_cut = false;
    while (!stack.empty()) {
      Pending p = stack.back();
      stack.pop_back();
      std::size_t index = entities_.size();
      std::string label = part_label(index);
      HeaderBlock block = parse_header_block(p.bytes, limits_, label, notes_);
      if (index == 0) {
        if (block.fields.empty())
          return make_error(
              Errc::bad_input,
              "no header field at the start of the input: not an RFC 5322 message (starts with \"" +
                  short_text(p.bytes, 24) + "\")");
        root_fields_ = std::move(block.fields);
        block.fields.clear();
      }
      const auto& fields = index == 0 ? root_fields_ : block.fields;
      Entity e;
      e.parent = p.parent;
      e.depth = p.depth;
      e.body = p.bytes.substr(std::min(block.body_offset, p.bytes.size()));
      auto field = [&](std::string_view name) -> const std::string* {
        for (const auto& [k, v] : fields)
          if (iequals(k, name)) return &v;
        return nullptr;
      };
      if (const std::string* ct = field("Content-Type")) {
        e.type_params = mail::parse_header_params(*ct);
        e.content_type = e.type_params.value;
      }
      if (e.content_type.empty() || e.content_type.find('/') == std::string::npos) {
        if (!e.content_type.empty())
          notes_.add(label + ": invalid content type \"" + short_text(e.content_type) +
                     "\": read as text/plain");
        e.content_type = p.digest_child ? "message/rfc822" : "text/plain";
      }
      if (const std::string* cd = field("Content-Disposition"))
        e.disposition = mail::parse_header_params(*cd);
      if (const std::string* te = field("Content-Transfer-Encoding"))
        e.transfer_encoding = lower_ascii(trim_ws(*te));
      if (const std::string* cid = field("Content-ID")) e.content_id = strip_angles(*cid);
      entities_.push_back(std::move(e));
      Entity& ent = entities_.back();
      if (ent.content_type.rfind("multipart/", 0) != 0) continue;
      std::string boundary = ent.type_params.get("boundary");
      if (boundary.empty() || boundary.size() > 200) {
        notes_.add(label + ": " + short_text(ent.content_type) +
                   " without a usable boundary: read as text");
        ent.content_type = "text/plain";
        continue;
      }
      if (ent.depth + 1 > limits_.max_depth) {
        notes_.add(label + ": multipart nested deeper than " + std::to_string(limits_.max_depth) +
                   " levels: its parts skipped");
        ent.opaque = true;
        continue;
      }
      std::size_t room = limits_.max_parts > entities_.size() + stack.size()
                             ? limits_.max_parts - entities_.size() - stack.size()
                             : 0;
      if (room == 0) {
        if (!parts_cut)
          notes_.add("more than " + std::to_string(limits_.max_parts) +
                     " MIME parts: the rest skipped");
        parts_cut = true;
        ent.opaque = true;
        continue;
      }
      Split split = split_multipart(ent.body, boundary, room);
      if (split.parts.empty()) {
        notes_.add(label + ": no part found for boundary \"" + short_text(boundary) +
                   "\": read as text");
        ent.content_type = "text/plain";
        continue;
      }
      if (split.cut) {
        if (!parts_cut)
          notes_.add("more than " + std::to_string(limits_.max_parts) +
                     " MIME parts: the rest skipped");
        parts_cut = true;
      } else if (!split.closed) {
        notes_.add(label + ": multipart boundary \"" + short_text(boundary) +
                   "\" never closed: last part read to the end");
      }
      bool digest = ent.content_type == "multipart/digest";
      for (auto it = split.parts.rbegin(); it != split.parts.rend(); ++it)
        stack.push_back({*it, index, ent.depth + 1, digest});
    }
    for (std::size_t i = entities_.size(); i-- > 0;) {
      Entity& e = entities_[i];
      e.subtree_end = std::max(e.subtree_end, i + 1);
      if (e.parent != kNone)
        entities_[e.parent].subtree_end = std::max(entities_[e.parent].subtree_end, e.subtree_end);
    }
    return {};
  }

  void fill_headers() {
    msg_.headers.reserve(root_fields_.size());
    for (const auto& [name, value] : root_fields_)
      msg_.headers.emplace_back(header_value_text(name), header_value_text(value));
    auto raw = [&](std::string_view name) -> const std::string* {
      for (const auto& [k, v] : root_fields_)
        if (iequals(k, name)) return &v;
      return nullptr;
    };
    auto lower_value = [&](std::string_view name) {
      const std::string* v = raw(name);
      return v ? header_value_text(lower_ascii(trim_ws(*v))) : std::string();
    };
    if (const std::string* v = raw("Message-ID")) {
      auto ids = mail::parse_msg_ids(*v);
      if (!ids.empty()) msg_.message_id = ids.front();
    }
    if (const std::string* v = raw("In-Reply-To")) {
      auto ids = mail::parse_msg_ids(*v);
      if (!ids.empty()) msg_.in_reply_to = ids.front();
    }
    if (const std::string* v = raw("References")) msg_.references = mail::parse_msg_ids(*v);
    const std::string* from = raw("From");
    if (from == nullptr) from = raw("Sender");
    if (from != nullptr) {
      auto list = mail::parse_address_list(*from);
      if (!list.empty()) msg_.from = std::move(list.front());
    }
    if (const std::string* v = raw("To")) msg_.to = mail::parse_address_list(*v);
    if (const std::string* v = raw("Cc")) msg_.cc = mail::parse_address_list(*v);
    if (const std::string* v = raw("Reply-To")) msg_.reply_to = mail::parse_address_list(*v);
    if (const std::string* v = raw("Subject"))
      msg_.subject = std::string(trim_ws(mail::decode_header_text(*v)));
    if (const std::string* v = raw("Date")) {
      msg_.date_raw = header_value_text(trim_ws(*v));
      msg_.date = ZonedTime::parse_rfc5322(*v);
      if (!msg_.date)
        notes_.add("date \"" + short_text(msg_.date_raw, 60) + "\" could not be read");
    }
    msg_.auto_submitted = lower_value("Auto-Submitted");
    msg_.precedence = lower_value("Precedence");
    msg_.list_id = lower_value("List-Id");
    msg_.x_autoreply = lower_value("X-Autoreply");
    if (msg_.x_autoreply.empty()) msg_.x_autoreply = lower_value("X-Autorespond");
  }

  bool is_text_candidate(const Entity& e) const {
    if (e.opaque) return false;
    if (e.content_type != "text/plain" && e.content_type != "text/html") return false;
    if (e.disposition.value == "attachment") return false;
    bool named = !e.disposition.get("filename").empty() || !e.type_params.get("name").empty();
    return !named || e.disposition.value == "inline";
  }

  bool subtree_has_text(std::size_t i, std::string_view type) const {
    for (std::size_t k = i; k < entities_[i].subtree_end; ++k)
      if (!excluded_[k] && entities_[k].content_type == type && is_text_candidate(entities_[k]) &&
          !trim_ws(entities_[k].body).empty())
        return true;
    return false;
  }

  // In each multipart/alternative keep one child: the one with plain text, else HTML.
  void choose_alternatives() {
    excluded_.assign(entities_.size(), false);
    for (std::size_t i = 0; i < entities_.size(); ++i) {
      if (excluded_[i] || entities_[i].content_type != "multipart/alternative") continue;
      std::vector<std::size_t> children;
      for (std::size_t k = i + 1; k < entities_[i].subtree_end; k = entities_[k].subtree_end)
        children.push_back(k);
      std::size_t chosen = kNone;
      for (std::size_t c : children)
        if (chosen == kNone && subtree_has_text(c, "text/plain")) chosen = c;
      for (std::size_t c : children)
        if (chosen == kNone && subtree_has_text(c, "text/html")) chosen = c;
      if (chosen == kNone) continue;
      for (std::size_t c : children)
        if (c != chosen)
          for (std::size_t k = c; k < entities_[c].subtree_end; ++k) excluded_[k] = true;
    }
  }

  std::string decode_transfer(const Entity& e, const std::string& label) {
    const std::string& cte = e.transfer_encoding;
    if (cte == "base64") return mail::decode_base64(e.body);
    if (cte == "quoted-printable") return mail::decode_quoted_printable(e.body);
    if (!cte.empty() && cte != "7bit" && cte != "8bit" && cte != "binary")
      notes_.add(label + ": unknown transfer encoding \"" + short_text(cte) + "\": read as is");
    return std::string(e.body);
  }

  void collect_parts() {
    choose_alternatives();
    std::string text;
    bool text_cut = false;
    for (std::size_t i = 0; i < entities_.size(); ++i) {
      const Entity& e = entities_[i];
      std::string label = part_label(i);
      if (e.content_type.rfind("multipart/", 0) == 0) continue;
      if (is_text_candidate(e)) {
        if (excluded_[i]) continue;
        if (text.size() >= limits_.max_text_bytes) {
          text_cut = true;
          continue;
        }
        std::string decoded = decode_transfer(e, label);
        // HTML is bounded before it meets the tree builder.
        if (decoded.size() > 4 * limits_.max_text_bytes) {
          decoded.resize(4 * limits_.max_text_bytes);
          text_cut = true;
        }
        std::string note;
        std::string utf8 = mail::to_utf8(decoded, e.type_params.get("charset"), &note);
        if (!note.empty()) notes_.add(label + ": " + note);
        std::string part_text;
        if (e.content_type == "text/html") {
          std::string html_note;
          part_text = mail::html_to_text(utf8, &html_note);
          if (!html_note.empty()) notes_.add(label + ": " + html_note);
        } else {
          part_text = normalise_newlines(utf8);
          if (iequals(trim_ws(e.type_params.get("format")), "flowed"))
            part_text =
                mail::unflow(part_text, iequals(trim_ws(e.type_params.get("delsp")), "yes"));
        }
        if (trim_ws(part_text).empty()) continue;
        if (!text.empty() && text.back() != '\n') text.push_back('\n');
        if (!text.empty()) text.push_back('\n');
        text += part_text;
        continue;
      }
      Attachment a;
      a.content_type = e.content_type;
      a.filename = e.disposition.get("filename");
      if (a.filename.empty()) a.filename = e.type_params.get("name");
      a.filename = mail::repair_utf8(a.filename);
      a.size = e.body.size();
      a.content_id = e.content_id;
      a.is_inline =
          e.disposition.value == "inline" || (e.disposition.value.empty() && !e.content_id.empty());
      msg_.attachments.push_back(std::move(a));
    }
    if (text_cut || text.size() > limits_.max_text_bytes) {
      mail::truncate_utf8(text, limits_.max_text_bytes);
      notes_.add("text longer than " + std::to_string(limits_.max_text_bytes) +
                 " bytes: the rest skipped");
    }
    msg_.body_text = normalise_newlines(mail::valid_utf8(text) ? text : mail::repair_utf8(text));
    if (trim_ws(msg_.body_text).empty()) msg_.body_text.clear();
    SplitText split = split_body(msg_.body_text);
    msg_.new_text = std::move(split.new_text);
    msg_.quoted = std::move(split.quoted);
    msg_.signature = std::move(split.signature);
    msg_.disclaimer = std::move(split.disclaimer);
    msg_.lang = detect_language(msg_.new_text);
  }

  std::string_view raw_;
  const ParseLimits& limits_;
  Message& msg_;
  Notes notes_;
  std::vector<std::pair<std::string, std::string>> root_fields_;
  std::vector<Entity> entities_;
  std::vector<bool> excluded_;
};

}  // namespace

Result<Message> Message::from_raw(std::string_view bytes, const ParseLimits& limits) {
  try {
    Message msg;
    MessageBuilder builder(bytes, limits, msg);
    if (auto r = builder.run(); !r) return r.error();
    return msg;
  } catch (const std::bad_alloc&) {
    return make_error(Errc::too_large, "out of memory while parsing the message");
  } catch (const std::exception& e) {
    return make_error(Errc::internal, std::string("message parser failed: ") + e.what());
  } catch (...) {
    return make_error(Errc::internal, "message parser failed");
  }
}

}  // namespace courtois
