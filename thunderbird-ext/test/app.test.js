// The background's work, driven through the same router the pages use, with a fake Thunderbird
// and a loopback HTTP server in the role of courtoisd.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createApp } from "../modules/app.js";
import { saveSettings } from "../modules/settings.js";
import { fakeBrowser, startServer, json, closedPort } from "./helpers.js";

const HOSTILE = "From: Claire <claire@client.test>\r\nMessage-ID: <h1@client.test>\r\nSubject: Commande\r\n\r\nC'est INADMISSIBLE. Où est ma commande ?\r\n";
const AUTO = "From: noreply@shop.test\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <a1@shop.test>\r\n\r\nAbsent.\r\n";

function analysisOf(raw) {
  if (raw.includes("Auto-Submitted")) return { id: "a1@shop.test", thread: "t-auto", direction: "in", auto: true, text: "Absent.", tone: { label: "calm", signals: [] }, questions: [], dates: [], deadline_changes: [] };
  return {
    id: "h1@client.test",
    thread: "t-1",
    direction: "in",
    auto: false,
    text: "C'est INADMISSIBLE. Où est ma commande ?",
    tone: { label: "hostile", hostility: 0.8, signals: [{ symbol: "TONE_SHOUTING", category: "shouting", text: "INADMISSIBLE", start: 7, end: 19 }] },
    questions: [{ text: "Où est ma commande ?", kind: "question", start: 21, end: 43 }],
    dates: [],
    deadline_changes: [],
  };
}

