#!/usr/bin/env python3
"""End-to-end test of the Courtois extension in a real Thunderbird, against the real courtoisd.

    e2e.py --build-dir BUILD --courtoisd PATH [--keep]

What runs, all on 127.0.0.1, all under BUILD/thunderbird-e2e/ (wiped at the start):
  - courtoisd from the build, with a throwaway XDG_CONFIG_HOME / XDG_DATA_HOME;
  - Dovecot IMAP on a free port with a static test user and a Maildir;
  - Xvfb, and Thunderbird 153 on a throwaway profile whose IMAP account is that Dovecot,
    with the test build of the extension sideloaded (scripts/build-xpi --selftest);
  - this harness: a small HTTP server the extension's self-test (selftest.js, run in the
    background page) asks for its configuration, asks to deliver mail and take screenshots,
    and reports each step to.

The harness seeds the IMAP password through Marionette (what a user types once), delivers new
client mail with IMAP APPEND (so Thunderbird sees it arrive and messages.onNewMailReceived
fires), keeps screenshots as artefacts, and decides: every step must pass, except the steps
whose service route does not exist yet, which are reported SKIPPED (never as a pass).
Hard time limits everywhere; every process started here is stopped at the end, whatever happens.
"""
import argparse
import http.server
import imaplib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
GECKO_ID = "courtois@courtois.invalid"
EXTENSION_UUID = "6f1b7a52-3c1e-4d7e-9c61-6a2b0e5d4c11"
IMAP_USER = "client-desk"
IMAP_PASSWORD = "courtois-e2e-password"
ME = "support@courtois.test"
WHOLE_RUN_SECONDS = 240

# Steps the self-test must report. Those in OPTIONAL may be SKIPPED when the running service
# does not offer the capability yet; every other one must pass.
REQUIRED_STEPS = [
    "config",
    "test-connection",
    "service-down-message",
    "imap-account",
    "options-page",
    "tags-created",
    "imap-connected",
    "new-mail-received",
    "analysed-and-tagged",
    "automatic-mail-not-tagged",
    "hostile-tone-tagged",
    "panel-rendered",
    "screenshot-message",
    "suggest-reply",
    "reply-draft-checked",
    "before-send-warns",
    "waiting-view",
]
OPTIONAL = {"hostile-tone-tagged", "suggest-reply", "reply-draft-checked", "before-send-warns", "waiting-view"}


