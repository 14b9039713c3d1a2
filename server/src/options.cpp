// Command line of courtoisd (and `courtois serve`): a table of options, help generated from it.
#include <charconv>
#include <cmath>
#include <iostream>
#include <sstream>

#include "courtois/server/server.hpp"

namespace courtois {
namespace {

struct OptionInfo {
  std::string_view name;
  std::string_view value;  // empty for flags
  std::string_view help;
};

constexpr OptionInfo kOptions[] = {
    {"--listen", "ADDR", "address to bind (default 127.0.0.1; loopback keeps mail local)"},
    {"--port", "N", "TCP port (default 7878; 0 picks a free one, see --port-file)"},
    {"--rules", "DIR", "shipped rules folder (default: the installed rules)"},
    {"--local-rules", "DIR",
     "local rule overrides (default: $XDG_CONFIG_HOME/courtois/rules.local)"},
    {"--no-local-rules", "", "ignore local rule overrides"},
    {"--plugins", "DIR", "folder of external plugins (*.so)"},
    {"--me", "ADDRESS", "one of the user's addresses (repeatable); also ?me= per request"},
    {"--threads", "N", "analysis worker threads (default: one per core)"},
    {"--io-threads", "N", "threads moving bytes (default 1)"},
    {"--max-body", "SIZE", "largest request body, e.g. 25M (default 25M)"},
    {"--max-header", "SIZE", "largest request header block (default 64K)"},
    {"--read-timeout", "SECONDS", "time allowed to send one whole request (default 30)"},
    {"--idle-timeout", "SECONDS", "time a kept-alive connection may stay silent (default 60)"},
    {"--drain-timeout", "SECONDS", "on SIGTERM, time left to in-flight requests (default 30)"},
    {"--allow-host", "NAME", "accept this Host name besides loopback ones (repeatable)"},
    {"--token-file", "PATH", "bearer token file (default: $XDG_CONFIG_HOME/courtois/token)"},
    {"--port-file", "PATH", "write the bound port to PATH once listening"},
    {"--quiet", "", "do not print the start-up line"},
    {"--print-token", "", "print the bearer token (creating it if needed) and exit"},
    {"--version", "", "print the version and exit"},
    {"--help", "", "print this help and exit"},
};

Result<std::size_t> parse_size(std::string_view option, std::string_view text) {
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  std::string_view unit(end, text.data() + text.size() - end);
  std::size_t scale = 1;
  if (unit == "" || unit == "B")
    scale = 1;
  else if (unit == "K" || unit == "KB" || unit == "k")
    scale = 1u << 10;
  else if (unit == "M" || unit == "MB" || unit == "m")
    scale = 1u << 20;
  else if (unit == "G" || unit == "GB" || unit == "g")
    scale = 1u << 30;
  else
    ec = std::errc::invalid_argument;
  if (ec != std::errc() || end == text.data() || value == 0)
    return make_error(Errc::bad_input, std::string(option) +
                                           ": expected a size such as 25M, 64K "
                                           "or 1048576, got '" +
                                           std::string(text) + "'");
  return value * scale;
}

Result<std::chrono::milliseconds> parse_seconds(std::string_view option, std::string_view text) {
  double seconds = 0;
  std::istringstream in{std::string(text)};
  in >> seconds;
  if (!in || !in.eof() || !std::isfinite(seconds) || seconds <= 0 || seconds > 86400)
    return make_error(Errc::bad_input, std::string(option) +
                                           ": expected a number of seconds between 0 and 86400 "
                                           "such as 30 or 0.5, got '" +
                                           std::string(text) + "'");
  return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

Result<unsigned> parse_count(std::string_view option, std::string_view text, unsigned min,
                             unsigned max) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
    return make_error(Errc::bad_input, std::string(option) + ": expected a whole number from " +
                                           std::to_string(min) + " to " + std::to_string(max) +
                                           ", got '" + std::string(text) + "'");
  return value;
}

}  // namespace

std::string server_usage(std::string_view program) {
  std::ostringstream out;
  out << "Usage: " << program << " [OPTIONS]\n"
      << "The Courtois service: HTTP/1.1 on loopback, JSON bodies, bearer token.\n"
      << "Routes: GET /v1/health, POST /v1/analyze, GET /v1/openapi.json, GET /metrics.\n\n"
      << "Options:\n";
  for (const auto& o : kOptions) {
    std::string left = "  " + std::string(o.name);
    if (!o.value.empty()) left += " " + std::string(o.value);
    out << left;
    out << std::string(left.size() < 28 ? 28 - left.size() : 1, ' ') << o.help << '\n';
  }
  out << "\nStops on SIGTERM or SIGINT after the requests in flight are answered.\n";
  return out.str();
}

Result<ServerOptions> parse_server_args(const std::vector<std::string>& args) {
  ServerOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionInfo* info = nullptr;
    for (const auto& candidate : kOptions)
      if (candidate.name == name) info = &candidate;
    if (!info) return make_error(Errc::bad_input, "unknown option '" + args[i] + "' (see --help)");
    std::string value;
    if (!info->value.empty()) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return make_error(Errc::bad_input,
                          name + ": needs a value (" + std::string(info->value) + ")");
      }
    } else if (inline_value) {
      return make_error(Errc::bad_input, name + ": takes no value");
    }

    auto fail = [](const Error& e) { return Result<ServerOptions>(e); };
    if (name == "--listen") {
      if (value.empty()) return make_error(Errc::bad_input, "--listen: empty address");
      o.listen = value;
    } else if (name == "--port") {
      auto port = parse_count(name, value, 0, 65535);
      if (!port) return fail(port.error());
      o.port = static_cast<unsigned short>(*port);
    } else if (name == "--rules") {
      o.rules_dir = value;
    } else if (name == "--local-rules") {
      o.local_rules_dir = value;
    } else if (name == "--no-local-rules") {
      o.no_local_rules = true;
    } else if (name == "--plugins") {
      o.plugin_dir = value;
    } else if (name == "--me") {
      o.me.push_back(value);
    } else if (name == "--threads") {
      auto n = parse_count(name, value, 1, 256);
      if (!n) return fail(n.error());
      o.threads = *n;
    } else if (name == "--io-threads") {
      auto n = parse_count(name, value, 1, 64);
      if (!n) return fail(n.error());
      o.io_threads = *n;
    } else if (name == "--max-body") {
      auto n = parse_size(name, value);
      if (!n) return fail(n.error());
      o.max_body = *n;
    } else if (name == "--max-header") {
      auto n = parse_size(name, value);
      if (!n) return fail(n.error());
      o.max_header = *n;
    } else if (name == "--read-timeout" || name == "--idle-timeout" || name == "--drain-timeout") {
      auto t = parse_seconds(name, value);
      if (!t) return fail(t.error());
      (name == "--read-timeout"   ? o.read_timeout
       : name == "--idle-timeout" ? o.idle_timeout
                                  : o.drain_timeout) = *t;
    } else if (name == "--allow-host") {
      o.allowed_hosts.push_back(value);
    } else if (name == "--token-file") {
      o.token_file = value;
    } else if (name == "--port-file") {
      o.port_file = value;
    } else if (name == "--quiet") {
      o.quiet = true;
    } else if (name == "--print-token") {
      o.print_token = true;
    } else if (name == "--version") {
      o.version = true;
    } else if (name == "--help") {
      o.help = true;
    }
  }
  return o;
}

int server_main(const std::vector<std::string>& args, std::string_view program) {
  auto options = parse_server_args(args);
  if (!options) {
    std::cerr << program << ": " << options.error().message << '\n';
    return 2;
  }
  if (options->help) {
    std::cout << server_usage(program);
    return 0;
  }
  if (options->version) {
    std::cout << "courtoisd " << COURTOIS_VERSION << '\n';
    return 0;
  }
  if (options->print_token) {
    auto path = options->token_file.value_or(default_token_path());
    auto token = load_or_create_token(path);
    if (!token) {
      std::cerr << program << ": " << token.error().message << '\n';
      return 1;
    }
    std::cout << *token << '\n';
    return 0;
  }
  return run_server(*options);
}

}  // namespace courtois
