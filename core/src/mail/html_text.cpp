// HTML parts to plain text with gumbo. Our walk over the tree uses an explicit stack; gumbo's
// own tree teardown recurses, so documents nested deeper than kMaxTreeDepth (estimated by a
// cheap tag scan first) go to a plain tag stripper instead of gumbo.
#include <gumbo.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mail/mail_internal.hpp"

namespace courtois::mail {

namespace {

constexpr int kMaxTreeDepth = 1500;

bool is_void_tag(std::string_view name) {
  static constexpr std::string_view kVoid[] = {"br",     "img",   "hr",   "meta",  "input",
                                               "link",   "area",  "base", "col",   "embed",
                                               "source", "track", "wbr",  "param", "keygen"};
  for (auto v : kVoid)
    if (iequals(v, name)) return true;
  return false;
}

// Upper bound of the element nesting, counting every non-void open tag.
int estimate_depth(std::string_view html) {
  int depth = 0, max_depth = 0;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    std::size_t j = i + 1;
    bool closing = j < html.size() && html[j] == '/';
    if (closing) ++j;
    std::size_t name_start = j;
    while (j < html.size() &&
           ((html[j] >= 'a' && html[j] <= 'z') || (html[j] >= 'A' && html[j] <= 'Z') ||
            (html[j] >= '0' && html[j] <= '9')))
      ++j;
    std::string_view name = html.substr(name_start, j - name_start);
    std::size_t close = html.find('>', j);
    if (name.empty()) {
      i = j;
      continue;
    }
    bool self_closing = close != std::string_view::npos && close > 0 && html[close - 1] == '/';
    if (closing) {
      if (depth > 0) --depth;
    } else if (!self_closing && !is_void_tag(name)) {
      max_depth = std::max(max_depth, ++depth);
    }
    if (close == std::string_view::npos) break;
    i = close + 1;
  }
  return max_depth;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Builds lines: collapses white space, keeps blockquote depth as "> " prefixes.
class TextBuilder {
 public:
  void text(std::string_view s, bool preformatted) {
    for (char c : s) {
      if (preformatted) {
        if (c == '\n') {
          newline();
        } else if (c != '\r') {
          put(c);
        }
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        pending_space_ = true;
        continue;
      }
      put(c);
    }
  }
  void newline() {
    last_line_empty_ = at_line_start_;
    start_line_if_needed();
    out_.push_back('\n');
    at_line_start_ = true;
    pending_space_ = false;
  }
  void ensure_line_break() {
    if (!at_line_start_) newline();
    pending_space_ = false;
  }
  void ensure_blank_line() {
    ensure_line_break();
    if (!out_.empty() && !last_line_empty_) newline();
  }
  void separator() { pending_space_ = true; }
  int quote_depth = 0;
  std::string take() {
    // Trim trailing blank lines, end with one "\n".
    while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) out_.pop_back();
    if (!out_.empty()) out_.push_back('\n');
    return std::move(out_);
  }

 private:
  void start_line_if_needed() {
    if (at_line_start_ && quote_depth > 0) {
      out_.append(static_cast<std::size_t>(quote_depth), '>');
      out_.push_back(' ');
    }
    at_line_start_ = false;
  }
  void put(char c) {
    if (at_line_start_) {
      start_line_if_needed();
      pending_space_ = false;
    } else if (pending_space_) {
      out_.push_back(' ');
    }
    pending_space_ = false;
    out_.push_back(c);
  }
  std::string out_;
  bool at_line_start_ = true;
  bool last_line_empty_ = false;
  bool pending_space_ = false;
};

enum class Block { none, line, paragraph };

Block block_kind(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_DL:
      return Block::paragraph;
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_BODY:
      return Block::line;
    default:
      return Block::none;
  }
}

bool skipped_tag(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_HEAD ||
         tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TITLE;
}

