// The engine: loads built-in and external plugins, configures them from the rules (a plugin
// with bad rules is disabled with its reason, the others run), orders them by dependency, and
// runs them on messages and threads.
#include "courtois/engine.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <numeric>
#include <set>

#include "courtois/plugin_abi.h"
#include "courtois/text.hpp"

namespace courtois {

namespace fs = std::filesystem;

// ---- External plugins ------------------------------------------------------------------------

struct Engine::External {
  void* handle = nullptr;
  ~External() {
    if (handle) dlclose(handle);
  }
};

namespace {

class ExternalPlugin : public Plugin {
 public:
  ExternalPlugin(const courtois_plugin_v1* d, fs::path path)
      : d_(d),
        path_(std::move(path)),
        name_(d->name ? d->name : path_.stem().string()),
        description_(d->description ? d->description : "") {}

  std::string_view name() const override { return name_; }
  std::string_view description() const override { return description_; }
  std::vector<RuleError> configure(const RuleSet& rules) override {
    if (!d_->configure) return {};
    // The plugin reads its own folder; give it the first folder that holds its files.
    std::string dir;
    if (!rules.json.empty())
      dir = rules.json.front().path.parent_path().string();
    else if (!rules.lists.empty())
      dir = rules.lists.front().path.parent_path().string();
    const char* err = d_->configure(dir.c_str());
    if (err) return {RuleError{path_.string(), 0, "configure", err}};
    return {};
  }

  void analyse(const Message& m, Analysis& out) const override {
    std::string date = out.date ? out.date->rfc3339() : std::string();
    courtois_message_v1 msg{out.id.c_str(),     out.text.c_str(), out.text.size(),
                            out.lang.c_str(),   date.c_str(),     out.from_address.c_str(),
                            out.subject.c_str()};
    struct Sink {
      Analysis* out;
      const std::string* name;
    } sink{&out, &name_};
    d_->analyse(
        &msg,
        [](void* s, const char* symbol, const char* category, const char* description,
           std::size_t start, std::size_t end, double score) {
          auto* sink = static_cast<Sink*>(s);
          Analysis& a = *sink->out;
          if (start > end || end > a.text.size()) {
            a.skipped.push_back("plugin " + *sink->name + ": finding " +
                                std::string(symbol ? symbol : "?") +
                                " has offsets outside the text; dropped");
            return;
          }
          Finding f;
          f.plugin = *sink->name;
          f.symbol = symbol ? symbol : "";
          f.category = category ? category : "";
          f.description = description ? description : "";
          f.rule = *sink->name;
          f.start = start;
          f.end = end;
          f.text = a.text.substr(start, end - start);
          f.score = score;
          a.findings.push_back(std::move(f));
        },
        &sink);
  }

 private:
  const courtois_plugin_v1* d_;
  fs::path path_;
  std::string name_, description_;
};

// Loads one shared library; on failure returns the reason.
std::unique_ptr<Plugin> load_external(const fs::path& path, void*& handle, std::string& reason) {
  handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* e = dlerror();
    reason = std::string("cannot load: ") + (e ? e : "unknown error");
    return nullptr;
  }
  auto entry = reinterpret_cast<courtois_plugin_entry_fn>(dlsym(handle, "courtois_plugin_entry"));
  if (!entry) {
    reason = "no courtois_plugin_entry symbol: not a Courtois plugin";
    return nullptr;
  }
  const courtois_plugin_v1* d = entry(COURTOIS_PLUGIN_ABI_VERSION);
  if (!d) {
    reason = "the plugin refused plugin ABI version " +
             std::to_string(COURTOIS_PLUGIN_ABI_VERSION) + " of this host";
    return nullptr;
  }
  if (d->abi_version != COURTOIS_PLUGIN_ABI_VERSION) {
    reason = "plugin ABI version " + std::to_string(d->abi_version) +
             " does not match this host's version " + std::to_string(COURTOIS_PLUGIN_ABI_VERSION) +
             "; rebuild the plugin";
    return nullptr;
  }
  if (!d->analyse || !d->name || !*d->name) {
    reason = "the descriptor lacks a name or an analyse function";
    return nullptr;
  }
  return std::make_unique<ExternalPlugin>(d, path);
}

}  // namespace

