/* The C entry point of an external Courtois plugin (a shared library in the plugin directory).
 *
 * A plugin exports one function:
 *     const struct courtois_plugin_v1* courtois_plugin_entry(uint32_t host_abi_version);
 * The host passes COURTOIS_PLUGIN_ABI_VERSION; the plugin returns a descriptor whose
 * abi_version must equal it, or NULL. A mismatch refuses the plugin with a message naming
 * both versions. Only C types cross the boundary. */
#ifndef COURTOIS_PLUGIN_ABI_H
#define COURTOIS_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define COURTOIS_PLUGIN_ABI_VERSION 1u

/* One message, as the plugin sees it. Strings are UTF-8 and NUL-terminated. */
struct courtois_message_v1 {
  const char* id;
  const char* text; /* the new text analysed; offsets refer to it */
  size_t text_size;
  const char* lang; /* "fr", "en", "unknown" */
  const char* date; /* RFC 3339 or "" */
  const char* from; /* address or "" */
  const char* subject;
};

/* Emits one finding; the host copies everything before returning. */
typedef void (*courtois_emit_v1)(void* sink, const char* symbol, const char* category,
                                 const char* description, size_t start, size_t end, double score);

struct courtois_plugin_v1 {
  uint32_t abi_version; /* COURTOIS_PLUGIN_ABI_VERSION */
  const char* name;
  const char* description;
  /* Optional: configure from the plugin's rules folder (path), NULL if none. Returns NULL on
   * success or a static error message. */
  const char* (*configure)(const char* rules_dir);
  /* Analyses one message; must be thread-safe. */
  void (*analyse)(const struct courtois_message_v1* message, courtois_emit_v1 emit, void* sink);
};

typedef const struct courtois_plugin_v1* (*courtois_plugin_entry_fn)(uint32_t host_abi_version);

#ifdef __cplusplus
}
#endif

#endif
