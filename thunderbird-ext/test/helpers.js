// Test helpers: a loopback HTTP server the client really talks to, and a small in-memory
// `browser` object with the parts of Thunderbird's API the background uses.

import http from "node:http";
import { readFileSync } from "node:fs";

export async function startServer(handler) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const record = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(record);
      try {
        await handler(record, res);
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  };
}

export function json(res, status, body) {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

// A port nothing listens on: bound then released.
export async function closedPort() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const messagesEn = JSON.parse(readFileSync(new URL("../_locales/en/messages.json", import.meta.url), "utf8"));

function event() {
  const listeners = [];
  return { addListener: (f) => listeners.push(f), listeners, fire: (...args) => Promise.all(listeners.map((f) => f(...args))) };
}

// messages: [{id, headerMessageId, raw, tags, subject, author, date}]
export function fakeBrowser({ messages = [], identities = [{ id: "id1", email: "me@courtois.test", name: "Me" }] } = {}) {
  const storage = new Map();
  const tags = new Map();
  const byId = new Map(messages.map((m) => [m.id, { tags: [], ...m }]));
  const calls = [];
  const header = (m) => ({ id: m.id, headerMessageId: m.headerMessageId, subject: m.subject, author: m.author, date: m.date, tags: [...m.tags] });
  const browser = {
    calls,
    storage: {
      local: {
        async get(key) {
          if (key === null || key === undefined) return Object.fromEntries(storage);
          const keys = [].concat(key);
          return Object.fromEntries(keys.filter((k) => storage.has(k)).map((k) => [k, structuredClone(storage.get(k))]));
        },
        async set(items) {
          for (const [k, v] of Object.entries(items)) storage.set(k, structuredClone(v));
        },
        async remove(keys) {
          for (const k of [].concat(keys)) storage.delete(k);
        },
      },
    },
    i18n: {
      getMessage(key, subs) {
        const entry = messagesEn[key];
        if (!entry) return "";
        let text = entry.message;
        for (const [name, ph] of Object.entries(entry.placeholders ?? {})) {
          const n = Number(ph.content.slice(1)) - 1;
          text = text.replaceAll(`$${name.toUpperCase()}$`, [].concat(subs ?? [])[n] ?? "");
        }
        return text;
      },
      getUILanguage: () => "en",
    },
    accounts: {
      async list() {
        return [{ id: "account1", name: "Test", identities }];
      },
    },
    messages: {
      async get(id) {
        if (!byId.has(id)) throw new Error(`Message not found: ${id}.`);
        return header(byId.get(id));
      },
      async getRaw(id) {
        const m = byId.get(id);
        return new Blob([m.raw]);
      },
      async update(id, props) {
        calls.push(["messages.update", id, props]);
        Object.assign(byId.get(id), structuredClone(props));
      },
      async list() {
        return { id: null, messages: [...byId.values()].map(header) };
      },
      async continueList() {
        return { id: null, messages: [] };
      },
      async query({ headerMessageId }) {
        return { id: null, messages: [...byId.values()].filter((m) => m.headerMessageId === headerMessageId).map(header) };
      },
      tags: {
        async list() {
          return [...tags.values()];
        },
        async create(key, tag, color) {
          if (tags.has(key)) throw new Error("Tag key exists");
          tags.set(key, { key, tag, color });
          return key;
        },
      },
      onNewMailReceived: event(),
    },
    messageDisplay: {
      async getDisplayedMessages(tabId) {
        return { id: null, messages: [header(byId.get(browser._displayed?.[tabId]))] };
      },
      async open(props) {
        calls.push(["messageDisplay.open", props]);
        return { id: 99 };
      },
    },
    compose: {
      async beginReply(id, type, details) {
        calls.push(["compose.beginReply", id, type, details]);
        return { id: 42 };
      },
      async getComposeDetails(tabId) {
        return browser._compose[tabId];
      },
      async listAttachments(tabId) {
        return browser._attachments?.[tabId] ?? [];
      },
    },
    windows: {
      async create(props) {
        calls.push(["windows.create", props]);
        return { id: 7 };
      },
      async remove(id) {
        calls.push(["windows.remove", id]);
      },
    },
    runtime: { getURL: (path) => `moz-extension://test/${path}` },
    tabs: {
      async create(props) {
        calls.push(["tabs.create", props]);
        return { id: 5 };
      },
    },
    _tags: tags,
    _messages: byId,
    _displayed: {},
    _compose: {},
  };
  return browser;
}
