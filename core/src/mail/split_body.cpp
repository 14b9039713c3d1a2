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
#include <iterator>
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
    "e-mail d'origine",           "reply message",           "forwarded email",
    "begin forwarded text"};

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
                                          "ngā mihi",
                                          "nga mihi",
                                          "ngā mihi nui",
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
                                          "sent with thanks",
                                          "cdlt",
                                          "cdt",
                                          "bav",
                                          "bàv",
                                          "bien à toi",
                                          "bien a toi",
                                          "belle journée",
                                          "belle journee",
                                          "belle soirée",
                                          "excellente journée",
                                          "bonne semaine",
                                          "bonne continuation",
                                          "merci encore",
                                          "merci à vous",
                                          "merci et bonne journée",
                                          "je vous remercie",
                                          "je vous remercie par avance",
                                          "je vous remercie d'avance",
                                          "dans l'attente de votre retour",
                                          "dans l'attente de votre réponse",
                                          "dans l'attente de vous lire",
                                          "au plaisir",
                                          "thanks again",
                                          "thanks so much",
                                          "thank you very much",
                                          "thank you in advance",
                                          "many thanks in advance",
                                          "warmly",
                                          "warm wishes",
                                          "take care",
                                          "talk soon",
                                          "yours faithfully",
                                          "rgds"};

// Formal closings, matched on the end of a line of any length: "Veuillez agréer, Madame,
// Monsieur, l'expression de mes salutations distinguées." (or the last line of it, wrapped).
constexpr std::string_view kFormalClosingEnds[] = {
    "salutations distinguées",    "sentiments distingués",     "sentiments les meilleurs",
    "meilleurs sentiments",       "salutations respectueuses", "respectueuses salutations",
    "considération distinguée",   "mes sincères salutations",  "nos sincères salutations",
    "mes meilleures salutations", "nos meilleures salutations"};

// A postscript opens with one of these, then a space, ':', '.', '-' or the end of the line.
// It is new text even after a signature ("Cordialement,\nClaire\n\nPS : pouvez-vous ...?").
constexpr std::string_view kPostscripts[] = {"p.-s.", "p.-s", "p.p.s.", "p.s.", "p.s", "p-s",
                                             "pps",   "ps",   "n.b.",   "n.b",  "nb"};

constexpr std::string_view kMobileFooters[] = {"sent from my",
                                               "envoyé de mon",
                                               "envoyé depuis mon",
                                               "envoye de mon",
                                               "get outlook for",
                                               "télécharger outlook",
                                               "obtenir outlook pour",
                                               "sent from mail for",
                                               "sent from yahoo mail",
                                               "envoyé à partir de",
                                               "envoyé à partir d'",
                                               "sent from outlook",
                                               "envoyé depuis outlook",
                                               "envoyé de outlook",
                                               "envoyé avec proton",
                                               "sent with proton",
                                               "provenance : courrier pour windows",
                                               "provenance: courrier pour windows"};

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

// Labels mailers put before a disclaimer, alone on their line or before its first phrase
// ("AVERTISSEMENT : Ce message et ses pièces jointes ...").
constexpr std::string_view kDisclaimerLabels[] = {"avertissement",
                                                  "avertissement de confidentialité",
                                                  "avis de confidentialité",
                                                  "confidentialité",
                                                  "confidentiel",
                                                  "mentions légales",
                                                  "clause de confidentialité",
                                                  "disclaimer",
                                                  "confidentiality",
                                                  "confidentiality notice",
                                                  "confidential",
                                                  "legal notice",
                                                  "notice",
                                                  "important",
                                                  "warning"};

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

template <std::size_t N>
bool equals_any(std::string_view s, const std::string_view (&keys)[N]) {
  return std::find(std::begin(keys), std::end(keys), s) != std::end(keys);
}

struct Lines {
  std::vector<std::string_view> raw;
  std::vector<std::string> norm;
};

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_header_block(const Lines& lines, std::size_t i) {
  if (!starts_with_any(lines.norm[i], kFromKeys)) return false;
  // A mailer's block has a dated "Sent:" line or an address; "De : notre côté, tout est
  // prêt\nÀ : vous de voir\nObjet : la livraison" is prose.
  bool sent = false, to = false, subject = false;
  bool address = lines.norm[i].find('@') != std::string::npos;
  int seen = 0;
  for (std::size_t k = i + 1; k < lines.raw.size() && seen < kHeaderBlockSpan; ++k) {
    const std::string& n = lines.norm[k];
    if (n.empty()) {
      if (sent || to || subject) break;
      continue;
    }
    ++seen;
    if (n.find('@') != std::string::npos) address = true;
    if (starts_with_any(n, kSentKeys)) {
      if (has_digit(n)) sent = true;  // a date has digits; "Date : à convenir" is prose
    } else if (starts_with_any(n, kToKeys)) {
      to = true;
    } else if (starts_with_any(n, kSubjectKeys)) {
      subject = true;
    }
  }
  return static_cast<int>(sent) + static_cast<int>(to) + static_cast<int>(subject) >= 2 &&
         (sent || address);
}

