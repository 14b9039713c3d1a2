// courtoisd: the Courtois service. Everything lives in courtois_server so that `courtois serve`
// runs the same code with the same options.
#include <string>
#include <vector>

#include "courtois/server/server.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return courtois::server_main(args, "courtoisd");
}
