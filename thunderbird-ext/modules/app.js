// Everything the background does, built from the `browser` object it is given so the unit
// tests can drive it with a fake one. background.js only registers the listeners at top level
// (MV3 backgrounds restart: listeners registered later would miss the event that woke them).

import { createClient, testConnection, ErrorCode, ServiceError } from "./client.js";
import { loadSettings, saveSettings, myAddresses, normaliseServiceUrl, normaliseToken } from "./settings.js";
import { createResultStore } from "./store.js";
import { ensureTags, keysFor, tagIdsFor, applyTags } from "./tags.js";
import { createRouter } from "./router.js";
import { createDraftGate, needsConfirmation, ownText } from "./draft.js";
import { bareMessageId, latestClientMessage, sortByUrgency, waitingThreads, withThreadState } from "./render.js";

// At most this many messages are sent to the service at once, so a burst of new mail or a
// whole folder does not flood it.
const ANALYSIS_CONCURRENCY = 2;

function limiter(concurrency) {
  let active = 0;
  const waiting = [];
  const pump = () => {
    while (active < concurrency && waiting.length) {
      const { task, resolve, reject } = waiting.shift();
      active++;
      Promise.resolve()
        .then(task)
        .then(resolve, reject)
        .finally(() => {
          active--;
          pump();
        });
    }
  };
  return (task) => new Promise((resolve, reject) => (waiting.push({ task, resolve, reject }), pump()));
}

async function* allMessages(messagesApi, firstPage) {
  let page = await firstPage;
  for (;;) {
    for (const m of page?.messages ?? []) yield m;
    if (!page?.id) return;
    page = await messagesApi.continueList(page.id);
  }
}

async function rawBytes(messagesApi, messageId) {
  const raw = await messagesApi.getRaw(messageId);
  if (typeof raw === "string") {
    // A binary string (MV2 behaviour): one char per byte.
    return Uint8Array.from(raw, (c) => c.charCodeAt(0) & 0xff);
  }
  return new Uint8Array(await raw.arrayBuffer());
}