// What an attribution line written by a mailer carries and prose rarely does. Weak evidence:
// a year or a numeric date ("2026", "02/03"), enough to read "On Thu, 22 Aug 2002, Joseph
// wrote:" as an attribution. Strong evidence: an address or a time ("10:12", "10h12"), which
// every mailer's attribution has; only then is unmarked text after it taken for history, since
// "Le 12 mars 2026, le technicien a écrit :" followed by his words is a sentence.
enum class Evidence { none, weak, strong };

Evidence attribution_evidence(std::string_view s) {
  if (s.find('@') != std::string_view::npos) return Evidence::strong;
  auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  Evidence found = Evidence::none;
  std::size_t run = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (!digit(k)) {
      run = 0;
      continue;
    }
    if (++run >= 4) found = Evidence::weak;  // a year
    if (k + 1 >= s.size() || !digit(k + 2)) continue;
    char sep = s[k + 1];
    if (sep == ':' || sep == 'h') return Evidence::strong;  // 10:12, 10h12
    if (sep == '/') found = Evidence::weak;                 // 02/03/2026
  }
  return found;
}

Evidence strict_attribution(std::string_view s) {
  if (s.size() > 400) return Evidence::none;
  for (const auto& a : kAttributions)
    if (starts_with(s, a.prefix) && ends_with(s, a.suffix) &&
        s.size() > a.prefix.size() + a.suffix.size() + 4)
      return attribution_evidence(s);
  return Evidence::none;
}

std::size_t next_non_blank(const Lines& lines, std::size_t i) {
  while (i < lines.raw.size() && is_blank(lines.raw[i])) ++i;
  return i;
}

// Number of lines of the attribution starting at i (0 when none); `timed` tells whether it
// carries strong evidence (a time or an address): such a line marks history even without `>`
// lines after it.
std::size_t attribution_at(const Lines& lines, std::size_t i, bool& timed) {
  const std::string& n = lines.norm[i];
  timed = false;
  if (n.empty()) return 0;
  if (Evidence e = strict_attribution(n); e != Evidence::none) {
    timed = e == Evidence::strong;
    return 1;
  }
  if (i + 1 < lines.raw.size() && !is_quoted(lines.raw[i + 1]) &&
      (starts_with(n, "on ") || starts_with(n, "le "))) {
    std::string joined = n + " " + lines.norm[i + 1];
    if (Evidence e = strict_attribution(joined); e != Evidence::none) {
      timed = e == Evidence::strong;
      return 2;
    }
  }
  if (n.size() < 300) {
    for (auto end : kLooseAttributionEnds) {
      if (ends_with(n, end)) {
        std::size_t j = next_non_blank(lines, i + 1);
        if (j < lines.raw.size() && is_quoted(lines.raw[j])) return 1;
      }
    }
  }
  return 0;
}