// ---- Engine ----------------------------------------------------------------------------------

Engine::~Engine() {
  plugins_.clear();  // before the libraries they live in are closed
}

std::unique_ptr<Engine> Engine::create(const EngineOptions& options) {
  std::unique_ptr<Engine> engine(new Engine());
  engine->options_ = options;
  for (auto& m : engine->options_.me) m = to_lower_ascii(trim(m));

  std::vector<std::pair<std::unique_ptr<Plugin>, PluginStatus>> candidates;
  if (options.builtins)
    for (auto& p : make_builtin_plugins()) {
      PluginStatus st{std::string(p->name()), std::string(p->description()), "builtin"};
      candidates.emplace_back(std::move(p), std::move(st));
    }
  if (options.plugin_dir) {
    std::error_code ec;
    std::vector<fs::path> libs;
    for (const auto& e : fs::directory_iterator(*options.plugin_dir, ec))
      if (e.path().extension() == ".so") libs.push_back(e.path());
    if (ec)
      engine->status_.push_back({options.plugin_dir->string(),
                                 "",
                                 "plugin directory",
                                 false,
                                 "cannot read the plugin directory: " + ec.message(),
                                 {}});
    std::sort(libs.begin(), libs.end());
    for (const auto& lib : libs) {
      auto ext = std::make_unique<External>();
      std::string reason;
      auto plugin = load_external(lib, ext->handle, reason);
      if (!plugin) {
        engine->status_.push_back({lib.stem().string(),
                                   "",
                                   lib.string(),
                                   false,
                                   lib.filename().string() + ": " + reason,
                                   {}});
        engine->externals_.push_back(std::move(ext));
        continue;
      }
      PluginStatus st{std::string(plugin->name()), std::string(plugin->description()),
                      lib.string()};
      candidates.emplace_back(std::move(plugin), std::move(st));
      engine->externals_.push_back(std::move(ext));
    }
  }

  // Configure each plugin from its rules; errors disable only that plugin.
  std::vector<std::pair<std::unique_ptr<Plugin>, PluginStatus>> enabled;
  std::set<std::string> names;
  for (auto& [plugin, st] : candidates) {
    if (!names.insert(st.name).second) {
      st.enabled = false;
      st.reason = "another plugin is already named " + st.name;
      engine->status_.push_back(std::move(st));
      continue;
    }
    std::vector<RuleError> errors;
    RuleSet rules = load_rule_set(st.name, options.rules_dir, options.local_rules_dir, errors);
    if (errors.empty()) {
      try {
        errors = plugin->configure(rules);
      } catch (const std::exception& e) {
        errors.push_back({st.name, 0, "configure", std::string("failed: ") + e.what()});
      }
    }
    if (!errors.empty()) {
      st.enabled = false;
      st.reason = errors.front().to_string();
      if (errors.size() > 1) st.reason += " (and " + std::to_string(errors.size() - 1) + " more)";
      st.errors = std::move(errors);
      engine->status_.push_back(std::move(st));
      continue;
    }
    enabled.emplace_back(std::move(plugin), std::move(st));
  }

  // Dependency order (stable topological sort); a cycle disables the plugins in it.
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < enabled.size(); ++i) index[enabled[i].second.name] = i;
  std::vector<int> state(enabled.size(), 0);  // 0 new, 1 visiting, 2 done, 3 cyclic
  std::vector<std::size_t> order;
  std::function<bool(std::size_t)> visit = [&](std::size_t i) -> bool {
    if (state[i] == 2) return true;
    if (state[i] == 1 || state[i] == 3) return false;
    state[i] = 1;
    bool ok = true;
    for (const auto& dep : enabled[i].first->after()) {
      auto it = index.find(dep);
      if (it != index.end() && !visit(it->second)) ok = false;
    }
    state[i] = ok ? 2 : 3;
    if (ok) order.push_back(i);
    return ok;
  };
  for (std::size_t i = 0; i < enabled.size(); ++i) visit(i);
  for (std::size_t i = 0; i < enabled.size(); ++i) {
    if (state[i] == 3) {
      enabled[i].second.enabled = false;
      enabled[i].second.reason = "its dependencies form a cycle";
      engine->status_.push_back(std::move(enabled[i].second));
    }
  }
  for (std::size_t i : order) {
    engine->status_.push_back(std::move(enabled[i].second));
    engine->plugins_.push_back(std::move(enabled[i].first));
  }
  return engine;
}