std::string render_tree(const GumboNode* root) {
  TextBuilder b;
  struct Frame {
    const GumboNode* node;
    unsigned next_child;
  };
  std::vector<Frame> stack;
  stack.push_back({root, 0});
  int pre_depth = 0;
  auto enter = [&](const GumboNode* n) {
    GumboTag tag = n->v.element.tag;
    Block k = block_kind(tag);
    if (k == Block::paragraph)
      b.ensure_blank_line();
    else if (k == Block::line)
      b.ensure_line_break();
    if (tag == GUMBO_TAG_BLOCKQUOTE) ++b.quote_depth;
    if (tag == GUMBO_TAG_PRE) ++pre_depth;
    if (tag == GUMBO_TAG_LI) b.text("- ", true);
    if (tag == GUMBO_TAG_BR) b.newline();
  };
  auto leave = [&](const GumboNode* n) {
    GumboTag tag = n->v.element.tag;
    Block k = block_kind(tag);
    if (tag == GUMBO_TAG_BLOCKQUOTE) {
      b.ensure_line_break();
      --b.quote_depth;
    }
    if (tag == GUMBO_TAG_PRE) --pre_depth;
    if (k == Block::paragraph)
      b.ensure_blank_line();
    else if (k == Block::line)
      b.ensure_line_break();
    if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) b.separator();
  };
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboNode* n = f.node;
    const GumboVector* children = nullptr;
    if (n->type == GUMBO_NODE_DOCUMENT) children = &n->v.document.children;
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
      children = &n->v.element.children;
    if (children != nullptr && f.next_child < children->length) {
      const auto* child = static_cast<const GumboNode*>(children->data[f.next_child++]);
      switch (child->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE:
          b.text(child->v.text.text, pre_depth > 0);
          break;
        case GUMBO_NODE_ELEMENT:
          if (skipped_tag(child->v.element.tag)) break;
          enter(child);
          stack.push_back({child, 0});
          break;
        default:
          break;
      }
      continue;
    }
    if (n->type == GUMBO_NODE_ELEMENT) leave(n);
    stack.pop_back();
  }
  return b.take();
}

// Entities of the fallback stripper: the common named ones and numeric references.
std::size_t decode_entity(std::string_view s, std::size_t i, std::string& out) {
  std::size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  std::string_view name = s.substr(i + 1, semi - i - 1);
  if (!name.empty() && name[0] == '#') {
    std::uint32_t cp = 0;
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits) {
      int v = (c >= '0' && c <= '9')        ? c - '0'
              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : -1;
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
      if (cp > 0x10FFFF) cp = 0xFFFD;
    }
    append_utf8(out, cp);
    return semi + 1 - i;
  }
  static constexpr std::pair<std::string_view, std::uint32_t> kNamed[] = {
      {"amp", '&'},     {"lt", '<'},      {"gt", '>'},      {"quot", '"'},     {"apos", '\''},
      {"nbsp", 0xA0},   {"eacute", 0xE9}, {"egrave", 0xE8}, {"ecirc", 0xEA},   {"agrave", 0xE0},
      {"ccedil", 0xE7}, {"ugrave", 0xF9}, {"euro", 0x20AC}, {"rsquo", 0x2019}, {"hellip", 0x2026},
      {"laquo", 0xAB},  {"raquo", 0xBB},  {"ocirc", 0xF4},  {"icirc", 0xEE},   {"acirc", 0xE2}};
  for (auto [n, cp] : kNamed) {
    if (n == name) {
      append_utf8(out, cp);
      return semi + 1 - i;
    }
  }
  return 0;
}

std::string strip_tags(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  std::size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      std::size_t close = html.find('>', i);
      if (close == std::string_view::npos) break;
      std::string_view tag = html.substr(i + 1, close - i - 1);
      std::string name;
      for (char t : tag) {
        if (t == '/' && name.empty()) continue;
        if (!((t >= 'a' && t <= 'z') || (t >= 'A' && t <= 'Z') || (t >= '0' && t <= '9'))) break;
        name.push_back(t >= 'A' && t <= 'Z' ? static_cast<char>(t + 32) : t);
      }
      if ((name == "script" || name == "style") && !tag.empty() && tag[0] != '/') {
        std::size_t end = html.find("</", close);
        while (end != std::string_view::npos && !istarts_with(html.substr(end + 2), name))
          end = html.find("</", end + 2);
        i = end == std::string_view::npos ? html.size() : end;
        continue;
      }
      bool breaks = name == "br" || name == "p" || name == "div" || name == "li" || name == "tr";
      // At most one blank line in a row, none at the start.
      if (breaks && !out.empty() &&
          !(out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n'))
        out.push_back('\n');
      i = close + 1;
      continue;
    }
    if (c == '&') {
      if (std::size_t used = decode_entity(html, i, out)) {
        i += used;
        continue;
      }
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

}  // namespace

std::string html_to_text(std::string_view html, std::string* note) {
  if (estimate_depth(html) > kMaxTreeDepth) {
    if (note)
      *note = "HTML nested deeper than " + std::to_string(kMaxTreeDepth) +
              " elements: tags stripped without a parse tree";
    return repair_utf8(strip_tags(html));
  }
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (output == nullptr) return repair_utf8(strip_tags(html));
  std::string text = render_tree(output->document);
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  // gumbo turns &nbsp; into U+00A0: a plain space is what readers of the text expect.
  std::string clean;
  clean.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      clean.push_back(' ');
      ++i;
      continue;
    }
    clean.push_back(text[i]);
  }
  return repair_utf8(clean);
}

}  // namespace courtois::mail