std::string_view trim_closing(std::string_view s) {
  while (!s.empty() && (s.back() == ',' || s.back() == '.' || s.back() == '!' || s.back() == ' '))
    s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

bool is_sign_off_phrase(std::string_view s) {
  return s.size() <= 40 && equals_any(s, kSignOffs);
}

// A capitalised word: ASCII A-Z or a Latin-1 capital in UTF-8 (É, À ...).
bool starts_capitalised(std::string_view w) {
  if (w.empty()) return false;
  auto c = static_cast<unsigned char>(w[0]);
  if (c >= 'A' && c <= 'Z') return true;
  return c == 0xC3 && w.size() > 1 && static_cast<unsigned char>(w[1]) >= 0x80 &&
         static_cast<unsigned char>(w[1]) <= 0x9E;
}

// A sign-off line: "Cordialement,", "Best regards" ...; a formal French closing ("... mes
// salutations distinguées."); or a sign-off with the name after it on the same line
// ("Cordialement, Claire Dubois", "Best, Anna").
bool is_sign_off(std::string_view raw, const std::string& norm) {
  std::string_view s = trim_closing(norm);
  if (is_sign_off_phrase(s)) return true;
  if (s.size() <= 300)
    for (auto e : kFormalClosingEnds)
      if (ends_with(s, e)) return true;
  std::size_t comma = s.find(',');
  if (comma == std::string_view::npos || !is_sign_off_phrase(trim_closing(s.substr(0, comma))))
    return false;
  // The name after the comma, in the raw line: 1 to 4 capitalised words, nothing else.
  std::string_view t = mail::trim_ws(raw);
  std::size_t rc = t.find(',');
  if (rc == std::string_view::npos) return false;
  std::string_view name = mail::trim_ws(t.substr(rc + 1));
  while (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > 40) return false;
  std::size_t words = 0, at = 0;
  while (at < name.size()) {
    std::size_t sp = name.find(' ', at);
    std::string_view w = name.substr(at, sp == std::string_view::npos ? name.size() - at : sp - at);
    if (!w.empty()) {
      if (!starts_capitalised(w) || ++words > 4) return false;
      for (char c : w)
        if (c == '?' || c == ':' || c == ',' || (c >= '0' && c <= '9')) return false;
    }
    if (sp == std::string_view::npos) break;
    at = sp + 1;
  }
  return words > 0;
}

bool is_postscript(const std::string& norm) {
  for (auto p : kPostscripts) {
    if (!starts_with(norm, p)) continue;
    if (norm.size() == p.size()) return true;
    char c = norm[p.size()];
    if (c == ' ' || c == ':' || c == '.' || c == '-') return true;
  }
  return false;
}

// A disclaimer's first line: a known phrase at its start, or after a label
// ("AVERTISSEMENT : Ce message ...", "CONFIDENTIALITY: This email ...").
bool is_disclaimer_start(const std::string& norm) {
  if (starts_with_any(norm, kDisclaimers)) return true;
  std::size_t colon = norm.find(':');
  if (colon == std::string::npos || colon > 40) return false;
  if (!equals_any(trim_closing(std::string_view(norm).substr(0, colon)), kDisclaimerLabels))
    return false;
  std::string_view rest = std::string_view(norm).substr(colon + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return starts_with_any(rest, kDisclaimers);
}

// A label alone on its line before a disclaimer ("Avis de confidentialité :").
bool is_disclaimer_label(const std::string& norm) {
  std::string_view s = norm;
  while (!s.empty() && (s.back() == ':' || s.back() == ' ')) s.remove_suffix(1);
  return equals_any(s, kDisclaimerLabels);
}

bool has_contact_evidence(const std::string& norm) {
  int digits = 0;
  for (char c : norm)
    if (c >= '0' && c <= '9') ++digits;
  if (digits >= 8) return true;  // a phone number, a postal address with its code
  // "Claire Dubois | Gérante | Dubois Transports": fields set apart by bars.
  if (std::size_t bar = norm.find(" | ");
      bar != std::string::npos && norm.find(" | ", bar + 3) != std::string::npos)
    return true;
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
  bool all_short = true, sentence = false;
  for (std::size_t k = begin; k < end; ++k) {
    std::string_view t = mail::trim_ws(lines.raw[k]);
    if (t.empty()) continue;
    ++non_empty;
    std::size_t words = word_count(t);
    if (t.size() > 120 || t.back() == '?' || words >= 14) return false;
    if (t.size() > 60) all_short = false;
    // "mais le colis n'est pas arrivé.", "but the manual is missing": a sentence going on
    // after "Merci," is not a name nor a title.
    if (words >= 3 &&
        ((t.front() >= 'a' && t.front() <= 'z') || t.back() == '.' || t.back() == '!'))
      sentence = true;
    if (has_contact_evidence(lines.norm[k])) ++evidence;
  }
  // After a sign-off, a long corporate block (name, title, company, address lines,
  // T:/M:/E:/W:) may run to 16 lines with three lines of contact details; a block found
  // without a sign-off stays within 10 lines.
  if (non_empty == 0 || non_empty > 16 || (non_empty > 10 && (evidence < 3 || min_evidence > 1)))
    return false;
  if (evidence >= min_evidence && evidence > 0) return true;
  return min_evidence <= 1 && non_empty <= 3 && all_short && !sentence;
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
  //    or in-line reply when `>` lines come right under it: only the block itself is history
  //    then. When the text under it is unmarked, it is a forward, even if the forwarded
  //    message holds `>` lines of its own further down.
  bool seen_new = false;
  auto is_header_line = [&](std::size_t k) {
    const std::string& h = lines.norm[k];
    return starts_with_any(h, kFromKeys) || starts_with_any(h, kSentKeys) ||
           starts_with_any(h, kToKeys) || starts_with_any(h, kSubjectKeys) ||
           starts_with(h, "cc:") || starts_with(h, "cc :");
  };
  // The end of the separator and its header lines (also after a blank line), or 0 when
  // the first line under them is not a `>` line (or an attribution over `>` lines).
  auto block_then_quote = [&](std::size_t i) -> std::size_t {
    std::size_t end = i + 1;
    for (;;) {
      while (end < n && !is_blank(lines.raw[end]) && !is_quoted(lines.raw[end])) ++end;
      std::size_t j = next_non_blank(lines, end);
      if (j >= n) return 0;
      if (is_quoted(lines.raw[j])) return end;
      bool timed = false;
      if (std::size_t k = attribution_at(lines, j, timed); k != 0) {
        std::size_t q = next_non_blank(lines, j + k);
        return q < n && is_quoted(lines.raw[q]) ? end : 0;  // "X wrote:" then its `>` lines
      }
      if (!is_header_line(j)) return 0;
      end = j + 1;
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (is_quoted(lines.raw[i])) {
      kinds[i] = Kind::quoted;
      continue;
    }
    if (is_separator(lines.norm[i]) || is_header_block(lines, i)) {
      std::size_t from = i;
      if (from > 0 && is_rule_line(lines.raw[from - 1])) --from;
      if (std::size_t end = seen_new ? 0 : block_then_quote(i); end != 0) {
        for (std::size_t m = from; m < end; ++m) kinds[m] = Kind::quoted;
        i = end - 1;
        continue;
      }
      std::fill(kinds.begin() + static_cast<std::ptrdiff_t>(from), kinds.end(), Kind::quoted);
      break;
    }
    bool timed = false;
    if (std::size_t k = attribution_at(lines, i, timed)) {
      std::size_t j = next_non_blank(lines, i + k);
      if (j < n && !is_quoted(lines.raw[j]) && seen_new) {
        // Without a time or an address it is more likely prose quoting someone: new text.
        if (!timed) {
          seen_new = true;
          continue;
        }
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
    if (is_disclaimer_start(lines.norm[i])) {
      std::size_t end = run_end(i);
      std::size_t from = i;
      if (from > 0 && kinds[from - 1] == Kind::new_text &&
          is_disclaimer_label(lines.norm[from - 1]))
        --from;
      if (from > 0 && is_rule_line(lines.raw[from - 1]) && kinds[from - 1] == Kind::new_text)
        --from;
      for (std::size_t m = from; m < i; ++m) kinds[m] = Kind::disclaimer;
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
      // The first line of new text: a sign-off there opens a short reply ("Merci !\nJe
      // regarde ça demain."), it closes nothing.
      std::size_t first = 0;
      while (first < n && (kinds[first] != Kind::new_text || is_blank(lines.raw[first]))) ++first;
      bool done = false;
      std::size_t floor = run_start;  // the fallback's paragraph starts after this line
      for (std::size_t i = last + 1; i-- > run_start;) {
        if (i == first) break;
        if (!is_sign_off(lines.raw[i], lines.norm[i])) continue;
        // The block ends at a postscript: "PS : ..." after the name is new text again.
        std::size_t ps = i + 1;
        while (ps < end && !is_postscript(lines.norm[ps])) ++ps;
        std::size_t block_end = ps;
        if (ps < end)  // the blank lines before the postscript stay with it
          while (block_end > i + 1 && is_blank(lines.raw[block_end - 1])) --block_end;
        if (i + 1 < block_end && looks_like_signature_block(lines, i + 1, block_end, 1)) {
          for (std::size_t m = i + 1; m < block_end; ++m) kinds[m] = Kind::signature;
          done = true;
        }
        if (ps < end) {
          // After the postscript's paragraph, what is nothing but contact details (a list
          // footer, the name again with a phone number) is signature again.
          std::size_t after = ps;
          while (after < end && !is_blank(lines.raw[after])) ++after;
          after = next_non_blank(lines, after);
          if (after < end && looks_like_signature_block(lines, after, end, 2))
            for (std::size_t m = after; m < end; ++m) kinds[m] = Kind::signature;
          done = true;
        }
        floor = i;
        break;
      }
      if (!done) {
        // The last paragraph, when it is nothing but contact details (two or more lines of
        // them) and something precedes it (after the sign-off, when there is one).
        std::size_t para = last;
        while (para > floor && !is_blank(lines.raw[para - 1])) --para;
        if (para > floor && looks_like_signature_block(lines, para, end, 2))
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
