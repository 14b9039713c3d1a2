# Writes a C++ source holding docs/openapi.json, so the service serves the very document that is
# in docs/. Run at build time: cmake -DINPUT=... -DOUTPUT=... -P embed_openapi.cmake
file(READ "${INPUT}" document)
string(FIND "${document}" ")courtois_openapi\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )courtois_openapi\"")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from docs/openapi.json by server/embed_openapi.cmake: do not edit.\n"
  "#include \"courtois/server/http.hpp\"\n\n"
  "namespace courtois::server {\n"
  "std::string_view openapi_document() {\n"
  "  static constexpr std::string_view document = R\"courtois_openapi(${document})courtois_openapi\";\n"
  "  return document;\n"
  "}\n"
  "}  // namespace courtois::server\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