def log(message):
    print(f"[e2e {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception:  # the thing waited for is not up yet
            pass
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready after {timeout} s")


class Processes:
    """Every process started by the run, stopped in reverse order at the end."""

    def __init__(self):
        self.started = []

    def start(self, name, argv, log_path, **kwargs):
        out = open(log_path, "wb")
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **kwargs)
        self.started.append((name, process, out))
        log(f"started {name} (pid {process.pid})")
        return process

    def stop_all(self):
        for name, process, out in reversed(self.started):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    try:
                        os.killpg(process.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    process.wait(timeout=5)
                log(f"stopped {name} (exit {process.returncode})")
            out.close()
        self.started.clear()


# --- Dovecot -------------------------------------------------------------------------------

def dovecot_config(base, port):
    """A throwaway Dovecot: loopback only, plaintext login for one static user, a Maildir under
    the run folder. As root the mail processes run as nobody (Dovecot refuses uid 0)."""
    if os.geteuid() == 0:
        account = pwd.getpwnam("nobody")
        extra = ""
        mail_uid, mail_gid = account.pw_uid, account.pw_gid
    else:
        account = pwd.getpwuid(os.geteuid())
        extra = (
            f"default_login_user = {account.pw_name}\n"
            f"default_internal_user = {account.pw_name}\n"
        )
        mail_uid, mail_gid = account.pw_uid, account.pw_gid
    home = base / "home"
    for d in (base / "run", base / "state", home):
        d.mkdir(parents=True, exist_ok=True)
    os.chown(home, mail_uid, mail_gid)
    conf = base / "dovecot.conf"
    conf.write_text(
        f"""# Written by tests/thunderbird/e2e.py for one test run.
protocols = imap
listen = 127.0.0.1
base_dir = {base}/run
state_dir = {base}/state
instance_name = courtois-e2e-{port}
log_path = {base}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:{home}/%u/Maildir
{extra}passdb {{
  driver = static
  args = password={IMAP_PASSWORD}
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={home}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""
    )
    return conf


def load_mail(path, now=None):
    """A test message as delivered: {{DATE:-30h}} becomes the RFC 5322 date that many hours
    before now (waiting times are measured against the real clock), lines end in CRLF."""
    import email.utils
    import re

    now = now or time.time()
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\{\{DATE:(-?\d+)h\}\}",
                  lambda m: email.utils.formatdate(now + int(m.group(1)) * 3600, localtime=True), text)
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def imap_append(port, raw):
    imap = imaplib.IMAP4("127.0.0.1", port, timeout=10)
    try:
        imap.login(IMAP_USER, IMAP_PASSWORD)
        status, detail = imap.append("INBOX", None, None, raw)
        if status != "OK":
            raise RuntimeError(f"IMAP APPEND refused: {detail}")
    finally:
        try:
            imap.logout()
        except Exception:
            pass


# --- Thunderbird profile -------------------------------------------------------------------

def write_profile(profile, imap_port, marionette_port):
    (profile / "extensions").mkdir(parents=True, exist_ok=True)
    (profile / "Mail" / "Local Folders").mkdir(parents=True, exist_ok=True)
    prefs = {
        # no first-run UI, nothing from the network
        "mail.provider.suppress_dialog_on_startup": True,
        "mail.shell.checkDefaultClient": False,
        "mailnews.start_page.enabled": False,
        "mail.rights.override": True,
        "mail.inappnotifications.enabled": False,
        "mail.spotlight.firstRunDone": True,
        "mail.winsearch.firstRunDone": True,
        "app.update.enabled": False,
        "app.update.auto": False,
        "app.update.checkInstallTime": False,
        "extensions.update.enabled": False,
        "extensions.update.autoUpdateDefault": False,
        "extensions.getAddons.cache.enabled": False,
        "datareporting.policy.dataSubmissionEnabled": False,
        "datareporting.healthreport.uploadEnabled": False,
        "toolkit.telemetry.enabled": False,
        "toolkit.telemetry.unified": False,
        "browser.safebrowsing.malware.enabled": False,
        "browser.safebrowsing.phishing.enabled": False,
        "network.captive-portal-service.enabled": False,
        "network.connectivity-service.enabled": False,
        "mailnews.auto_config.fetchFromISP.enabled": False,
        "mail.cloud_files.enabled": False,
        "browser.tabs.remote.autostart": True,
        # the unsigned test build, sideloaded
        "xpinstall.signatures.required": False,
        "extensions.autoDisableScopes": 0,
        "extensions.startupScanScopes": 15,
        "extensions.enabledScopes": 15,
        "extensions.webextensions.uuids": json.dumps({GECKO_ID: EXTENSION_UUID}),
        "extensions.openPopupWithoutUserGesture.enabled": True,
        "extensions.openPopupDelayedFullyLoaded.enabled": True,
        # console of the extension on stdout, for the log
        "browser.dom.window.dump.enabled": True,
        "devtools.console.stdout.content": True,
        "devtools.console.stdout.chrome": True,
        # the harness seeds the IMAP password through Marionette
        "marionette.port": marionette_port,
        # accounts: Local Folders, and the IMAP account of the test Dovecot
        "mail.accountmanager.accounts": "account2,account1",
        "mail.accountmanager.defaultaccount": "account2",
        "mail.accountmanager.localfoldersserver": "server1",
        "mail.account.account1.server": "server1",
        "mail.server.server1.type": "none",
        "mail.server.server1.hostname": "Local Folders",
        "mail.server.server1.userName": "nobody",
        "mail.server.server1.name": "Local Folders",
        "mail.server.server1.directory-rel": "[ProfD]Mail/Local Folders",
        "mail.account.account2.server": "server2",
        "mail.account.account2.identities": "id1",
        "mail.server.server2.type": "imap",
        "mail.server.server2.hostname": "127.0.0.1",
        "mail.server.server2.port": imap_port,
        "mail.server.server2.userName": IMAP_USER,
        "mail.server.server2.name": "Courtois test desk",
        "mail.server.server2.socketType": 0,
        "mail.server.server2.authMethod": 3,
        "mail.server.server2.directory-rel": "[ProfD]ImapMail/127.0.0.1",
        # no connection before the password is seeded; the self-test opens the inbox
        "mail.server.server2.login_at_startup": False,
        "mail.server.server2.check_new_mail": True,
        "mail.server.server2.check_time": 1,
        "mail.server.server2.use_idle": True,
        "mail.server.server2.offline_download": False,
        "mail.server.server2.autosync_offline_stores": False,
        "mail.identity.id1.useremail": ME,
        "mail.identity.id1.fullName": "Support Courtois",
        "mail.identity.id1.valid": True,
        "mail.identity.id1.compose_html": False,
        "mail.identity.id1.reply_on_top": 1,
        "mail.identity.id1.fcc": False,
        "mail.identity.id1.draft_folder": "",
        "mail.identity.id1.stationery_folder": "",
        "mailnews.mark_message_read.auto": False,
        "mail.biff.show_alert": False,
        "mail.biff.play_sound": False,
        "mail.biff.show_tray_icon": False,
        "mail.biff.use_system_alert": False,
        "mailnews.show_send_progress": False,
        "mail.compose.autosave": False,
        "spellchecker.dictionary": "",
        "layout.spellcheckDefault": 0,
    }
    lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});" for k, v in prefs.items()]
    (profile / "user.js").write_text("\n".join(lines) + "\n")


# --- Marionette (only to seed the IMAP password) -----------------------------------------

class Marionette:
    def __init__(self, port, timeout):
        self.sock = wait_for(lambda: socket.create_connection(("127.0.0.1", port), timeout=2), timeout, "Marionette", 0.25)
        self.sock.settimeout(20)
        self.buffer = b""
        self.next_id = 1
        self._read()  # the greeting

    def _read(self):
        while b":" not in self.buffer:
            self._fill()
        length, _, rest = self.buffer.partition(b":")
        length = int(length)
        self.buffer = rest
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return json.loads(body)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("Marionette closed the connection")
        self.buffer += chunk

    def call(self, command, params):
        msg_id = self.next_id
        self.next_id += 1
        data = json.dumps([0, msg_id, command, params]).encode()
        self.sock.sendall(str(len(data)).encode() + b":" + data)
        while True:
            reply = self._read()
            if reply[0] == 1 and reply[1] == msg_id:
                if reply[2]:
                    raise RuntimeError(f"Marionette {command}: {reply[2]}")
                return reply[3]

    def close(self):
        try:
            self.call("WebDriver:DeleteSession", {})
        except Exception:
            pass
        self.sock.close()


SEED_LOGIN = """
const [user, password, resolve] = arguments;
(async () => {
  const origin = "imap://127.0.0.1";
  const info = Cc["@mozilla.org/login-manager/loginInfo;1"].createInstance(Ci.nsILoginInfo);
  info.init(origin, null, origin, user, password, "", "");
  const existing = await Services.logins.searchLoginsAsync({ origin });
  if (!existing.some((l) => l.username === user)) await Services.logins.addLoginAsync(info);
  resolve("seeded");
})().catch((e) => resolve("error: " + e));
"""


CLICK_MESSAGE_ACTION = """
// A user's click on the extension's button in the message header toolbar (main window).
const [buttonId, resolve] = arguments;
try {
  const win = Services.wm.getMostRecentWindow("mail:3pane");
  const doc = win.gTabmail.currentAboutMessage.document;
  const button = doc.getElementById(buttonId);
  if (!button) {
    resolve("no button " + buttonId);
  } else {
    button.click();
    resolve("clicked");
  }
} catch (e) {
  resolve("error: " + e);
}
"""
WIDGET_ID = "".join(c if c.isalnum() or c in "_-" else "_" for c in GECKO_ID.lower())


# --- The harness server -------------------------------------------------------------------

class Harness:
    def __init__(self, run_dir, display, imap_port, config):
        self.run_dir = run_dir
        self.display = display
        self.imap_port = imap_port
        self.config = config
        self.ready = threading.Event()  # the IMAP password is seeded
        self.done = threading.Event()
        self.steps = {}
        self.order = []
        self.lock = threading.Lock()
        self.marionette = None
        self.mail = {p.stem: load_mail(p) for p in sorted((HERE / "mail").glob("*.eml"))}

    def record(self, step):
        with self.lock:
            name = step.get("name", "?")
            if name not in self.steps:
                self.order.append(name)
            self.steps[name] = step
        status = step.get("status", "?").upper()
        detail = step.get("detail")
        text = json.dumps(detail, ensure_ascii=False) if detail is not None else ""
        log(f"step {name}: {status} ({step.get('ms', '?')} ms) {text[:400]}")

    def screenshot(self, name):
        safe = "".join(c for c in name if c.isalnum() or c in "-_") or "screen"
        path = self.run_dir / f"screenshot-{safe}.png"
        env = dict(os.environ, DISPLAY=self.display)
        subprocess.run(["import", "-window", "root", str(path)], env=env, check=True, timeout=20,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        return {"path": str(path), "bytes": path.stat().st_size}

    def handler(self):
        harness = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path == "/config":
                    if not harness.ready.wait(timeout=120):
                        return self.reply(503, {"error": "the IMAP password was not seeded or courtoisd did not start"})
                    return self.reply(200, harness.config)
                self.reply(404, {"error": "unknown"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    return self.reply(400, {"error": "not JSON"})
                try:
                    if self.path == "/step":
                        harness.record(body)
                        return self.reply(200, {"ok": True})
                    if self.path == "/deliver":
                        names = body.get("messages") or []
                        for name in names:
                            imap_append(harness.imap_port, harness.mail[name])
                        log(f"delivered {', '.join(names)} by IMAP APPEND")
                        return self.reply(200, {"delivered": names})
                    if self.path == "/click-message-action":
                        result = harness.marionette.call("WebDriver:ExecuteAsyncScript", {
                            "script": CLICK_MESSAGE_ACTION,
                            "args": [f"{WIDGET_ID}-messageDisplayAction-toolbarbutton"],
                            "scriptTimeout": 10000})
                        return self.reply(200, {"result": result.get("value")})
                    if self.path == "/screenshot":
                        return self.reply(200, harness.screenshot(body.get("name", "screen")))
                    if self.path == "/log":
                        log(f"selftest: {body.get('line')}")
                        return self.reply(200, {"ok": True})
                    if self.path == "/done":
                        harness.done.set()
                        return self.reply(200, {"ok": True})
                except Exception as error:
                    return self.reply(500, {"error": f"{type(error).__name__}: {error}"})
                self.reply(404, {"error": "unknown"})

        return Handler

    def verdict(self):
        failures = []
        skipped = []
        for name in REQUIRED_STEPS:
            step = self.steps.get(name)
            if step is None:
                failures.append(f"{name}: never reported")
            elif step.get("status") == "skip":
                if name in OPTIONAL:
                    skipped.append(f"{name}: {step.get('detail')}")
                else:
                    failures.append(f"{name}: skipped, but it may not be")
            elif step.get("status") != "pass":
                failures.append(f"{name}: {json.dumps(step.get('detail'), ensure_ascii=False)[:600]}")
        for name in self.order:
            if name not in REQUIRED_STEPS and self.steps[name].get("status") == "fail":
                failures.append(f"{name}: {self.steps[name].get('detail')}")
        return failures, skipped


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--courtoisd", required=True)
    parser.add_argument("--keep", action="store_true", help="leave the run folder's profile in place")
    args = parser.parse_args()

    started = time.monotonic()
    build_dir = Path(args.build_dir).resolve()
    run_dir = build_dir / "thunderbird-e2e"
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_dir.mkdir(parents=True)
    log(f"run folder {run_dir}")

    processes = Processes()
    server = None

    def on_alarm(signum, frame):
        raise TimeoutError(f"the whole run took more than {WHOLE_RUN_SECONDS} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, lambda s, f: (_ for _ in ()).throw(KeyboardInterrupt()))
    signal.alarm(WHOLE_RUN_SECONDS)
    exit_code = 1
    try:
        # 1. The real courtoisd, with a throwaway configuration and data folder. It loads its
        #    rules while the rest starts; the self-test waits for it.
        service_port = free_port()
        service_env = dict(os.environ,
                           XDG_CONFIG_HOME=str(run_dir / "service-config"),
                           XDG_DATA_HOME=str(run_dir / "service-data"),
                           HOME=str(run_dir / "home"))
        (run_dir / "home").mkdir()
        service = processes.start("courtoisd", [args.courtoisd, "--port", str(service_port),
                                                "--rules", str(ROOT / "rules"), "--no-local-rules"],
                                  run_dir / "courtoisd.log", env=service_env)
        service_url = f"http://127.0.0.1:{service_port}"

        def healthy():
            if service.poll() is not None:
                raise SystemExit(f"courtoisd exited with {service.returncode}; see {run_dir / 'courtoisd.log'}")
            with urllib.request.urlopen(service_url + "/v1/health", timeout=1) as r:
                return r.status == 200

        # 2. Dovecot with one old message already in the inbox.
        imap_port = free_port()
        conf = dovecot_config(run_dir / "dovecot", imap_port)
        processes.start("dovecot", ["dovecot", "-F", "-c", str(conf)], run_dir / "dovecot-stdout.log")
        wait_for(lambda: imaplib.IMAP4("127.0.0.1", imap_port, timeout=1).logout(), 15, "Dovecot IMAP")
        imap_append(imap_port, load_mail(HERE / "mail" / "00-earlier.eml"))
        log(f"Dovecot up on 127.0.0.1:{imap_port}")

        # 3. The harness server.
        harness_port = free_port()
        closed_port = free_port()
        profile = run_dir / "profile"
        marionette_port = free_port()
        xvfb_display_read, xvfb_display_write = os.pipe()

        # 4. Xvfb on the first free display.
        processes.start("Xvfb", ["Xvfb", "-displayfd", str(xvfb_display_write), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
                        run_dir / "xvfb.log", pass_fds=(xvfb_display_write,))
        os.close(xvfb_display_write)
        with os.fdopen(xvfb_display_read) as f:
            display = ":" + f.readline().strip()
        log(f"Xvfb on {display}")

        harness = Harness(run_dir, display, imap_port, {})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", harness_port), harness.handler())
        threading.Thread(target=server.serve_forever, daemon=True).start()

        # 5. Profile and the test build of the extension.
        write_profile(profile, imap_port, marionette_port)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "build-xpi"),
                        "--out", str(profile / "extensions" / f"{GECKO_ID}.xpi"),
                        "--selftest", str(HERE / "selftest.js"),
                        "--selftest-config", json.dumps({"harness": f"http://127.0.0.1:{harness_port}"})],
                       check=True, timeout=60)

        # 6. Thunderbird.
        tb_env = dict(os.environ, HOME=str(run_dir / "home"), DISPLAY=display,
                      MOZ_CRASHREPORTER_DISABLE="1", MOZ_DISABLE_AUTO_SAFE_MODE="1", XDG_CONFIG_HOME=str(run_dir / "home" / ".config"))
        tb_started = time.monotonic()
        processes.start("thunderbird", ["thunderbird", "--profile", str(profile), "--no-remote",
                                        "--marionette", "--remote-allow-system-access"],
                        run_dir / "thunderbird.log", env=tb_env)

        # 7. Seed the IMAP password (Marionette, chrome context), then let the self-test go.
        marionette = Marionette(marionette_port, 60)
        marionette.call("WebDriver:NewSession", {"capabilities": {}})
        marionette.call("Marionette:SetContext", {"value": "chrome"})
        seeded = marionette.call("WebDriver:ExecuteAsyncScript",
                                 {"script": SEED_LOGIN, "args": [IMAP_USER, IMAP_PASSWORD], "scriptTimeout": 15000})
        if seeded.get("value") != "seeded":
            raise RuntimeError(f"seeding the IMAP password failed: {seeded}")
        harness.marionette = marionette
        log(f"IMAP password seeded ({time.monotonic() - tb_started:.1f} s after launch)")

        # 8. The service has been starting meanwhile; the self-test gets its address and token.
        wait_for(healthy, 90, "courtoisd /v1/health")
        token_file = run_dir / "service-config" / "courtois" / "token"
        token = wait_for(lambda: token_file.read_text().strip(), 5, f"token file {token_file}")
        log(f"courtoisd up at {service_url} ({time.monotonic() - started:.1f} s after the start), "
            f"token read from {token_file}")
        harness.config.update({
            "serviceUrl": service_url,
            "token": token,
            "me": ME,
            "imapPort": imap_port,
            "closedServiceUrl": f"http://127.0.0.1:{closed_port}",
        })
        harness.ready.set()

        if not harness.done.wait(timeout=max(10, WHOLE_RUN_SECONDS - (time.monotonic() - started) - 15)):
            log("the self-test did not finish in time")
        selftest_seconds = time.monotonic() - tb_started

        marionette.close()
        failures, skipped = harness.verdict()
        for line in skipped:
            log(f"SKIPPED {line}")
        for line in failures:
            log(f"FAILED {line}")
        screenshots = sorted(run_dir.glob("screenshot-*.png"))
        for shot in screenshots:
            log(f"artefact {shot}")
        log(f"Thunderbird launch to self-test end: {selftest_seconds:.1f} s")
        exit_code = 1 if failures else 0
    except (Exception, KeyboardInterrupt) as error:
        log(f"ERROR {type(error).__name__}: {error}")
        exit_code = 1
    finally:
        signal.alarm(0)
        if server:
            server.shutdown()
        processes.stop_all()
        for name in ("thunderbird.log", "courtoisd.log", "dovecot/dovecot.log"):
            path = run_dir / name
            if exit_code and path.exists():
                tail = path.read_text(errors="replace").splitlines()[-25:]
                log(f"--- last lines of {path} ---\n" + "\n".join(tail))
        log(f"{'PASSED' if exit_code == 0 else 'FAILED'} in {time.monotonic() - started:.1f} s")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