bool Engine::is_me(std::string_view address) const {
  return is_identity(address, options_.me);
}

std::string Engine::direction_of(const Message& m) const {
  return is_me(m.from.address) ? "out" : "in";
}

bool Engine::is_internal(const Message& m) const {
  return courtois::is_internal(m, options_.me);
}

namespace {

std::string thread_key_of(const Message& m) {
  if (!m.references.empty()) return m.references.front();
  if (!m.in_reply_to.empty()) return m.in_reply_to;
  if (!m.message_id.empty()) return m.message_id;
  return "subject:" + normalise_subject(m.subject);
}

}  // namespace

Analysis Engine::analyse(const Message& m) const {
  Analysis a;
  a.id = m.message_id;
  a.thread = thread_key_of(m);
  a.direction = direction_of(m);
  a.internal = is_internal(m);
  a.automatic = m.is_automatic();
  a.lang = m.lang.empty() ? "unknown" : m.lang;
  a.date = m.date;
  a.from_name = m.from.name;
  a.from_address = m.from.address;
  a.subject = m.subject;
  a.text = m.new_text;
  a.skipped = m.skipped;
  for (const auto& p : plugins_) {
    try {
      p->analyse(m, a);
    } catch (const std::exception& e) {
      a.skipped.push_back("plugin " + std::string(p->name()) + " failed: " + e.what());
    }
  }
  return a;
}

// ---- Threads ---------------------------------------------------------------------------------

