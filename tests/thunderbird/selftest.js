// The end-to-end self-test, run inside Thunderbird by the test build of the extension only
// (scripts/build-xpi --selftest adds it as a second background module). It drives the real
// extension — the same `app` the listeners of background.js use, through the same router the
// pages use — against the real courtoisd and a real IMAP server, and reports every step to the
// harness (tests/thunderbird/e2e.py), which asserts, delivers mail and takes screenshots.

import { app } from "./background.js";
import { tagIdsFor, keysFor, TAGS } from "./modules/tags.js";

const ID = {
  earlier: "e2e-earlier@client.test",
  hostile: "e2e-hostile@client.test",
  question: "e2e-question@client.test",
  auto: "e2e-auto@client.test",
};

const settings = await (await fetch(browser.runtime.getURL("selftest-config.json"))).json();
const harness = settings.harness;

async function post(path, body) {
  const response = await fetch(harness + path, { method: "POST", body: JSON.stringify(body) });
  const answer = await response.json();
  if (!response.ok) throw new Error(`harness ${path}: ${answer.error}`);
  return answer;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Skip extends Error {}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

async function poll(what, ms, probe, interval = 250) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await sleep(interval);
  }
  throw new Error(`${what}: not within ${ms} ms${last ? ` (last error: ${last.message})` : ""}`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Runs one step; its result goes to the harness. A failed step does not stop the others
// unless later steps need its result (they then fail with "needs ...").
const results = {};
const skipped = {};
async function step(name, ms, body) {
  const started = Date.now();
  let status = "pass";
  let detail;
  try {
    detail = await withTimeout(Promise.resolve().then(body), ms, name);
    results[name] = detail ?? true;
  } catch (error) {
    status = error instanceof Skip ? "skip" : "fail";
    if (status === "skip") skipped[name] = error.message;
    detail = error instanceof Skip ? error.message : `${error.message}${error.stack ? `\n${error.stack.split("\n").slice(0, 3).join("\n")}` : ""}`;
  }
  await post("/step", { name, status, detail, ms: Date.now() - started });
  return status === "pass" ? results[name] : null;
}

function need(name) {
  if (skipped[name]) throw new Skip(`needs step "${name}", skipped: ${skipped[name]}`);
  if (!results[name]) throw new Error(`needs step "${name}", which did not pass`);
  return results[name];
}

async function route(message) {
  return app.route(message, { id: browser.runtime.id });
}

// Skips when the running service has no route for the capability; fails on any other error.
function valueOrSkip(answer, capability) {
  if (answer.ok) return answer.value;
  if (answer.error.code === "unavailable") throw new Skip(`the running courtoisd has no ${answer.error.route ?? capability} route yet`);
  throw new Error(`${answer.error.code}: ${answer.error.message}`);
}

// Events of the app (new mail, analyses, prompts), kept from the start.
const events = [];
app.observe((event) => events.push(event));
// What the pages ask the background: proof that a page loaded and talked to the router.
const pageRequests = [];
browser.runtime.onMessage.addListener((message, sender) => {
  pageRequests.push({ type: message?.type, url: sender?.url ?? "" });
});
const eventFor = (type, predicate = () => true) => events.find((e) => e.type === type && predicate(e));

async function viewWhere(what, ms, predicate) {
  try {
    return await poll(what, ms, () => browser.extension.getViews().find((view) => {
      try {
        return predicate(view);
      } catch {
        return false;
      }
    }));
  } catch (error) {
    const seen = browser.extension.getViews().map((v) => `${v.location.pathname}${v.location.search} [${v.document?.body?.dataset?.state}] ${v.document?.getElementById("status")?.textContent ?? ""}`);
    throw new Error(`${error.message}; pages open: ${JSON.stringify(seen)}`);
  }
}

async function run() {
  await step("config", 130000, async () => {
    const response = await fetch(`${harness}/config`);
    const config = await response.json();
    check(response.ok, `harness config: ${config.error}`);
    // Saved the way the options page saves them.
    const saved = await route({ type: "settings-save", changes: { serviceUrl: config.serviceUrl, token: config.token } });
    check(saved.ok && !Object.keys(saved.value.errors).length, `settings refused: ${JSON.stringify(saved)}`);
    results.serviceConfig = config;
    return { serviceUrl: saved.value.settings.serviceUrl };
  });

  await step("test-connection", 10000, async () => {
    need("config");
    const answer = await route({ type: "test-connection" });
    check(answer.ok, `test connection: ${JSON.stringify(answer.error)}`);
    return { milliseconds: answer.value.milliseconds };
  });

  await step("service-down-message", 10000, async () => {
    need("config");
    const started = Date.now();
    const answer = await route({ type: "test-connection", serviceUrl: results.serviceConfig.closedServiceUrl });
    check(!answer.ok && answer.error.code === "service_down", `expected service_down, got ${JSON.stringify(answer)}`);
    check(/courtoisd/.test(answer.error.message) && /systemctl --user start courtoisd/.test(answer.error.message), `message without the start command: ${answer.error.message}`);
    return { message: answer.error.message, milliseconds: Date.now() - started };
  });

  await step("imap-account", 20000, async () => {
    const account = await poll("the IMAP account", 15000, async () => (await browser.accounts.list(false)).find((a) => a.type === "imap"));
    const inbox = await poll("its inbox", 15000, async () => (await browser.folders.query({ accountId: account.id, specialUse: ["inbox"] }))[0]);
    check(account.identities?.some((i) => i.email === results.serviceConfig?.me), "the test identity is missing");
    return { accountId: account.id, inboxId: inbox.id };
  });

  await step("options-page", 20000, async () => {
    need("config");
    await browser.runtime.openOptionsPage();
    const view = await viewWhere("the options page", 10000, (v) => v.location.pathname.endsWith("/options.html") && v.document.querySelector("input[name=identity]"));
    const doc = view.document;
    check(doc.getElementById("serviceUrl").value === results.serviceConfig.serviceUrl, "the saved address is not shown");
    const identities = [...doc.querySelectorAll("input[name=identity]")].map((i) => i.parentElement.textContent.trim());
    check(identities.some((text) => text.includes(results.serviceConfig.me)), `identities shown: ${identities}`);
    // The user's click on "Test connection".
    doc.getElementById("test").click();
    const answer = await poll("the test's answer", 8000, () => {
      const text = doc.getElementById("test-result").textContent;
      return text && text !== browser.i18n.getMessage("optionsTesting") ? text : null;
    });
    check(answer.startsWith(browser.i18n.getMessage("optionsTestOk", ["0"]).split("0")[0]), `test connection said: ${answer}`);
    const tab = (await browser.tabs.query({})).find((t) => t.url?.endsWith("/options.html"));
    if (tab) await browser.tabs.remove(tab.id);
    return { identities, answer };
  });

  await step("tags-created", 10000, async () => {
    await app.ensureOurTags();
    const keys = (await browser.messages.tags.list()).map((t) => t.key);
    for (const tag of TAGS) check(keys.includes(tag.key), `tag ${tag.key} missing`);
    return { keys: TAGS.map((t) => t.key) };
  });

  await step("imap-connected", 40000, async () => {
    const { inboxId } = need("imap-account");
    const [mailTab] = await browser.mailTabs.query({});
    // Showing the inbox makes Thunderbird log in, select it and stay in IDLE.
    const mailTabId = mailTab.tabId ?? mailTab.id;
    await browser.mailTabs.update(mailTabId, { displayedFolderId: inboxId }).catch(() => {});
    const earlier = await poll("the message already on the server", 35000, async () => {
      const page = await browser.messages.list(inboxId);
      return page.messages.find((m) => m.headerMessageId === ID.earlier);
    });
    results.mailTabId = mailTabId;
    await sleep(1500); // let the connection settle into IDLE
    return { earlierMessageId: earlier.id };
  });

  await step("new-mail-received", 100000, async () => {
    need("imap-connected");
    const delivered = Date.now();
    await post("/deliver", { messages: ["10-hostile-fr", "20-question-en", "30-auto-reply"] });
    const wanted = [ID.hostile, ID.question, ID.auto];
    await poll("messages.onNewMailReceived for the three new messages", 95000, () =>
      wanted.every((id) => eventFor("new-mail", (e) => e.headerMessageId === id))
    );
    return { seconds: (Date.now() - delivered) / 1000 };
  });

  await step("analysed-and-tagged", 30000, async () => {
    need("new-mail-received");
    const wanted = [ID.hostile, ID.question, ID.auto];
    await poll("the analysis of the three new messages", 25000, () =>
      wanted.every((id) => eventFor("analysed", (e) => e.record.headerMessageId === id) || eventFor("analysis-failed", (e) => e.headerMessageId === id))
    );
    const summary = {};
    for (const id of wanted) {
      const event = eventFor("analysed", (e) => e.record.headerMessageId === id);
      check(event, `${id} was not analysed: ${JSON.stringify(events.filter((e) => e.type === "analysis-failed"))}`);
      const { record } = event;
      const expected = tagIdsFor(record.analysis, record.waiting);
      check(JSON.stringify(record.tags) === JSON.stringify(expected), `${id}: kept tags ${record.tags} but the findings earn ${expected}`);
      const message = await browser.messages.get(record.messageId);
      const ours = message.tags.filter((k) => k.startsWith("courtois_")).sort();
      check(JSON.stringify(ours) === JSON.stringify(keysFor(expected).sort()), `${id}: message tags ${message.tags}, expected ${keysFor(expected)}`);
      const kept = await app.store.get(id);
      check(kept?.analysis?.id, `${id}: the analysis was not kept`);
      summary[id] = { tone: record.analysis.tone?.label, questions: record.analysis.questions?.length ?? 0, auto: record.analysis.auto, lang: record.analysis.lang, tags: message.tags };
    }
    results.hostile = eventFor("analysed", (e) => e.record.headerMessageId === ID.hostile).record;
    return summary;
  });

  await step("automatic-mail-not-tagged", 5000, async () => {
    need("analysed-and-tagged");
    const { record } = eventFor("analysed", (e) => e.record.headerMessageId === ID.auto);
    check(record.analysis.auto === true, `the auto-reply was not recognised as automatic (auto=${record.analysis.auto})`);
    const message = await browser.messages.get(record.messageId);
    check(!message.tags.some((k) => k.startsWith("courtois_")), `the auto-reply was tagged: ${message.tags}`);
    return { tags: message.tags };
  });

  await step("hostile-tone-tagged", 5000, async () => {
    const record = need("hostile") && results.hostile;
    const tone = record.analysis.tone ?? {};
    if (tone.label !== "hostile" && !(tone.signals ?? []).length) {
      throw new Skip(`the running courtoisd found no tone signal at all (label ${tone.label}): no tone analyser in this build`);
    }
    check(tone.label === "hostile", `an openly hostile message was labelled ${tone.label} (hostility ${tone.hostility})`);
    const message = await browser.messages.get(record.messageId);
    check(message.tags.includes("courtois_hostile"), `tags ${message.tags}`);
    return { hostility: tone.hostility, signals: (tone.signals ?? []).map((s) => s.text) };
  });

  await step("panel-rendered", 30000, async () => {
    const record = need("hostile") && results.hostile;
    // The message selected in the main window's mail tab, as a user reads it.
    const mailTab = await browser.mailTabs.get(results.mailTabId);
    await browser.mailTabs.setSelectedMessages(results.mailTabId, [record.messageId]);
    await poll("the message in the message pane", 10000, async () => {
      const shown = await browser.messageDisplay.getDisplayedMessages(results.mailTabId);
      return (shown.messages ?? shown).some((m) => m.id === record.messageId);
    });
    await browser.windows.update(mailTab.windowId, { focused: true });
    await sleep(500);
    // A click on the real "Courtois" button of the message toolbar opens its popup, whose
    // page asks the background for the displayed message's analysis.
    const before = pageRequests.length;
    const clicked = await post("/click-message-action", {});
    check(clicked.result === "clicked", `the toolbar button: ${clicked.result}`);
    await poll("the popup asking for the analysis", 10000, () =>
      pageRequests.slice(before).some((r) => r.type === "analysis-get" && r.url.endsWith("/pages/display/display.html"))
    );
    // Without a window manager (Xvfb) Thunderbird closes the popup panel at once, so the same
    // page is shown for the same message in a window beside the message, for the checks and
    // the screenshot.
    const window = await withTimeout(browser.windows.create({
      type: "popup",
      url: browser.runtime.getURL(`pages/display/display.html?messageId=${record.messageId}`),
    }), 8000, "windows.create");
    results.panelWindowId = window.id;
    // Beside the message pane, which stays visible for the screenshot (best effort: the
    // window is usable wherever it lands).
    await withTimeout(browser.windows.update(window.id, { left: 0, top: 0, width: 640, height: 1000 }), 3000, "windows.update").catch(() => {});
    const view = await viewWhere("the message panel window", 15000, (v) => v.location.search.includes(`messageId=${record.messageId}`) && v.document.body.dataset.state === "ready");
    const doc = view.document;
    const label = doc.getElementById("tone-label")?.dataset.level;
    check(label === (record.analysis.tone?.label ?? "unknown") || (label === "unknown" && !record.analysis.tone?.label), `panel shows tone ${label}, analysis says ${record.analysis.tone?.label}`);
    const marks = [...doc.querySelectorAll("#message-text mark")].map((m) => m.textContent);
    const findings = (record.analysis.tone?.signals?.length ?? 0) + (record.analysis.questions?.length ?? 0) + (record.analysis.dates?.length ?? 0);
    check(findings === 0 || marks.length > 0, `${findings} findings but nothing highlighted`);
    check(doc.getElementById("message-text").textContent === record.analysis.text, "the panel's text is not the analysed text");
    const questions = doc.querySelectorAll("#question-list li:not(.muted):not(.answered)").length;
    check(questions === (record.analysis.questions ?? []).filter((q) => !q.answered_by).length, `panel lists ${questions} questions`);
    await sleep(500);
    return { popupRequested: true, tone: label, highlighted: marks, questions, waiting: doc.getElementById("waiting-body").textContent };
  });

  await step("screenshot-message", 20000, async () => {
    need("panel-rendered");
    const shot = await post("/screenshot", { name: "message-findings" });
    check(shot.bytes > 10000, `screenshot too small (${shot.bytes} bytes)`);
    return shot;
  });

  await step("suggest-reply", 30000, async () => {
    const record = need("hostile") && results.hostile;
    const reply = valueOrSkip(await route({ type: "suggest-reply", messageId: record.messageId, style: "warm" }), "/v1/reply-suggestions");
    check(reply.tabId, "no compose tab");
    check(!record.analysis.lang || !reply.lang || reply.lang === record.analysis.lang, `reply in ${reply.lang}, client wrote in ${record.analysis.lang}`);
    const start = reply.body.replace(/\s+/g, " ").trim().slice(0, 40);
    const details = await poll("the draft in the compose window", 15000, async () => {
      const d = await browser.compose.getComposeDetails(reply.tabId);
      return (d.plainTextBody ?? "").replace(/\s+/g, " ").includes(start) ? d : null;
    });
    results.composeTabId = reply.tabId;
    return { lang: reply.lang, style: reply.style, subject: details.subject, firstLine: reply.body.split("\n")[0] };
  });

  await step("reply-draft-checked", 20000, async () => {
    const tabId = need("suggest-reply") && results.composeTabId;
    const check_ = valueOrSkip(await route({ type: "check-compose", tabId }), "/v1/check-draft");
    check(typeof check_.ok === "boolean" && Array.isArray(check_.issues), `unexpected check: ${JSON.stringify(check_)}`);
    const rude = check_.issues.filter((i) => i.kind === "hostile_wording" || i.kind === "shouting");
    check(!rude.length, `the service's own calm draft was flagged: ${JSON.stringify(rude)}`);
    return { ok: check_.ok, kinds: check_.issues.map((i) => i.kind) };
  });

  await step("before-send-warns", 40000, async () => {
    const tabId = need("suggest-reply") && results.composeTabId;
    if (app.capabilities.checkDraft === false) throw new Skip("the running courtoisd has no /v1/check-draft route yet");
    await browser.compose.setComposeDetails(tabId, {
      plainTextBody: "C'EST N'IMPORTE QUOI !!! Vous n'avez rien compris, débrouillez-vous.\n\nLa livraison sera faite le 20 mars.\n",
    });
    const before = events.length;
    // Pressing Send: compose.onBeforeSend runs the check, which must hold the message and ask.
    const sending = browser.compose.sendMessage(tabId, { mode: "sendLater" }).then(
      (value) => ({ sent: true, value }),
      (error) => ({ sent: false, error: error.message })
    );
    const prompt = await poll("the question to the user", 15000, () => events.slice(before).find((e) => e.type === "draft-prompt" || e.type === "draft-check-skipped" || (e.type === "draft-checked" && e.check.ok)));
    if (prompt.type === "draft-check-skipped") {
      if (prompt.error.code === "unavailable") throw new Skip("the running courtoisd has no /v1/check-draft route yet");
      throw new Error(`the check did not run: ${JSON.stringify(prompt.error)}`);
    }
    check(prompt.type === "draft-prompt", `a hostile draft passed the check: ${JSON.stringify(prompt.check)}`);
    const view = await viewWhere("the check window", 10000, (v) => v.location.search.includes(`id=${prompt.id}`) && v.document.body.dataset.state === "ready");
    const kinds = [...view.document.querySelectorAll("#issues section")].map((s) => s.dataset.kind);
    check(kinds.length > 0, "the check window lists no issue");
    await sleep(300);
    await post("/screenshot", { name: "draft-check" });
    // "Go back to the draft", the button's own message.
    const decided = await route({ type: "draft-check-decide", id: prompt.id, decision: "back" });
    check(decided.ok && decided.value === true, `decision not taken: ${JSON.stringify(decided)}`);
    const outcome = await withTimeout(sending, 10000, "sendMessage after going back");
    check(!outcome.sent, "the message was sent although the user went back");
    const stillOpen = await browser.tabs.get(tabId).then(() => true, () => false);
    check(stillOpen, "the compose window closed");
    return { kinds, sendMessage: outcome.error };
  });

  await step("waiting-view", 30000, async () => {
    const threads = valueOrSkip(await route({ type: "waiting-list" }), "/v1/waiting");
    // Out of the way for the screenshot: the reply (the user went back to it) and the panel.
    if (results.composeTabId) {
      await browser.compose.setComposeDetails(results.composeTabId, { isModified: false }).catch(() => {});
      const compose = await browser.tabs.get(results.composeTabId).catch(() => null);
      if (compose) await withTimeout(browser.windows.remove(compose.windowId), 5000, "closing the reply").catch(() => {});
    }
    if (results.panelWindowId) await withTimeout(browser.windows.remove(results.panelWindowId), 5000, "closing the panel").catch(() => {});
    const tab = await browser.tabs.create({ url: browser.runtime.getURL("pages/waiting/waiting.html") });
    const view = await viewWhere("the waiting view", 10000, (v) => v.location.pathname.endsWith("/waiting.html") && v.document.body.dataset.state === "ready");
    const rows = [...view.document.querySelectorAll("#threads tbody tr")];
    check(rows.length === threads.length, `${threads.length} threads waiting, ${rows.length} rows shown`);
    check(threads.some((t) => t.subject?.includes("Commande 4512") && t.waiting?.breached), `the hostile client's thread, unanswered for days, is not listed as breached: ${JSON.stringify(threads.map((t) => [t.subject, t.waiting?.breached]))}`);
    const dues = threads.map((t) => t.waiting?.breached);
    check(dues.every((b, i) => i === 0 || !b || dues[i - 1]), "a breached thread comes after one that is not");
    await sleep(300);
    await post("/screenshot", { name: "waiting" });
    // A click on the most urgent thread opens the message that started the wait.
    const before = (await browser.tabs.query({})).length;
    view.document.querySelector("#threads tbody tr a").click();
    const opened = await poll("the message tab", 10000, async () => {
      const tabs = await browser.tabs.query({});
      return tabs.length > before ? tabs.find((t) => t.type === "messageDisplay" || t.mailTab === false) ?? tabs[tabs.length - 1] : null;
    });
    const shown = await browser.messageDisplay.getDisplayedMessages(opened.id);
    const ids = (shown.messages ?? shown).map((m) => m.headerMessageId);
    check(ids.includes(ID.hostile), `the click opened ${ids}`);
    await browser.tabs.remove(tab.id);
    return { threads: threads.map((t) => ({ id: t.id, subject: t.subject, breached: t.waiting?.breached })) };
  });
}

run()
  .catch((error) => post("/step", { name: "selftest", status: "fail", detail: String(error?.stack ?? error) }).catch(() => {}))
  .finally(() => post("/done", {}).catch(() => {}));