async function until(predicate, ms = 3000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = predicate();
    if (value || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function setup(routes = {}) {
  const server = await startServer((req, res) => {
    const path = decodeURIComponent(req.url.split("?")[0]);
    if (routes[path]) return routes[path](req, res);
    if (path === "/v1/analyze") return json(res, 200, analysisOf(req.body.toString()));
    json(res, 404, { error: { code: "not_found", message: `no route ${path}` } });
  });
  const browser = fakeBrowser({
    messages: [
      { id: 1, headerMessageId: "h1@client.test", raw: HOSTILE, tags: ["$label1"], subject: "Commande" },
      { id: 2, headerMessageId: "a1@shop.test", raw: AUTO, tags: [], subject: "Absent" },
    ],
  });
  await saveSettings(browser.storage, { serviceUrl: server.url, token: "tok-12345678" });
  const events = [];
  const app = createApp(browser, { log: () => {} });
  app.observe((e) => events.push(e));
  return { server, browser, app, events };
}

test("new mail is analysed, kept and tagged; automatic mail is analysed but never tagged", async () => {
  const { server, browser, app, events } = await setup();
  try {
    await app.onNewMailReceived({ id: "inbox" }, { id: null, messages: [await browser.messages.get(1), await browser.messages.get(2)] });
    assert.deepEqual((await browser.messages.get(1)).tags, ["$label1", "courtois_hostile", "courtois_questions"]);
    assert.deepEqual((await browser.messages.get(2)).tags, []);
    assert.equal(browser._tags.size, 4, "the four tags exist");
    const kept = await app.store.get("h1@client.test");
    assert.deepEqual(kept.tags, ["hostile", "questions"]);
    assert.equal(kept.reason, "new-mail");
    assert.deepEqual(new URL(server.requests[0].url, server.url).searchParams.getAll("me"), ["me@courtois.test"]);
    assert.equal(events.filter((e) => e.type === "analysed").length, 2);
    // No thread store on this service: remembered as unavailable, not an error.
    assert.equal(app.capabilities.ingest, false);
  } finally {
    await server.close();
  }
});

test("the panel gets the displayed message's kept analysis without asking the service again", async () => {
  const { server, browser, app } = await setup();
  try {
    browser._displayed[10] = 1;
    const first = await app.route({ type: "analysis-get", tabId: 10 });
    assert.equal(first.ok, true);
    assert.equal(first.value.record.analysis.tone.label, "hostile");
    assert.equal(first.value.message.subject, "Commande");
    const analyses = () => server.requests.filter((r) => r.url.startsWith("/v1/analyze")).length;
    assert.equal(analyses(), 1);
    await app.route({ type: "analysis-get", tabId: 10 });
    assert.equal(analyses(), 1);
    await app.route({ type: "analysis-get", tabId: 10, force: true });
    assert.equal(analyses(), 2);
  } finally {
    await server.close();
  }
});

test("a service that is down is said plainly, with the command to start it", async () => {
  const browser = fakeBrowser({ messages: [{ id: 1, headerMessageId: "h1@client.test", raw: HOSTILE, tags: [] }] });
  await saveSettings(browser.storage, { serviceUrl: `http://127.0.0.1:${await closedPort()}`, token: "tok-12345678" });
  const app = createApp(browser, { log: () => {} });
  const answer = await app.route({ type: "analysis-get", messageId: 1 });
  assert.equal(answer.ok, false);
  assert.equal(answer.error.code, "service_down");
  assert.match(answer.error.message, /courtoisd/);
  const tested = await app.route({ type: "test-connection" });
  assert.equal(tested.error.code, "service_down");
  const badUrl = await app.route({ type: "test-connection", serviceUrl: "http://10.0.0.1:7878" });
  assert.equal(badUrl.error.code, "bad_url");
});

test("suggest a calm reply opens a reply holding the chosen style's draft", async () => {
  const { server, browser, app } = await setup({
    "/v1/reply-suggestions": (req, res) => {
      const body = JSON.parse(req.body);
      assert.equal(body.style, "firm");
      assert.match(body.message, /INADMISSIBLE/);
      json(res, 200, { lang: "fr", drafts: [{ style: "warm", body: "Chère Claire" }, { style: "firm", body: "Madame, votre commande part demain." }] });
    },
  });
  try {
    const answer = await app.route({ type: "suggest-reply", messageId: 1, style: "firm" });
    assert.equal(answer.ok, true, JSON.stringify(answer.error));
    assert.deepEqual(answer.value, { tabId: 42, style: "firm", lang: "fr", body: "Madame, votre commande part demain." });
    const call = browser.calls.find((c) => c[0] === "compose.beginReply");
    assert.deepEqual(call.slice(1), [1, "replyToSender", { plainTextBody: "Madame, votre commande part demain.", isPlainText: true }]);
  } finally {
    await server.close();
  }
});

test("without the reply route the capability is unavailable, not a failure of the extension", async () => {
  const { server, app } = await setup();
  try {
    const answer = await app.route({ type: "suggest-reply", messageId: 1, style: "warm" });
    assert.equal(answer.error.code, "unavailable");
    assert.equal(app.capabilities.replies, false);
  } finally {
    await server.close();
  }
});

test("before sending: a clean draft goes, a flagged one waits for the user, a dead service never blocks", async () => {
  let verdict = { ok: true, issues: [] };
  const { server, browser, app, events } = await setup({ "/v1/check-draft": (req, res) => json(res, 200, verdict) });
  try {
    const details = { type: "reply", relatedMessageId: 1, plainTextBody: "C'est RIDICULE !!!\n\nOn Mon, Claire wrote:\n> Où est ma commande ?", subject: "Re: Commande" };
    assert.deepEqual(await app.onBeforeSend({ id: 3 }, details), {});
    const sent = JSON.parse(server.requests.find((r) => r.url === "/v1/check-draft").body);
    assert.equal(sent.draft, "C'est RIDICULE !!!", "the quote is not checked as the user's words");
    assert.match(sent.reply_to, /Où est ma commande/);
    assert.equal(sent.attachments, undefined, "nothing attached, nothing sent");

    // The names of the compose window's attachments go with the draft.
    browser._attachments = { 3: [{ id: 1, name: "Facture-4512.pdf", size: 12000 }] };
    await app.onBeforeSend({ id: 3 }, details);
    const withFile = JSON.parse(server.requests.filter((r) => r.url === "/v1/check-draft").at(-1).body);
    assert.deepEqual(withFile.attachments, ["Facture-4512.pdf"]);
    delete browser._attachments;

    verdict = { ok: false, issues: [{ kind: "shouting", text: "RIDICULE !!!", start: 7, end: 19 }] };
    const pending = app.onBeforeSend({ id: 3 }, details);
    const prompt = await until(() => events.find((e) => e.type === "draft-prompt"));
    assert.ok(prompt, "the user is asked");
    const shown = await app.route({ type: "draft-check-get", id: prompt.id });
    assert.equal(shown.value.check.issues[0].kind, "shouting");
    await app.route({ type: "draft-check-decide", id: prompt.id, decision: "back" });
    assert.deepEqual(await pending, { cancel: true });

    const again = app.onBeforeSend({ id: 3 }, details);
    const second = await until(() => events.filter((e) => e.type === "draft-prompt")[1]);
    await app.route({ type: "draft-check-decide", id: second.id, decision: "send" });
    assert.deepEqual(await again, {});

    await server.close();
    assert.deepEqual(await app.onBeforeSend({ id: 3 }, details), {});
    assert.ok(events.some((e) => e.type === "draft-check-skipped" && e.error.code === "service_down"));
  } finally {
    await server.close();
  }
});

test("the waiting list comes most urgent first and a thread opens its latest client message", async () => {
  const { server, browser, app } = await setup({
    "/v1/waiting": (req, res) =>
      json(res, 200, {
        now: "2026-03-04T10:00:00+01:00",
        threads: [
          { thread: "t-2", subject: "Devis", messages: 1, waiting: { on: "us", breached: false, due: "2026-03-09T10:00:00+01:00", business_hours: 2, target_hours: 8 } },
          { thread: "t-1", subject: "Commande", messages: 2, waiting: { on: "us", breached: true, due: "2026-03-03T10:00:00+01:00", business_hours: 12, target_hours: 8 } },
        ],
      }),
    "/v1/threads/t-1": (req, res) => json(res, 200, { thread: "t-1", messages: [{ id: "e1@client.test", direction: "in" }, { id: "h1@client.test", direction: "in" }] }),
    "/v1/threads/t-2": (req, res) => json(res, 200, { thread: "t-2", messages: [{ id: "x@client.test", direction: "in" }] }),
  });
  try {
    const list = await app.route({ type: "waiting-list" });
    assert.deepEqual(list.value.map((t) => t.thread), ["t-1", "t-2"]);
    const opened = await app.route({ type: "open-message", thread: list.value[0] });
    assert.equal(opened.ok, true);
    assert.deepEqual(browser.calls.find((c) => c[0] === "messageDisplay.open")[1], { messageId: 1, location: "tab" });
    const missing = await app.route({ type: "open-message", thread: list.value[1] });
    assert.equal(missing.error.code, "not_found");
  } finally {
    await server.close();
  }
});

test("with a thread store, new mail is ingested and a breached thread is tagged as waiting too long", async () => {
  const waiting = { on: "us", since: "2026-03-02T10:12:00+01:00", business_hours: 20, target_hours: 8, due: "2026-03-03T10:12:00+01:00", breached: true };
  const { server, browser, app } = await setup({
    "/v1/messages": (req, res) => {
      assert.equal(req.headers["content-type"], "message/rfc822");
      json(res, 200, { results: [{ index: 0, status: "stored" }], stored: 1, duplicates: 0, errors: 0 });
    },
    "/v1/threads/h1@client.test": (req, res) =>
      json(res, 200, {
        thread: "t-1",
        messages: [{ id: "h1@client.test", direction: "in", questions: [{ text: "Où est ma commande ?", answered_by: null }] }],
        deadline_changes: [{ message_id: "h1@client.test", text: "repoussée", from: "2026-03-06", to: "2026-03-13", direction: "later" }],
        waiting,
      }),
    "/v1/threads/a1@shop.test": (req, res) => json(res, 404, { error: { code: "not_found", message: 'no thread or message "a1@shop.test" in the store' } }),
  });
  try {
    await app.onNewMailReceived({ id: "inbox" }, { id: null, messages: [await browser.messages.get(1), await browser.messages.get(2)] });
    assert.deepEqual((await browser.messages.get(1)).tags, ["$label1", "courtois_hostile", "courtois_questions", "courtois_deadline_moved", "courtois_waiting"]);
    assert.deepEqual((await browser.messages.get(2)).tags, []);
    assert.equal(server.requests.filter((r) => r.url.startsWith("/v1/messages?me=me%40courtois.test")).length, 2);
    assert.deepEqual((await app.store.get("h1@client.test")).waiting, waiting);
    assert.equal(app.capabilities.threads, true, "an unknown message is not a missing route");
  } finally {
    await server.close();
  }
});

test("a whole folder on demand", async () => {
  const { server, app } = await setup();
  try {
    const answer = await app.route({ type: "analyse-folder", folderId: "inbox" });
    assert.deepEqual(answer.value, { count: 2, analysed: 2, tagged: 1 });
  } finally {
    await server.close();
  }
});
