// courtois serve: the service, the same code as the courtoisd binary.
#include "commands.hpp"

#ifdef COURTOIS_WITH_SERVER
#include "courtois/server/server.hpp"
#endif

namespace courtois::cli {

int cmd_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
#ifdef COURTOIS_WITH_SERVER
  return server_main(args, "courtois serve");
#else
  err << "courtois serve: this build has no service (it was configured without server/); "
         "use the courtoisd binary of a full build\n";
  return kUsage;
#endif
}

}  // namespace courtois::cli