export function createApp(browser, { fetchImpl = globalThis.fetch, log = console.log, now = () => Date.now() } = {}) {
  const store = createResultStore(browser.storage.local);
  const run = limiter(ANALYSIS_CONCURRENCY);
  const t = (key, subs) => browser.i18n.getMessage(key, subs) || key;
  // What the running service offers; a route answering "unavailable" is remembered until the
  // settings change or the service is tested again.
  const capabilities = { ingest: null, waiting: null, threads: null, replies: null, checkDraft: null };
  // Events for whoever listens (the self-test of the test build, the pages via polling).
  const observers = new Set();
  const emit = (event) => observers.forEach((f) => f(event));
  let tagsReady = null;

  async function client({ timeoutMs } = {}) {
    const settings = await loadSettings(browser.storage);
    return createClient({ baseUrl: settings.serviceUrl, token: settings.token, fetchImpl, timeoutMs });
  }

  async function me() {
    const settings = await loadSettings(browser.storage);
    return myAddresses(await browser.accounts.list(false), settings);
  }

  async function guarded(capability, call) {
    try {
      const value = await call();
      capabilities[capability] = true;
      return value;
    } catch (error) {
      if (error?.code === ErrorCode.unavailable) capabilities[capability] = false;
      throw error;
    }
  }

  function ensureOurTags() {
    tagsReady ??= ensureTags(browser.messages.tags, t).catch((error) => {
      tagsReady = null;
      throw error;
    });
    return tagsReady;
  }

  // The stored thread of a message (by its Message-ID), or null when the service has no thread
  // store or does not know the message.
  async function threadOf(api, messageId) {
    if (!messageId || capabilities.threads === false) return null;
    try {
      return await guarded("threads", () => api.thread(bareMessageId(messageId)));
    } catch (error) {
      if (error?.code !== ErrorCode.unavailable && error?.code !== "not_found") {
        log(`courtois: thread of ${messageId}: ${error.message}`);
      }
      return null;
    }
  }

  // Into the thread store, so waiting times and answered questions are known. Best effort:
  // the analysis stands without it.
  async function ingest(api, bytes, addresses) {
    if (capabilities.ingest === false) return false;
    try {
      await guarded("ingest", () => api.ingest(bytes, { me: addresses }));
      return true;
    } catch (error) {
      if (error?.code !== ErrorCode.unavailable) log(`courtois: ingest failed: ${error.message}`);
      return false;
    }
  }

  // Sends one message to the service, keeps the result and tags the message.
  async function analyseMessage(header, { force = false, reason = "demand" } = {}) {
    const key = header.headerMessageId || `tb:${header.id}`;
    if (!force) {
      const kept = await store.get(key);
      if (kept) return kept;
    }
    const settings = await loadSettings(browser.storage);
    const api = createClient({ baseUrl: settings.serviceUrl, token: settings.token, fetchImpl });
    const addresses = myAddresses(await browser.accounts.list(false), settings);
    const bytes = await rawBytes(browser.messages, header.id);
    const analysed = await api.analyze(bytes, { me: addresses });
    const stored = await ingest(api, bytes, addresses);
    const thread = stored ? await threadOf(api, analysed?.id || header.headerMessageId) : null;
    const analysis = withThreadState(analysed, thread);
    const waiting = thread?.waiting ?? null;
    const ids = tagIdsFor(analysis, waiting);
    let tagged = false;
    try {
      await ensureOurTags();
      const fresh = await browser.messages.get(header.id);
      tagged = await applyTags(browser.messages, fresh, keysFor(ids));
    } catch (error) {
      log(`courtois: tagging ${key} failed: ${error.message}`);
    }
    const record = { messageId: header.id, headerMessageId: key, analysis, waiting, tags: ids, analysedAt: now(), reason };
    await store.put(key, record);
    emit({ type: "analysed", record, tagged });
    return record;
  }

  function analyseLater(header, options) {
    return run(() => analyseMessage(header, options)).catch((error) => {
      log(`courtois: analysis of ${header.headerMessageId || header.id} failed: ${error.message}`);
      emit({ type: "analysis-failed", messageId: header.id, error: error?.toJSON?.() ?? { message: String(error) } });
      return null;
    });
  }

  async function onNewMailReceived(folder, messageList) {
    const settings = await loadSettings(browser.storage);
    if (!settings.analyseNewMail) return [];
    const jobs = [];
    for await (const header of allMessages(browser.messages, messageList)) {
      emit({ type: "new-mail", messageId: header.id, headerMessageId: header.headerMessageId, folder: folder?.id });
      jobs.push(analyseLater(header, { force: true, reason: "new-mail" }));
    }
    return Promise.all(jobs);
  }

  async function analyseFolder(folderId) {
    const jobs = [];
    for await (const header of allMessages(browser.messages, browser.messages.list(folderId))) {
      jobs.push(analyseLater(header, { force: true, reason: "folder" }));
    }
    const records = await Promise.all(jobs);
    return {
      count: records.length,
      analysed: records.filter(Boolean).length,
      tagged: records.filter((r) => r && r.tags.length).length,
    };
  }

  async function headerFor(message) {
    if (message.messageId !== undefined && message.messageId !== null) return browser.messages.get(message.messageId);
    if (message.tabId !== undefined) {
      const shown = await browser.messageDisplay.getDisplayedMessages(message.tabId);
      const list = Array.isArray(shown) ? shown : shown?.messages ?? [];
      if (!list.length) throw Object.assign(new Error(t("errorNoMessageDisplayed")), { code: "no_message" });
      return list[0];
    }
    throw Object.assign(new Error("A messageId or a tabId is needed."), { code: "bad_message" });
  }

  function describeMessage(header) {
    return {
      id: header.id,
      headerMessageId: header.headerMessageId,
      subject: header.subject,
      author: header.author,
      date: header.date instanceof Date ? header.date.toISOString() : header.date,
    };
  }

  // "Suggest a calm reply": the service drafts, Thunderbird opens a reply holding the draft.
  async function suggestReply({ messageId, tabId, style }) {
    const header = await headerFor({ messageId, tabId });
    const settings = await loadSettings(browser.storage);
    const chosen = settings.styles.includes(style) ? style : settings.defaultStyle;
    const api = createClient({ baseUrl: settings.serviceUrl, token: settings.token, fetchImpl });
    const raw = new TextDecoder().decode(await rawBytes(browser.messages, header.id));
    const addresses = myAddresses(await browser.accounts.list(false), settings);
    const answer = await guarded("replies", () =>
      api.replySuggestions({
        raw,
        style: chosen,
        lang: settings.language === "auto" ? undefined : settings.language,
        me: addresses,
      })
    );
    const drafts = answer?.drafts ?? [];
    const draft = drafts.find((d) => d.style === chosen) ?? drafts[0];
    if (!draft?.body) throw new ServiceError(ErrorCode.badResponse, t("errorNoDraft"));
    const tab = await browser.compose.beginReply(header.id, "replyToSender", {
      plainTextBody: draft.body,
      isPlainText: true,
    });
    emit({ type: "reply-opened", tabId: tab?.id, messageId: header.id, style: draft.style, lang: answer.lang });
    return { tabId: tab?.id ?? null, style: draft.style ?? chosen, lang: answer.lang ?? null, body: draft.body };
  }

  async function draftOf(details) {
    let text = details.plainTextBody;
    if (!text && details.body) {
      text = browser.messengerUtilities?.convertToPlainText
        ? await browser.messengerUtilities.convertToPlainText(details.body)
        : String(details.body).replace(/<[^>]*>/g, " ");
    }
    return ownText(text ?? "");
  }

  // The names of the files attached in the compose window: the check reads "le voici en pièce
  // jointe" as the answer to a request for the document only when something is attached.
  async function attachmentNames(tabId) {
    if (tabId == null || !browser.compose?.listAttachments) return [];
    try {
      return (await browser.compose.listAttachments(tabId)).map((a) => a.name).filter(Boolean);
    } catch (error) {
      log(`courtois: the draft's attachments could not be listed: ${error.message}`);
      return [];
    }
  }

  async function checkDraftDetails(details, { timeoutMs = 5000, tabId } = {}) {
    const settings = await loadSettings(browser.storage);
    const api = createClient({ baseUrl: settings.serviceUrl, token: settings.token, fetchImpl, timeoutMs });
    const draft = await draftOf(details);
    const attachments = await attachmentNames(tabId);
    let replyTo = null;
    if (details.relatedMessageId && (details.type === "reply" || details.type === undefined)) {
      try {
        replyTo = new TextDecoder().decode(await rawBytes(browser.messages, details.relatedMessageId));
      } catch (error) {
        log(`courtois: the replied message could not be read: ${error.message}`);
      }
    }
    const check = await guarded("checkDraft", () =>
      api.checkDraft({ draft, replyTo, lang: settings.language === "auto" ? undefined : settings.language, attachments })
    );
    return { draft, check };
  }

  const gate = createDraftGate({
    async openPrompt(id) {
      const window = await browser.windows.create({
        type: "popup",
        url: browser.runtime.getURL(`pages/check/check.html?id=${encodeURIComponent(id)}`),
        width: 620,
        height: 560,
      });
      emit({ type: "draft-prompt", id, windowId: window.id });
      return window.id;
    },
    async closePrompt(windowId) {
      await browser.windows.remove(windowId);
    },
  });

  // compose.onBeforeSend: the check warns, the user decides. The service being down, slow or
  // without the route never holds a message back.
  async function onBeforeSend(tab, details) {
    const settings = await loadSettings(browser.storage);
    if (!settings.checkBeforeSend) return {};
    let result;
    try {
      result = await checkDraftDetails(details, { tabId: tab?.id });
    } catch (error) {
      log(`courtois: draft check skipped: ${error.message}`);
      emit({ type: "draft-check-skipped", tabId: tab?.id, error: error?.toJSON?.() ?? { message: String(error) } });
      return {};
    }
    emit({ type: "draft-checked", tabId: tab?.id, check: result.check });
    if (!needsConfirmation(result.check)) return {};
    const decision = await gate.ask(result.check, { tabId: tab?.id, subject: details.subject, draft: result.draft });
    emit({ type: "draft-decided", tabId: tab?.id, decision });
    return decision === "send" ? {} : { cancel: true };
  }

  async function waitingList() {
    const api = await client();
    const answer = await guarded("waiting", async () => api.waiting({ me: await me() }));
    return sortByUrgency(waitingThreads(answer).filter((thread) => (thread.waiting?.on ?? "us") === "us"));
  }

  async function openMessage({ headerMessageId, messageId, thread }) {
    if (messageId !== undefined && messageId !== null) {
      return browser.messageDisplay.open({ messageId, location: "tab" });
    }
    if (!headerMessageId && thread) {
      // A waiting thread names its thread, not a message: the one to answer is the client's
      // latest (the wait may have started with an earlier one, waiting.message_id).
      const stored = await threadOf(await client(), thread.thread ?? thread.id);
      headerMessageId = latestClientMessage(stored) ?? thread.waiting?.message_id;
    }
    const id = bareMessageId(headerMessageId);
    if (!id) throw Object.assign(new Error(t("errorMessageNotFound")), { code: "not_found" });
    const found = await browser.messages.query({ headerMessageId: id });
    const first = found?.messages?.[0];
    if (!first) throw Object.assign(new Error(t("errorMessageNotFound")), { code: "not_found" });
    return browser.messageDisplay.open({ messageId: first.id, location: "tab" });
  }

  async function identities() {
    const list = [];
    for (const account of await browser.accounts.list(false)) {
      for (const identity of account.identities ?? []) {
        list.push({ id: identity.id, email: identity.email, name: identity.name, account: account.name });
      }
    }
    return list;
  }

  const handlers = {
    async "settings-get"() {
      return { settings: await loadSettings(browser.storage), identities: await identities(), capabilities };
    },
    async "settings-save"({ changes }) {
      const saved = await saveSettings(browser.storage, changes ?? {});
      for (const key of Object.keys(capabilities)) capabilities[key] = null;
      return saved;
    },
    // Tests the values typed in the form, saved or not.
    async "test-connection"({ serviceUrl, token }) {
      const settings = await loadSettings(browser.storage);
      const url = serviceUrl === undefined ? { ok: true, url: settings.serviceUrl } : normaliseServiceUrl(serviceUrl);
      if (!url.ok) throw Object.assign(new Error(t(`errorUrl_${url.error}`)), { code: "bad_url" });
      const tok = token === undefined ? { ok: true, token: settings.token } : normaliseToken(token);
      if (!tok.ok) throw Object.assign(new Error(t("errorTokenFormat")), { code: "bad_token" });
      for (const key of Object.keys(capabilities)) capabilities[key] = null;
      return testConnection(createClient({ baseUrl: url.url, token: tok.token, fetchImpl }));
    },
    async "analysis-get"(message) {
      const header = await headerFor(message);
      const record = await analyseMessage(header, { force: Boolean(message.force) });
      const api = await client();
      // The waiting state changes with time: asked afresh each time the panel opens.
      const thread = await threadOf(api, record.analysis?.id || record.headerMessageId);
      const waiting = thread?.waiting ?? record.waiting;
      if (thread) record.analysis = withThreadState(record.analysis, thread);
      return { message: describeMessage(header), record: { ...record, waiting }, capabilities };
    },
    "analyse-folder"({ folderId }) {
      return analyseFolder(folderId);
    },
    "suggest-reply"(message) {
      return suggestReply(message);
    },
    async "check-compose"({ tabId }) {
      return (await checkDraftDetails(await browser.compose.getComposeDetails(tabId), { tabId })).check;
    },
    "draft-check-get"({ id }) {
      const pending = gate.get(id);
      if (!pending) throw Object.assign(new Error(t("errorCheckGone")), { code: "not_found" });
      return pending;
    },
    "draft-check-decide"({ id, decision }) {
      return gate.decide(id, decision);
    },
    "waiting-list"() {
      return waitingList();
    },
    "open-message"(message) {
      return openMessage({ headerMessageId: message.headerMessageId, messageId: message.messageId, thread: message.thread });
    },
    "open-waiting-view"() {
      return browser.tabs.create({ url: browser.runtime.getURL("pages/waiting/waiting.html") });
    },
    capabilities() {
      return capabilities;
    },
  };

  const route = createRouter(handlers, { log });

  return {
    route,
    handlers,
    store,
    gate,
    capabilities,
    analyseMessage,
    analyseFolder,
    onNewMailReceived,
    onBeforeSend,
    ensureOurTags,
    observe(f) {
      observers.add(f);
      return () => observers.delete(f);
    },
  };
}