std::string normalise_subject(std::string_view subject) {
  std::string s = fold_string(subject);
  // Strip reply and forward prefixes, repeatedly: "re:", "re :", "tr:", "fwd:", "fw:",
  // "aw:", "re[2]:", and list tags "[list] ".
  static const std::vector<std::string> prefixes = {"re", "tr", "fwd", "fw", "aw", "wg", "ref"};
  bool changed = true;
  while (changed) {
    changed = false;
    std::string_view v = trim(s);
    if (!v.empty() && v.front() == '[') {
      auto close = v.find(']');
      if (close != std::string_view::npos) {
        s = std::string(v.substr(close + 1));
        changed = true;
        continue;
      }
    }
    for (const auto& p : prefixes) {
      if (v.size() > p.size() && v.compare(0, p.size(), p) == 0) {
        std::size_t i = p.size();
        if (i < v.size() && v[i] == '[') {
          while (i < v.size() && v[i] != ']') ++i;
          if (i < v.size()) ++i;
        }
        while (i < v.size() && v[i] == ' ') ++i;
        if (i < v.size() && v[i] == ':') {
          s = std::string(v.substr(i + 1));
          changed = true;
          break;
        }
      }
    }
  }
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

namespace {

struct UnionFind {
  std::vector<std::size_t> parent;
  std::size_t add() {
    parent.push_back(parent.size());
    return parent.size() - 1;
  }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

bool has_reply_prefix(const std::string& subject) {
  std::string folded = fold_string(trim(subject));
  return normalise_subject(subject) != trim(folded);
}

}  // namespace

std::vector<ThreadAnalysis> Engine::threads(std::vector<Message>& messages,
                                            std::vector<Analysis>& analyses,
                                            const ThreadOptions& options) const {
  // JWZ grouping: every message joins the containers of the ids it references, phantoms
  // included, so that messages whose common ancestor is missing still meet. Then roots that
  // carry no references join an existing thread of the same subject when they look like a
  // reply ("Re:"), the subject being the last resort.
  const std::size_t n = messages.size();
  if (analyses.size() != n) {
    analyses.clear();
    analyses.reserve(n);
    for (const auto& m : messages) analyses.push_back(analyse(m));
  }
  UnionFind uf;
  std::map<std::string, std::size_t> id_node;
  auto node_of = [&](const std::string& id) {
    auto it = id_node.find(id);
    if (it != id_node.end()) return it->second;
    std::size_t k = uf.add();
    id_node.emplace(id, k);
    return k;
  };
  std::vector<std::size_t> msg_node(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Message& m = messages[i];
    msg_node[i] = m.message_id.empty() ? uf.add() : node_of(m.message_id);
    for (const auto& r : m.references) uf.unite(msg_node[i], node_of(r));
    if (!m.in_reply_to.empty()) uf.unite(msg_node[i], node_of(m.in_reply_to));
  }
  std::map<std::string, std::size_t> subject_root;  // normalised subject -> a node
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  auto by_date = [&](std::size_t a, std::size_t b) {
    const auto& da = messages[a].date;
    const auto& db = messages[b].date;
    if (da && db && da->utc != db->utc) return da->utc < db->utc;
    if (da.has_value() != db.has_value()) return da.has_value();
    return a < b;
  };
  std::stable_sort(order.begin(), order.end(), by_date);
  for (std::size_t i : order) {
    const Message& m = messages[i];
    std::string subject = normalise_subject(m.subject);
    if (subject.empty()) continue;
    bool linked = !m.references.empty() || !m.in_reply_to.empty();
    auto it = subject_root.find(subject);
    if (it == subject_root.end()) {
      subject_root.emplace(subject, msg_node[i]);
    } else if (!linked && has_reply_prefix(m.subject)) {
      uf.unite(msg_node[i], it->second);
    }
  }

  std::map<std::size_t, std::vector<std::size_t>> groups;  // root -> messages in date order
  for (std::size_t i : order) groups[uf.find(msg_node[i])].push_back(i);

  std::vector<ThreadAnalysis> out;
  for (auto& [root, members] : groups) {
    ThreadAnalysis t;
    const Message& first = messages[members.front()];
    t.key = !first.references.empty()    ? first.references.front()
            : !first.in_reply_to.empty() ? first.in_reply_to
            : !first.message_id.empty()  ? first.message_id
                                         : "subject:" + normalise_subject(first.subject);
    t.subject = first.subject;
    t.options = options;
    for (auto& me : t.options.me) me = to_lower_ascii(trim(me));
    if (!t.options.now) {
      auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
      t.options.now = ZonedTime{now, first.date ? first.date->offset_minutes : 0};
    }
    for (std::size_t i : members) {
      analyses[i].thread = t.key;
      t.messages.push_back({&messages[i], &analyses[i]});
    }
    for (const auto& p : plugins_) {
      try {
        p->analyse_thread(t);
      } catch (const std::exception& e) {
        t.extra["skipped"].push_back("plugin " + std::string(p->name()) + " failed: " + e.what());
      }
    }
    out.push_back(std::move(t));
  }
  // Threads in order of their first message.
  std::stable_sort(out.begin(), out.end(), [](const ThreadAnalysis& a, const ThreadAnalysis& b) {
    const auto& da = a.messages.front().message->date;
    const auto& db = b.messages.front().message->date;
    if (da && db) return da->utc < db->utc;
    return da.has_value() && !db.has_value();
  });
  return out;
}

}  // namespace courtois
