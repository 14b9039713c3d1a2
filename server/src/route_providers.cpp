// The explicit list of route providers: read this file to know which areas add endpoints to
// the service. Each provider lives in server/src/routes/<area>.cpp (see http.hpp for the
// registration API). Order matters only for routes that would match the same path, which
// Router::add refuses anyway.
#include "courtois/server/http.hpp"

namespace courtois::server {

// ROUTE-PROVIDER-DECLARATIONS (one line per area)
void add_core_routes(Router& router);
void add_replies_routes(Router& router);
void add_store_routes(Router& router);

void add_all_routes(Router& router) {
  // ROUTE-PROVIDER-LIST (one line per area)
  add_core_routes(router);
  add_replies_routes(router);
  add_store_routes(router);
}

}  // namespace courtois::server
