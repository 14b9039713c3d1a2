// split_body: what the sender wrote in this message, apart from quoted history, signature
// and legal disclaimer. Analysis runs on the new text only.
//
// Each line gets one kind. Quoted history: `>` lines; everything from an Outlook header block
// ("From: / Sent: / To: / Subject:", "De : / Envoyé : / À : / Objet :"), an "Original
// Message" or forwarded-message separator; attribution lines ("On ... wrote:", "Le ... a
// écrit :", also wrapped over two lines). In-line replies keep every non-quoted line. Then, in
// the remaining text: legal disclaimers (a paragraph opening with a known phrase, to the end
// of its run of text), signatures (a "-- " line, or a short block with contact details after
// a sign-off such as "Cordialement," — the sign-off itself stays in the new text, it is part
// of what the sender wrote), and mobile footers ("Sent from my iPhone").
//
// The phrases are the tables below: built in, since the mail layer must work without the
// rules/ folder. They are matched on a normalised line (lower case, NBSP as space, ’ as ').
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "courtois/message.hpp"
#include "mail/mail_internal.hpp"

namespace courtois {

namespace {

// ---- recogniser phrases (normalised form) ----

// Separator lines, after stripping '-', '_', '=', '*', '<', '>' and white space around, and a
// final ':'.
constexpr std::string_view kSeparators[] = {
    "original message",           "message d'origine",       "forwarded message",
    "message transféré",          "message transfere",       "début du message réexpédié",
    "debut du message reexpedie", "begin forwarded message", "message original",
    "courriel original",          "original email",          "mail original",
    "e-mail d'origine",           "reply message",           "forwarded email"};

// Outlook-style header blocks: a "from" line, then at least two of the other kinds within
// the next kHeaderBlockSpan non-empty lines.
constexpr std::string_view kFromKeys[] = {"from:", "de:", "de :", "expéditeur:", "expéditeur :"};
constexpr std::string_view kSentKeys[] = {
    "sent:", "date:", "date :", "envoyé:", "envoyé :", "envoyé le:", "envoyé le :"};
constexpr std::string_view kToKeys[] = {
    "to:", "à:", "à :", "a:", "a :", "pour:", "pour :", "destinataire:", "destinataire :"};
constexpr std::string_view kSubjectKeys[] = {"subject:", "objet:", "objet :", "sujet:", "sujet :"};
constexpr int kHeaderBlockSpan = 6;

// Attribution lines: (prefix, suffix) pairs; the suffix may be followed by nothing else.
struct Attribution {
  std::string_view prefix, suffix;
};
constexpr Attribution kAttributions[] = {
    {"on ", " wrote:"},   {"on ", " wrote :"},   {"le ", " a écrit:"}, {"le ", " a écrit :"},
    {"le ", " a ecrit:"}, {"le ", " a ecrit :"}, {"le ", " a écrit"},  {"on ", " writes:"}};
// Endings that mark an attribution only when `>` lines follow ("John <j@x> wrote:").
constexpr std::string_view kLooseAttributionEnds[] = {
    " wrote:", " wrote :", " a écrit:", " a écrit :", " writes:", " said:"};

constexpr std::string_view kSignOffs[] = {"cordialement",
                                          "bien cordialement",
                                          "très cordialement",
                                          "tres cordialement",
                                          "bien à vous",
                                          "bien a vous",
                                          "salutations",
                                          "sincères salutations",
                                          "meilleures salutations",
                                          "bonne journée",
                                          "bonne journee",
                                          "bonne soirée",
                                          "bonne fin de journée",
                                          "amicalement",
                                          "bien amicalement",
                                          "à bientôt",
                                          "a bientot",
                                          "merci",
                                          "merci beaucoup",
                                          "merci d'avance",
                                          "merci par avance",
                                          "en vous remerciant",
                                          "respectueusement",
                                          "bises",
                                          "best regards",
                                          "kind regards",
                                          "warm regards",
                                          "regards",
                                          "best",
                                          "thanks",
                                          "thank you",
                                          "many thanks",
                                          "thanks in advance",
                                          "cheers",
                                          "sincerely",
                                          "yours sincerely",
                                          "yours truly",
                                          "all the best",
                                          "best wishes",
                                          "with best regards",
                                          "respectfully",
                                          "sent with thanks"};

constexpr std::string_view kMobileFooters[] = {
    "sent from my",         "envoyé de mon",       "envoyé depuis mon",    "envoye de mon",
    "get outlook for",      "télécharger outlook", "obtenir outlook pour", "sent from mail for",
    "sent from yahoo mail", "envoyé à partir de"};

constexpr std::string_view kDisclaimers[] = {"ce message et ses pièces jointes",
                                             "ce message et toutes les pièces jointes",
                                             "ce message et les pièces jointes",
                                             "ce message et tous les fichiers",
                                             "ce courriel et ses pièces jointes",
                                             "ce courriel et les pièces jointes",
                                             "ce courriel et toutes les pièces jointes",
                                             "ce message est confidentiel",
                                             "ce courriel est confidentiel",
                                             "ce message électronique et",
                                             "les informations contenues dans ce message",
                                             "les informations contenues dans ce courriel",
                                             "le contenu de ce message est",
                                             "avis de confidentialité",
                                             "avertissement de confidentialité",
                                             "ce message peut contenir des informations",
                                             "this email and any attachments",
                                             "this e-mail and any attachments",
                                             "this email and any files",
                                             "this e-mail and any files",
                                             "this message and any attachments",
                                             "this message and any files",
                                             "this message is confidential",
                                             "this email is confidential",
                                             "this e-mail is confidential",
                                             "the information contained in this",
                                             "the information in this email",
                                             "confidentiality notice",
                                             "confidentiality note",
                                             "disclaimer:",
                                             "privileged and confidential",
                                             "please consider the environment",
                                             "pensez à l'environnement",
                                             "merci de penser à l'environnement",
                                             "avant d'imprimer ce",
                                             "if you are not the intended recipient",
                                             "si vous n'êtes pas le destinataire",
                                             "si vous avez reçu ce message par erreur"};

// Words that make a short block after a sign-off look like contact details.
constexpr std::string_view kContactWords[] = {
    "tel",    "tél",    "téléphone", "telephone", "phone", "mobile",   "portable", "fax",
    "mob",    "bureau", "ouvert",    "horaires",  "lundi", "vendredi", "monday",   "friday",
    "office", "hours",  "address",   "adresse",   "rue",   "avenue",   "bd",       "boulevard",
    "street", "suite",  "www.",      "http",      "@",     "linkedin", "cedex",    "siret",
    "9h",     "18h",    "17h",       "8h"};

enum class Kind { new_text, quoted, signature, disclaimer };

// Lower case (ASCII and Latin-1 capitals), NBSP / narrow NBSP as spaces, ’ as ', '*'
// dropped (bold markers of HTML converted by mailers), runs of spaces collapsed, trimmed.
std::string normalise(std::string_view line) {
  // Every output byte comes from a distinct input byte (a pending space from a white-space
  // byte that wrote nothing), so the output fits in line.size(): written by index, no
  // push_back per byte.
  std::string out(line.size(), '\0');
  std::size_t n = 0;
  bool space = false;
  auto put_space = [&] {
    if (n != 0) space = true;
  };
  auto put = [&](char c) {
    if (space) out[n++] = ' ';
    space = false;
    out[n++] = c;
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      if (c == ' ' || c == '\t' || c == '\r') {
        put_space();
      } else if (c != '*') {
        put(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      }
      continue;
    }
    if (c == 0xC2 && i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0xA0) {
      ++i;
      put_space();
      continue;
    }
    if (c == 0xE2 && i + 2 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0x80) {
      auto d = static_cast<unsigned char>(line[i + 2]);
      if (d == 0xAF || d == 0x89 || d == 0x8A) {  // narrow / thin spaces
        i += 2;
        put_space();
        continue;
      }
      if (d == 0x99 || d == 0x98) {  // ’ ‘
        i += 2;
        put('\'');
        continue;
      }
    }
    if (c == 0xC3 && i + 1 < line.size()) {
      auto d = static_cast<unsigned char>(line[i + 1]);
      put(static_cast<char>(c));
      out[n++] = static_cast<char>(d >= 0x80 && d <= 0x9E && d != 0x97 ? d + 0x20 : d);
      ++i;
    } else {
      put(static_cast<char>(c));
    }
  }
  out.resize(n);
  return out;
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool is_quoted(std::string_view line) {
  return !line.empty() && line.front() == '>';
}
bool is_blank(std::string_view line) {
  return mail::trim_ws(line).empty();
}

bool is_separator(const std::string& norm) {
  std::string_view s = norm;
  auto junk = [](char c) {
    return c == '-' || c == '_' || c == '=' || c == '*' || c == ' ' || c == '<' || c == '>';
  };
  while (!s.empty() && junk(s.front())) s.remove_prefix(1);
  while (!s.empty() && junk(s.back())) s.remove_suffix(1);
  if (!s.empty() && s.back() == ':') s.remove_suffix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.size() == norm.size() && s.size() > 40) return false;
  for (auto sep : kSeparators)
    if (s == sep) return true;
  return false;
}

bool is_rule_line(std::string_view line) {
  std::string_view t = mail::trim_ws(line);
  return t.size() >= 10 && t.find_first_not_of("_-=") == std::string_view::npos;
}

template <std::size_t N>
bool starts_with_any(std::string_view s, const std::string_view (&keys)[N]) {
  if (s.empty()) return false;  // no key is empty
  for (auto k : keys)
    if (k.front() == s.front() && starts_with(s, k)) return true;
  return false;
}

struct Lines {
  std::vector<std::string_view> raw;
  std::vector<std::string> norm;
};

bool is_header_block(const Lines& lines, std::size_t i) {
  if (!starts_with_any(lines.norm[i], kFromKeys)) return false;
  bool sent = false, to = false, subject = false;
  int seen = 0;
  for (std::size_t k = i + 1; k < lines.raw.size() && seen < kHeaderBlockSpan; ++k) {
    const std::string& n = lines.norm[k];
    if (n.empty()) {
      if (sent || to || subject) break;
      continue;
    }
    ++seen;
    if (starts_with_any(n, kSentKeys))
      sent = true;
    else if (starts_with_any(n, kToKeys))
      to = true;
    else if (starts_with_any(n, kSubjectKeys))
      subject = true;
  }
  return static_cast<int>(sent) + static_cast<int>(to) + static_cast<int>(subject) >= 2;
}

bool strict_attribution(std::string_view s) {
  if (s.size() > 400) return false;
  for (const auto& a : kAttributions)
    if (starts_with(s, a.prefix) && ends_with(s, a.suffix) &&
        s.size() > a.prefix.size() + a.suffix.size() + 4)
      return true;
  return false;
}

std::size_t next_non_blank(const Lines& lines, std::size_t i) {
  while (i < lines.raw.size() && is_blank(lines.raw[i])) ++i;
  return i;
}

// Number of lines of the attribution starting at i (0 when none); `strict` tells whether it
// is an "On ... wrote:" form that marks history even without `>` lines after it.
std::size_t attribution_at(const Lines& lines, std::size_t i, bool& strict) {
  const std::string& n = lines.norm[i];
  if (n.empty()) return 0;
  if (strict_attribution(n)) {
    strict = true;
    return 1;
  }
  if (i + 1 < lines.raw.size() && !is_quoted(lines.raw[i + 1]) &&
      (starts_with(n, "on ") || starts_with(n, "le "))) {
    std::string joined = n + " " + lines.norm[i + 1];
    if (strict_attribution(joined)) {
      strict = true;
      return 2;
    }
  }
  if (n.size() < 300) {
    for (auto end : kLooseAttributionEnds) {
      if (ends_with(n, end)) {
        std::size_t j = next_non_blank(lines, i + 1);
        if (j < lines.raw.size() && is_quoted(lines.raw[j])) {
          strict = false;
          return 1;
        }
      }
    }
  }
  return 0;
}

bool is_sign_off(const std::string& norm) {
  std::string_view s = norm;
  while (!s.empty() && (s.back() == ',' || s.back() == '.' || s.back() == '!' || s.back() == ' '))
    s.remove_suffix(1);
  if (s.size() > 40) return false;
  for (auto p : kSignOffs)
    if (s == p) return true;
  return false;
}

bool has_contact_evidence(const std::string& norm) {
  int digits = 0;
  for (char c : norm)
    if (c >= '0' && c <= '9') ++digits;
  if (digits >= 8) return true;  // a phone number, a postal address with its code
  for (auto w : kContactWords) {
    std::size_t at = norm.find(w);
    if (at == std::string::npos) continue;
    if (w.size() <= 3 && w != "@") {
      // Short words must stand alone ("tel", "bd"), not inside another word.
      bool left = at == 0 || !std::isalpha(static_cast<unsigned char>(norm[at - 1]));
      std::size_t e = at + w.size();
      bool right = e >= norm.size() || !std::isalpha(static_cast<unsigned char>(norm[e]));
      if (!(left && right)) continue;
    }
    return true;
  }
  return false;
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool ws = c == ' ' || c == '\t';
    if (!ws && !in) ++n;
    in = !ws;
  }
  return n;
}

// Lines [begin, end) after a sign-off: a signature when short, without questions or long
// sentences, and either tiny (a name) or carrying contact details.
bool looks_like_signature_block(const Lines& lines, std::size_t begin, std::size_t end,
                                int min_evidence) {
  int non_empty = 0, evidence = 0;
  bool all_short = true;
  for (std::size_t k = begin; k < end; ++k) {
    std::string_view t = mail::trim_ws(lines.raw[k]);
    if (t.empty()) continue;
    ++non_empty;
    if (t.size() > 120 || t.back() == '?' || word_count(t) >= 14) return false;
    if (t.size() > 60) all_short = false;
    if (has_contact_evidence(lines.norm[k])) ++evidence;
  }
  if (non_empty == 0 || non_empty > 10) return false;
  if (evidence >= min_evidence && evidence > 0) return true;
  return min_evidence <= 1 && non_empty <= 3 && all_short;
}

std::string join(const Lines& lines, const std::vector<Kind>& kinds, Kind want) {
  std::string out;
  int blank_run = 0;
  bool started = false;
  for (std::size_t i = 0; i < lines.raw.size(); ++i) {
    if (kinds[i] != want) continue;
    std::string_view line = lines.raw[i];
    if (is_blank(line)) {
      if (started) ++blank_run;
      continue;
    }
    if (blank_run > 0) out += "\n";
    blank_run = 0;
    out.append(line);
    out.push_back('\n');
    started = true;
  }
  return out;
}

}  // namespace

