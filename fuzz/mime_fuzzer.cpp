// libFuzzer target: Message::from_raw with small limits (so deep, wide and long inputs reach
// every limit quickly), then the text helpers on what it produced. Any crash, sanitizer report
// or invalid UTF-8 in the new text is a bug; save the input in fuzz/corpus/mime/regressions/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "courtois/message.hpp"

namespace {

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  courtois::ParseLimits limits;
  limits.max_message_bytes = 256 * 1024;
  limits.max_header_line = 2048;
  limits.max_header_bytes = 16 * 1024;
  limits.max_depth = 8;
  limits.max_parts = 64;
  limits.max_text_bytes = 64 * 1024;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto result = courtois::Message::from_raw(bytes, limits);
  if (result.ok()) {
    const courtois::Message& m = *result;
    if (!valid_utf8(m.new_text) || !valid_utf8(m.body_text) || !valid_utf8(m.subject) ||
        !valid_utf8(m.from.name))
      std::abort();
    (void)m.is_automatic();
  }
  return 0;
}
