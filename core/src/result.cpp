#include "courtois/result.hpp"

namespace courtois {

std::string_view errc_name(Errc code) {
  switch (code) {
    case Errc::bad_input:
      return "bad_input";
    case Errc::too_large:
      return "too_large";
    case Errc::not_found:
      return "not_found";
    case Errc::io:
      return "io";
    case Errc::rule:
      return "rule";
    case Errc::plugin:
      return "plugin";
    case Errc::unsupported:
      return "unsupported";
    case Errc::unauthorized:
      return "unauthorized";
    case Errc::internal:
      return "internal";
  }
  return "internal";
}

}  // namespace courtois
