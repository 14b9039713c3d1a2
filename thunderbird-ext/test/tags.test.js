import { test } from "node:test";
import assert from "node:assert/strict";
import { TAGS, tagIdsFor, keysFor, mergeTags, ensureTags, applyTags } from "../modules/tags.js";
import { fakeBrowser } from "./helpers.js";

const hostileIn = {
  direction: "in",
  auto: false,
  tone: { label: "hostile" },
  questions: [{ text: "Où en est la livraison ?", kind: "question" }],
  deadline_changes: [{ from: "2026-03-06", to: "2026-03-13", direction: "later" }],
};

test("each finding earns its tag; automatic mail and the user's own mail never do", () => {
  assert.deepEqual(tagIdsFor(hostileIn), ["hostile", "questions", "moved"]);
  assert.deepEqual(tagIdsFor(hostileIn, { on: "us", breached: true }), ["hostile", "questions", "moved", "waiting"]);
  assert.deepEqual(tagIdsFor(hostileIn, { on: "client", breached: true }), ["hostile", "questions", "moved"]);
  assert.deepEqual(tagIdsFor({ ...hostileIn, auto: true }, { on: "us", breached: true }), []);
  assert.deepEqual(tagIdsFor({ ...hostileIn, direction: "out" }), []);
  assert.deepEqual(tagIdsFor({ direction: "in", tone: { label: "tense" }, questions: [{ answered_by: "<r@x>" }] }), []);
  // A question the client took back is owed nothing.
  assert.deepEqual(tagIdsFor({ direction: "in", questions: [{ answered_by: null, withdrawn_by: "<c2@x>" }] }), []);
  assert.deepEqual(tagIdsFor(null), []);
});

test("the user's own tags are kept, ours replaced", () => {
  assert.deepEqual(mergeTags(["$label1", "courtois_hostile", "todo"], keysFor(["questions"])), ["$label1", "todo", "courtois_questions"]);
  assert.deepEqual(mergeTags(undefined, []), []);
});

test("tags are created once in the user's language and never renamed", async () => {
  const browser = fakeBrowser();
  await browser.messages.tags.create("courtois_hostile", "Client fâché", "#000000"); // renamed by the user
  const created = await ensureTags(browser.messages.tags, browser.i18n.getMessage);
  assert.deepEqual(created, TAGS.filter((t) => t.key !== "courtois_hostile").map((t) => t.key));
  assert.equal(browser._tags.get("courtois_hostile").tag, "Client fâché");
  assert.equal(browser._tags.get("courtois_questions").tag, "Open questions");
  assert.deepEqual(await ensureTags(browser.messages.tags, browser.i18n.getMessage), []);
});

test("a message is updated only when its tags change", async () => {
  const browser = fakeBrowser({ messages: [{ id: 1, headerMessageId: "a@x", raw: "", tags: ["$label4"] }] });
  assert.equal(await applyTags(browser.messages, await browser.messages.get(1), ["courtois_hostile"]), true);
  assert.deepEqual((await browser.messages.get(1)).tags, ["$label4", "courtois_hostile"]);
  assert.equal(await applyTags(browser.messages, await browser.messages.get(1), ["courtois_hostile"]), false);
  assert.equal(browser.calls.filter((c) => c[0] === "messages.update").length, 1);
});
