// Decoders of the mail layer: our own base64, quoted-printable, RFC 2047 and RFC 2231, so
// that no third-party table lookup or canonicalisation ever runs on raw mail bytes (mimetic's
// base64 codec reads past its table on 8-bit input). Charsets are converted with ICU.
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "mail/mail_internal.hpp"

namespace courtois::mail {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim_ws(std::string_view s) {
  auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

static char lower_char(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower_char(a[i]) != lower_char(b[i])) return false;
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// ---------------------------------------------------------------- UTF-8

// Length of the valid UTF-8 sequence at s[i], 0 when invalid (overlongs, surrogates and
// code points above U+10FFFF are invalid).
static std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = s.size() - i;
  auto cont = [&](std::size_t k) { return (b(i + k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return (n >= 2 && cont(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || !cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;
    if (c == 0xED && b(i + 1) > 0x9F) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;
    if (c == 0xF4 && b(i + 1) > 0x8F) return 0;
    return 4;
  }
  return 0;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // Runs of ASCII, 8 bytes at a time.
    while (i + 8 <= s.size()) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if ((word & 0x8080808080808080ull) != 0) break;
      i += 8;
    }
    if (i >= s.size()) break;
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = utf8_sequence(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string repair_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

void truncate_utf8(std::string& s, std::size_t max) {
  if (s.size() <= max) return;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
}

static bool all_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// ---------------------------------------------------------------- transfer encodings

std::string decode_base64(std::string_view in) {
  static constexpr auto table = [] {
    std::array<std::int8_t, 256> t{};
    t.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i)
      t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    // The URL-safe alphabet shows up in the wild too.
    t['-'] = 62;
    t['_'] = 63;
    return t;
  }();
  std::string out;
  out.reserve(in.size() / 4 * 3 + 3);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char ch : in) {
    if (ch == '=') break;  // padding: the rest is not data
    std::int8_t v = table[static_cast<unsigned char>(ch)];
    if (v < 0) continue;  // line breaks, spaces and junk are skipped
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string decode_quoted_printable(std::string_view in, bool q_header) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    char c = in[i];
    if (c == '=') {
      int h = i + 1 < in.size() ? hex_value(in[i + 1]) : -1;
      int l = i + 2 < in.size() ? hex_value(in[i + 2]) : -1;
      if (h >= 0 && l >= 0) {
        out.push_back(static_cast<char>(h * 16 + l));
        i += 3;
        continue;
      }
      if (!q_header) {
        // Soft line break: "=" then optional trailing white space then the line end.
        std::size_t j = i + 1;
        while (j < in.size() && (in[j] == ' ' || in[j] == '\t')) ++j;
        if (j < in.size() && in[j] == '\r') ++j;
        if (j < in.size() && in[j] == '\n') {
          i = j + 1;
          continue;
        }
        if (j == in.size()) {
          i = j;
          continue;
        }
      }
      out.push_back('=');  // a stray '=' is kept as written
      ++i;
      continue;
    }
    if (q_header && c == '_') {
      out.push_back(' ');
      ++i;
      continue;
    }
    if (!q_header && (c == ' ' || c == '\t')) {
      // Trailing white space before a line end is transport padding.
      std::size_t j = i;
      while (j < in.size() && (in[j] == ' ' || in[j] == '\t')) ++j;
      if (j == in.size() || in[j] == '\n' ||
          (in[j] == '\r' && j + 1 < in.size() && in[j + 1] == '\n')) {
        i = j;
        continue;
      }
      out.append(in.substr(i, j - i));
      i = j;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

// ---------------------------------------------------------------- charsets

namespace {

// ICU writes U+FFFD for every invalid or unmappable byte sequence.
void to_u_replacement(const void*, UConverterToUnicodeArgs* args, const char*, int32_t,
                      UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;
  static const UChar replacement = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &replacement, 1, 0, err);
}

struct ConverterClose {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Opening converters is costly: one cache per thread, keyed by normalised label.
UConverter* converter_for(const std::string& label) {
  thread_local std::map<std::string, std::unique_ptr<UConverter, ConverterClose>> cache;
  auto it = cache.find(label);
  if (it != cache.end()) return it->second.get();
  if (cache.size() > 64) cache.clear();
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(label.c_str(), &status);
  if (U_FAILURE(status) || conv == nullptr || status == U_AMBIGUOUS_ALIAS_WARNING) {
    if (conv != nullptr && status == U_AMBIGUOUS_ALIAS_WARNING) {
      // Ambiguous aliases still name a usable converter.
    } else {
      if (conv != nullptr) ucnv_close(conv);
      cache.emplace(label, nullptr);
      return nullptr;
    }
  }
  status = U_ZERO_ERROR;
  ucnv_setToUCallBack(conv, to_u_replacement, nullptr, nullptr, nullptr, &status);
  cache.emplace(label, conv);
  return conv;
}

std::string convert_with(UConverter* conv, std::string_view bytes) {
  ucnv_reset(conv);
  std::u16string utf16;
  utf16.resize(bytes.size() * 2 + 16);
  UErrorCode status = U_ZERO_ERROR;
  int32_t len = ucnv_toUChars(conv, utf16.data(), static_cast<int32_t>(utf16.size()), bytes.data(),
                              static_cast<int32_t>(bytes.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    utf16.resize(static_cast<std::size_t>(len) + 1);
    status = U_ZERO_ERROR;
    ucnv_reset(conv);
    len = ucnv_toUChars(conv, utf16.data(), static_cast<int32_t>(utf16.size()), bytes.data(),
                        static_cast<int32_t>(bytes.size()), &status);
  }
  if (U_FAILURE(status)) return repair_utf8(bytes);
  std::string out;
  out.resize(static_cast<std::size_t>(len) * 3 + 4);
  int32_t out_len = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &out_len, utf16.data(), len,
                     0xFFFD, nullptr, &status);
  if (U_FAILURE(status)) return repair_utf8(bytes);
  out.resize(static_cast<std::size_t>(out_len));
  return out;
}

std::string normalise_label(std::string_view charset) {
  std::string label = lower_ascii(trim_ws(charset));
  if (label.size() >= 2 && (label.front() == '"' || label.front() == '\'')) {
    label = label.substr(1, label.size() - 2);
  }
  // RFC 2231 / 2184 language suffix: "utf-8*fr".
  if (auto star = label.find('*'); star != std::string::npos) label.resize(star);
  return label;
}

bool is_latin1_label(const std::string& l) {
  return l == "iso-8859-1" || l == "iso8859-1" || l == "iso_8859-1" || l == "latin1" ||
         l == "latin-1" || l == "l1" || l == "cp819" || l == "ibm819" || l == "iso-ir-100" ||
         l == "iso_8859-1:1987" || l == "csisolatin1" || l == "8859-1" || l == "iso8859_1";
}

bool is_ascii_label(const std::string& l) {
  return l == "us-ascii" || l == "ascii" || l == "us" || l == "ansi_x3.4-1968" ||
         l == "iso646-us" || l == "csascii" || l == "ibm367" || l == "cp367" || l == "iso-ir-6";
}

bool is_utf8_label(const std::string& l) {
  return l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8";
}

// Labels of charsets whose ASCII bytes mean ASCII (so pure ASCII input needs no conversion).
bool ascii_compatible(const std::string& l) {
  return is_utf8_label(l) || is_latin1_label(l) || is_ascii_label(l) ||
         l.rfind("iso-8859-", 0) == 0 || l.rfind("windows-125", 0) == 0 ||
         l.rfind("cp125", 0) == 0 || l.rfind("koi8", 0) == 0 || l == "gb2312" || l == "gbk" ||
         l == "big5" || l == "shift_jis" || l == "euc-jp" || l == "euc-kr" || l == "gb18030";
}

std::string windows_1252(std::string_view bytes) {
  UConverter* conv = converter_for("windows-1252");
  if (conv == nullptr) return repair_utf8(bytes);
  return convert_with(conv, bytes);
}

// ICU's detector, restricted to the first 64 KiB for speed.
std::string detect_charset(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&status);
  if (U_FAILURE(status)) return {};
  std::string_view sample = bytes.substr(0, 64 * 1024);
  ucsdet_setText(det, sample.data(), static_cast<int32_t>(sample.size()), &status);
  const UCharsetMatch* match = ucsdet_detect(det, &status);
  std::string name;
  if (U_SUCCESS(status) && match != nullptr) {
    const char* n = ucsdet_getName(match, &status);
    if (U_SUCCESS(status) && n != nullptr) name = lower_ascii(n);
  }
  ucsdet_close(det);
  return name;
}

}  // namespace

std::string to_utf8(std::string_view bytes, std::string_view charset, std::string* note) {
  std::string label = normalise_label(charset);
  if (all_ascii(bytes) && (label.empty() || ascii_compatible(label))) return std::string(bytes);
  if (is_utf8_label(label)) return valid_utf8(bytes) ? std::string(bytes) : repair_utf8(bytes);
  if (is_latin1_label(label)) return windows_1252(bytes);
  if (is_ascii_label(label) || label.empty()) {
    // 8-bit bytes under "us-ascii" or no label at all: UTF-8 when it is valid UTF-8 (the
    // common mislabel), else what the detector says; windows-1252 as the last resort.
    if (valid_utf8(bytes)) return std::string(bytes);
    if (is_ascii_label(label)) return windows_1252(bytes);
    std::string detected = detect_charset(bytes);
    if (!detected.empty() && detected != "utf-8") {
      if (is_latin1_label(detected)) return windows_1252(bytes);
      if (UConverter* conv = converter_for(detected)) return convert_with(conv, bytes);
    }
    return windows_1252(bytes);
  }
  if (label == "windows-1252" || label == "cp1252") return windows_1252(bytes);
  // Real charset names are short and plain; anything else is not handed to ICU.
  bool plausible =
      label.size() <= 40 &&
      label.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.:+") == std::string::npos;
  if (UConverter* conv = plausible ? converter_for(label) : nullptr)
    return convert_with(conv, bytes);
  // Unknown or invalid label: detect.
  if (valid_utf8(bytes)) {
    if (note)
      *note = "unknown charset " + repair_utf8(trim_ws(charset).substr(0, 64)) + ", read as UTF-8";
    return std::string(bytes);
  }
  std::string detected = detect_charset(bytes);
  if (!detected.empty() && !is_latin1_label(detected) && detected != "utf-8") {
    if (UConverter* conv = converter_for(detected)) {
      if (note)
        *note = "unknown charset " + repair_utf8(trim_ws(charset).substr(0, 64)) + ", detected " +
                detected;
      return convert_with(conv, bytes);
    }
  }
  if (note)
    *note =
        "unknown charset " + repair_utf8(trim_ws(charset).substr(0, 64)) + ", read as windows-1252";
  return windows_1252(bytes);
}

// ---------------------------------------------------------------- RFC 2047

namespace {

struct EncodedWord {
  std::string charset;
  std::string bytes;  // decoded, still in charset
  std::size_t end = 0;
};

// Parses "=?charset?Q|B?text?=" at raw[pos]; false when it is not an encoded word.
bool parse_encoded_word(std::string_view raw, std::size_t pos, EncodedWord& word) {
  if (raw.compare(pos, 2, "=?") != 0) return false;
  std::size_t q1 = raw.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 == pos + 2 || q1 - pos > 80) return false;
  if (q1 + 2 >= raw.size() || raw[q1 + 2] != '?') return false;
  char enc = lower_char(raw[q1 + 1]);
  if (enc != 'q' && enc != 'b') return false;
  std::size_t text_start = q1 + 3;
  std::size_t close = raw.find("?=", text_start);
  if (close == std::string_view::npos) return false;
  std::string_view text = raw.substr(text_start, close - text_start);
  // Encoded words contain no white space; a long run without "?=" is not one.
  if (text.find_first_of(" \t\r\n") != std::string_view::npos && enc == 'b') return false;
  word.charset = std::string(raw.substr(pos + 2, q1 - pos - 2));
  word.bytes = enc == 'b' ? decode_base64(text) : decode_quoted_printable(text, true);
  word.end = close + 2;
  return true;
}

std::string raw_text_to_utf8(std::string_view bytes) {
  if (all_ascii(bytes) || valid_utf8(bytes)) return std::string(bytes);
  return windows_1252(bytes);
}

}  // namespace

std::string decode_header_text(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  std::string pending_bytes, pending_charset;  // adjacent encoded words of one charset
  auto flush = [&] {
    if (!pending_bytes.empty() || !pending_charset.empty()) {
      out += to_utf8(pending_bytes, pending_charset);
      pending_bytes.clear();
      pending_charset.clear();
    }
  };
  std::size_t i = 0;
  std::size_t literal_start = 0;
  bool last_was_word = false;
  while (i < raw.size()) {
    if (raw[i] == '=' && i + 1 < raw.size() && raw[i + 1] == '?') {
      EncodedWord word;
      if (parse_encoded_word(raw, i, word)) {
        std::string_view between = raw.substr(literal_start, i - literal_start);
        bool only_space = trim_ws(between).empty();
        if (!(last_was_word && only_space)) {
          flush();
          out += raw_text_to_utf8(between);
        }
        std::string cs = normalise_label(word.charset);
        if (!pending_charset.empty() && cs != pending_charset) flush();
        pending_charset = cs;
        pending_bytes += word.bytes;
        i = word.end;
        literal_start = i;
        last_was_word = true;
        continue;
      }
    }
    ++i;
  }
  flush();
  out += raw_text_to_utf8(raw.substr(literal_start));
  // Unfold: line breaks of folding become nothing, tabs spaces.
  std::string clean;
  clean.reserve(out.size());
  for (char c : out) {
    if (c == '\r' || c == '\n') continue;
    clean.push_back(c == '\t' ? ' ' : c);
  }
  return clean;
}

// ---------------------------------------------------------------- parameters (RFC 2045/2231)

std::string HeaderParams::get(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return {};
}

namespace {

// Percent-decoding of RFC 2231 extended values.
std::string percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      int h = hex_value(in[i + 1]), l = hex_value(in[i + 2]);
      if (h >= 0 && l >= 0) {
        out.push_back(static_cast<char>(h * 16 + l));
        i += 2;
        continue;
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

struct RawParam {
  std::string name;  // lower case, without the section or '*'
  int section = -1;  // -1 when not a continuation
  bool extended = false;
  std::string value;
};

}  // namespace

HeaderParams parse_header_params(std::string_view raw) {
  HeaderParams out;
  std::size_t i = 0;
  // The value: up to the first ';'.
  std::size_t semi = raw.find(';');
  out.value = lower_ascii(trim_ws(raw.substr(0, semi)));
  // Strip comments in the value ("text/plain (comment)").
  if (auto paren = out.value.find('('); paren != std::string::npos) {
    out.value = std::string(trim_ws(std::string_view(out.value).substr(0, paren)));
  }
  if (semi == std::string_view::npos) return out;
  i = semi + 1;
  std::vector<RawParam> raw_params;
  while (i < raw.size() && raw_params.size() < 256) {
    while (i < raw.size() &&
           (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\r' || raw[i] == '\n' || raw[i] == ';'))
      ++i;
    if (i >= raw.size()) break;
    std::size_t name_start = i;
    while (i < raw.size() && raw[i] != '=' && raw[i] != ';') ++i;
    std::string name = lower_ascii(trim_ws(raw.substr(name_start, i - name_start)));
    if (i >= raw.size() || raw[i] == ';') continue;  // attribute without value
    ++i;                                             // '='
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\r' || raw[i] == '\n'))
      ++i;
    std::string value;
    if (i < raw.size() && raw[i] == '"') {
      ++i;
      while (i < raw.size() && raw[i] != '"') {
        if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
        value.push_back(raw[i]);
        ++i;
      }
      if (i < raw.size()) ++i;  // closing quote
    } else {
      std::size_t v_start = i;
      while (i < raw.size() && raw[i] != ';') ++i;
      value = std::string(trim_ws(raw.substr(v_start, i - v_start)));
    }
    RawParam p;
    p.extended = !name.empty() && name.back() == '*';
    if (p.extended) name.pop_back();
    if (auto star = name.find('*'); star != std::string::npos) {
      std::string_view digits = std::string_view(name).substr(star + 1);
      // RFC 2231 section numbers: at most three digits, so that "name*99999999999" is no
      // section (and no integer overflow), only an unusual parameter name.
      int section = 0;
      bool ok = !digits.empty() && digits.size() < 4;
      for (std::size_t d = 0; ok && d < digits.size(); ++d) {
        if (digits[d] < '0' || digits[d] > '9')
          ok = false;
        else
          section = section * 10 + (digits[d] - '0');
      }
      if (ok) {
        p.section = section;
        name.resize(star);
      }
    }
    p.name = std::move(name);
    p.value = std::move(value);
    if (!p.name.empty()) raw_params.push_back(std::move(p));
  }
  // Join continuations in section order; decode extended values.
  std::vector<std::string> done;
  for (std::size_t k = 0; k < raw_params.size(); ++k) {
    const std::string& name = raw_params[k].name;
    if (std::find(done.begin(), done.end(), name) != done.end()) continue;
    done.push_back(name);
    std::vector<const RawParam*> parts;
    for (const auto& p : raw_params)
      if (p.name == name) parts.push_back(&p);
    bool sectioned =
        std::any_of(parts.begin(), parts.end(), [](auto* p) { return p->section >= 0; });
    if (!sectioned) {
      const RawParam* p = parts.front();
      if (p->extended) {
        // charset'language'percent-encoded
        std::size_t a = p->value.find('\''),
                    b = a == std::string::npos ? a : p->value.find('\'', a + 1);
        if (b != std::string::npos) {
          out.params.emplace_back(name,
                                  to_utf8(percent_decode(std::string_view(p->value).substr(b + 1)),
                                          p->value.substr(0, a)));
        } else {
          out.params.emplace_back(name, raw_text_to_utf8(percent_decode(p->value)));
        }
      } else {
        out.params.emplace_back(name, decode_header_text(p->value));
      }
      continue;
    }
    std::stable_sort(parts.begin(), parts.end(),
                     [](auto* a, auto* b) { return a->section < b->section; });
    std::string charset, bytes;
    for (const RawParam* p : parts) {
      if (p->section < 0) continue;
      std::string_view v = p->value;
      if (p->extended) {
        if (p->section == 0) {
          std::size_t a = v.find('\''), b = a == std::string_view::npos ? a : v.find('\'', a + 1);
          if (b != std::string_view::npos) {
            charset = std::string(v.substr(0, a));
            v = v.substr(b + 1);
          }
        }
        bytes += percent_decode(v);
      } else {
        bytes += v;
      }
    }
    out.params.emplace_back(name,
                            charset.empty() ? decode_header_text(bytes) : to_utf8(bytes, charset));
  }
  return out;
}

// ---------------------------------------------------------------- format=flowed (RFC 3676)

std::string unflow(std::string_view text, bool delsp) {
  std::string out;
  out.reserve(text.size());
  std::string paragraph;
  std::size_t paragraph_depth = 0;
  bool open = false;
  auto close = [&] {
    if (!open) return;
    out.append(paragraph_depth, '>');
    if (paragraph_depth > 0 && !paragraph.empty()) out.push_back(' ');
    out += paragraph;
    out.push_back('\n');
    paragraph.clear();
    open = false;
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t depth = 0;
    while (depth < line.size() && line[depth] == '>') ++depth;
    line.remove_prefix(depth);
    if (!line.empty() && line.front() == ' ') line.remove_prefix(1);  // space-stuffing
    if (open && depth != paragraph_depth) close();
    bool signature = line == "-- ";
    bool soft = !signature && !line.empty() && line.back() == ' ';
    if (soft && delsp) line.remove_suffix(1);
    if (!open) {
      open = true;
      paragraph_depth = depth;
    }
    paragraph += line;
    if (!soft) close();
  }
  close();
  return out;
}

}  // namespace courtois::mail
