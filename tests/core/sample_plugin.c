/* A sample external plugin: flags every occurrence of the word "invoice" (case-sensitive),
 * to prove the versioned C entry point. Built twice by the tests: once for this host's ABI
 * version and once claiming a future version, which the host must refuse. */
#include <string.h>

#include "courtois/plugin_abi.h"

#ifndef SAMPLE_ABI_VERSION
#define SAMPLE_ABI_VERSION COURTOIS_PLUGIN_ABI_VERSION
#endif

static void analyse(const struct courtois_message_v1* m, courtois_emit_v1 emit, void* sink) {
  const char* needle = "invoice";
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= m->text_size; ++i)
    if (memcmp(m->text + i, needle, n) == 0)
      emit(sink, "SAMPLE_INVOICE", "sample", "mentions an invoice", i, i + n, 0.5);
}

static const struct courtois_plugin_v1 descriptor = {SAMPLE_ABI_VERSION, "sample",
                                                     "flags the word invoice", NULL, analyse};

const struct courtois_plugin_v1* courtois_plugin_entry(uint32_t host_abi_version) {
  (void)host_abi_version;
  return &descriptor;
}