SplitText split_body(std::string_view body_text) {
  Lines lines;
  std::size_t pos = 0;
  while (pos < body_text.size()) {
    std::size_t nl = body_text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? body_text.size() : nl;
    std::string_view line = body_text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.raw.push_back(line);
    pos = end + 1;
  }
  lines.norm.reserve(lines.raw.size());
  for (auto l : lines.raw) lines.norm.push_back(normalise(l.substr(0, 600)));
  const std::size_t n = lines.raw.size();
  std::vector<Kind> kinds(n, Kind::new_text);

  // 1. Quoted history. A block at the very top (nothing new before it) is a bottom-posted
  //    or in-line reply when `>` lines follow it: only the block itself is history then.
  bool seen_new = false;
  auto has_quoted_after = [&](std::size_t from) {
    for (std::size_t k = from; k < n; ++k)
      if (is_quoted(lines.raw[k])) return true;
    return false;
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (is_quoted(lines.raw[i])) {
      kinds[i] = Kind::quoted;
      continue;
    }
    if (is_separator(lines.norm[i]) || is_header_block(lines, i)) {
      std::size_t from = i;
      if (from > 0 && is_rule_line(lines.raw[from - 1])) --from;
      if (!seen_new && has_quoted_after(i + 1)) {
        // The separator and its header lines, up to the first blank line.
        std::size_t end = i + 1;
        while (end < n && !is_blank(lines.raw[end]) && !is_quoted(lines.raw[end])) ++end;
        for (std::size_t m = from; m < end; ++m) kinds[m] = Kind::quoted;
        i = end - 1;
        continue;
      }
      std::fill(kinds.begin() + static_cast<std::ptrdiff_t>(from), kinds.end(), Kind::quoted);
      break;
    }
    bool strict = false;
    if (std::size_t k = attribution_at(lines, i, strict)) {
      std::size_t j = next_non_blank(lines, i + k);
      if (j < n && !is_quoted(lines.raw[j]) && seen_new) {
        // History pasted without `>` marks under a reply: everything after the attribution.
        std::fill(kinds.begin() + static_cast<std::ptrdiff_t>(i), kinds.end(), Kind::quoted);
        break;
      }
      for (std::size_t m = i; m < i + k; ++m) kinds[m] = Kind::quoted;
      i += k - 1;
      continue;
    }
    if (!is_blank(lines.raw[i])) seen_new = true;
  }

  // Runs of new text between quoted blocks.
  auto run_end = [&](std::size_t i) {
    while (i < n && kinds[i] == Kind::new_text) ++i;
    return i;
  };

  // 2. Disclaimers: from the opening phrase to the end of the run.
  for (std::size_t i = 0; i < n; ++i) {
    if (kinds[i] != Kind::new_text) continue;
    if (starts_with_any(lines.norm[i], kDisclaimers)) {
      std::size_t end = run_end(i);
      if (i > 0 && is_rule_line(lines.raw[i - 1]) && kinds[i - 1] == Kind::new_text)
        kinds[i - 1] = Kind::disclaimer;
      for (std::size_t m = i; m < end; ++m) kinds[m] = Kind::disclaimer;
      i = end;
    }
  }

  // 3. Mobile footers.
  for (std::size_t i = 0; i < n; ++i)
    if (kinds[i] == Kind::new_text && lines.norm[i].size() < 80 &&
        starts_with_any(lines.norm[i], kMobileFooters))
      kinds[i] = Kind::signature;

  // 4. "-- " delimiter: to the end of its run.
  bool delimited = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (kinds[i] != Kind::new_text) continue;
    std::string_view l = lines.raw[i];
    if (l == "-- " || l == "--" || l == "-- \r") {
      std::size_t end = run_end(i);
      for (std::size_t m = i; m < end; ++m) kinds[m] = Kind::signature;
      delimited = true;
      break;
    }
  }

  // 5. Sign-off followed by a short contact block, in the last run of new text; else a last
  //    paragraph made of contact details only.
  if (!delimited) {
    std::size_t last = n;
    for (std::size_t i = n; i-- > 0;)
      if (kinds[i] == Kind::new_text && !is_blank(lines.raw[i])) {
        last = i;
        break;
      }
    if (last < n) {
      std::size_t run_start = last;
      while (run_start > 0 && kinds[run_start - 1] == Kind::new_text) --run_start;
      std::size_t end = last + 1;
      bool found = false;
      for (std::size_t i = last + 1; i-- > run_start;) {
        if (is_sign_off(lines.norm[i])) {
          if (i + 1 < end && looks_like_signature_block(lines, i + 1, end, 1)) {
            for (std::size_t m = i + 1; m < end; ++m) kinds[m] = Kind::signature;
          }
          found = true;
          break;
        }
      }
      if (!found) {
        // The last paragraph, when it is nothing but contact details (two or more lines of
        // them) and something precedes it.
        std::size_t para = last;
        while (para > run_start && !is_blank(lines.raw[para - 1])) --para;
        if (para > run_start && looks_like_signature_block(lines, para, end, 2))
          for (std::size_t m = para; m < end; ++m) kinds[m] = Kind::signature;
      }
    }
  }

  SplitText out;
  out.new_text = join(lines, kinds, Kind::new_text);
  out.quoted = join(lines, kinds, Kind::quoted);
  out.signature = join(lines, kinds, Kind::signature);
  out.disclaimer = join(lines, kinds, Kind::disclaimer);
  return out;
}

}  // namespace courtois
