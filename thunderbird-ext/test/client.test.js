import { test } from "node:test";
import assert from "node:assert/strict";
import { createClient, testConnection, ServiceError, PROBE_MESSAGE } from "../modules/client.js";
import { startServer, json, closedPort } from "./helpers.js";

test("analyze posts the raw bytes as message/rfc822 with the bearer token and the user's addresses", async () => {
  const server = await startServer((req, res) => json(res, 200, { id: "x", tone: { label: "calm" } }));
  try {
    const client = createClient({ baseUrl: server.url, token: "tok-12345678" });
    const raw = new TextEncoder().encode("Subject: é\r\n\r\nBonjour\r\n");
    const result = await client.analyze(raw, { me: ["a@b.test", "c@d.test"] });
    assert.deepEqual(result, { id: "x", tone: { label: "calm" } });
    const [req] = server.requests;
    assert.equal(req.method, "POST");
    assert.equal(req.url, "/v1/analyze?me=a%40b.test&me=c%40d.test");
    assert.equal(req.headers.authorization, "Bearer tok-12345678");
    assert.equal(req.headers["content-type"], "message/rfc822");
    assert.deepEqual([...req.body], [...raw]);
  } finally {
    await server.close();
  }
});

test("health needs no token; other routes refuse to run without one", async () => {
  const server = await startServer((req, res) => json(res, 200, { status: "ok" }));
  try {
    const client = createClient({ baseUrl: server.url, token: "" });
    assert.deepEqual(await client.health(), { status: "ok" });
    assert.equal(server.requests[0].headers.authorization, undefined);
    await assert.rejects(client.waiting(), (e) => e instanceof ServiceError && e.code === "no_token");
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});

test("a service that is not running gives service_down with the command that starts it", async () => {
  const port = await closedPort();
  const client = createClient({ baseUrl: `http://127.0.0.1:${port}`, token: "tok-12345678" });
  await assert.rejects(client.analyze("x"), (e) => {
    assert.equal(e.code, "service_down");
    assert.match(e.message, /courtoisd/);
    assert.match(e.message, /systemctl --user start courtoisd/);
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    return true;
  });
});

test("a slow service is abandoned after the timeout: Thunderbird never waits", async () => {
  const server = await startServer(() => {}); // never answers
  try {
    const client = createClient({ baseUrl: server.url, token: "tok-12345678", timeoutMs: 150 });
    const started = Date.now();
    await assert.rejects(client.analyze("x"), (e) => e.code === "timeout");
    assert.ok(Date.now() - started < 2000);
  } finally {
    await server.close();
  }
});

test("401 is a token problem, 404 an unavailable capability, other errors keep the service's code", async () => {
  const server = await startServer((req, res) => {
    if (req.url.startsWith("/v1/analyze")) return json(res, 401, { error: { code: "unauthorized", message: "bad token" } });
    if (req.url.startsWith("/v1/waiting")) return json(res, 404, { error: { code: "not_found", message: "no route /v1/waiting; the routes are described at GET /v1/openapi.json" } });
    if (req.url.startsWith("/v1/threads/unknown")) return json(res, 404, { error: { code: "not_found", message: 'no thread or message "unknown" in the store' } });
    if (req.url.startsWith("/v1/messages")) return res.writeHead(404).end("Not Found");
    if (req.url.startsWith("/v1/check-draft")) return json(res, 413, { error: { code: "too_large", message: "body over 25 MB" } });
    res.writeHead(500).end("plain failure");
  });
  try {
    const client = createClient({ baseUrl: server.url, token: "tok-12345678" });
    await assert.rejects(client.analyze("x"), (e) => e.code === "unauthorized" && /print-token/.test(e.message));
    await assert.rejects(client.waiting(), (e) => e.code === "unavailable" && e.route === "/v1/waiting");
    await assert.rejects(client.ingest("x"), (e) => e.code === "unavailable", "a bare 404 is a missing route");
    await assert.rejects(client.thread("unknown"), (e) => e.code === "not_found" && e.status === 404, "an unknown thread is not a missing route");
    await assert.rejects(client.checkDraft({ draft: "x" }), (e) => e.code === "too_large" && e.message === "body over 25 MB" && e.status === 413);
    await assert.rejects(client.thread("t1"), (e) => e.code === "http_500" && e.message === "plain failure");
  } finally {
    await server.close();
  }
});

test("a success that is not JSON is reported, not parsed into garbage", async () => {
  const server = await startServer((req, res) => res.writeHead(200).end("<html>"));
  try {
    const client = createClient({ baseUrl: server.url, token: "tok-12345678" });
    await assert.rejects(client.waiting(), (e) => e.code === "bad_response");
  } finally {
    await server.close();
  }
});

test("reply suggestions and draft checks send JSON bodies", async () => {
  const server = await startServer((req, res) => json(res, 200, { ok: true, issues: [] }));
  try {
    const client = createClient({ baseUrl: server.url, token: "tok-12345678" });
    await client.replySuggestions({ raw: "R", style: "warm", lang: "fr", me: ["me@x.test"] });
    await client.checkDraft({ draft: "Bonjour", replyTo: "R" });
    assert.deepEqual(JSON.parse(server.requests[0].body), { message: "R", thread: [], style: "warm", lang: "fr", me: ["me@x.test"] });
    assert.equal(server.requests[0].headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(server.requests[1].body), { draft: "Bonjour", reply_to: "R" });
  } finally {
    await server.close();
  }
});

test("testConnection checks health and a real analysis with the token", async () => {
  const server = await startServer((req, res) => {
    if (req.url === "/v1/health") return json(res, 200, { status: "ok" });
    assert.equal(req.body.toString(), PROBE_MESSAGE);
    json(res, 200, { text: "Bonjour", tone: { label: "calm" } });
  });
  try {
    const result = await testConnection(createClient({ baseUrl: server.url, token: "tok-12345678" }));
    assert.deepEqual(result.health, { status: "ok" });
    assert.equal(server.requests.length, 2);
  } finally {
    await server.close();
  }
});
