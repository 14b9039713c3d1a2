import { test } from "node:test";
import assert from "node:assert/strict";
import { ownText, groupIssues, needsConfirmation, createDraftGate } from "../modules/draft.js";

test("the check reads the user's words, not the quoted client message", () => {
  const draft = [
    "Bonjour Madame Martin,",
    "",
    "Nous livrons vendredi.",
    "",
    "Le lun. 2 mars 2026 à 10:12, Claire Martin <claire@client.test> a écrit :",
    "> C'est INADMISSIBLE !!!",
    "> Où en est ma commande ?",
    "",
    "-- ",
    "Paul, 01 23 45 67 89",
  ].join("\r\n");
  assert.equal(ownText(draft), "Bonjour Madame Martin,\n\nNous livrons vendredi.");
  assert.equal(ownText("On Mon, Mar 2, 2026, Bob wrote:\n> angry\nFine."), "Fine.");
  assert.equal(ownText("Note: see below\nthe plan"), "Note: see below\nthe plan", "a colon alone is not an attribution");
  assert.equal(ownText(undefined), "");
});

test("issues are grouped by kind in a fixed order; only a failed check with issues asks", () => {
  const check = {
    ok: false,
    issues: [
      { kind: "unanswered_question", text: "Où en est ma commande ?" },
      { kind: "hostile_wording", text: "ridicule", suggestion: "surprenant" },
      { kind: "something_new", text: "x" },
      { kind: "hostile_wording", text: "n'importe quoi" },
    ],
  };
  assert.deepEqual(groupIssues(check).map((g) => [g.kind, g.issues.length]), [["hostile_wording", 2], ["unanswered_question", 1], ["other", 1]]);
  assert.equal(needsConfirmation(check), true);
  assert.equal(needsConfirmation({ ok: true, issues: [] }), false);
  assert.equal(needsConfirmation({ ok: false, issues: [] }), false);
  assert.equal(needsConfirmation(null), false);
});

test("the gate waits for the user: send anyway, go back, or a closed prompt", async () => {
  const opened = [];
  const closed = [];
  const gate = createDraftGate({
    openPrompt: async (id) => (opened.push(id), 100 + opened.length),
    closePrompt: async (handle) => closed.push(handle),
  });
  const first = gate.ask({ ok: false, issues: [{ kind: "shouting" }] }, { tabId: 3 });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(gate.pendingIds(), ["1"]);
  assert.equal(gate.get("1").context.tabId, 3);
  assert.equal(gate.decide("1", "send"), true);
  assert.equal(await first, "send");
  assert.deepEqual(closed, [101]);

  const second = gate.ask({ ok: false, issues: [{ kind: "shouting" }] });
  await new Promise((r) => setImmediate(r));
  gate.decide("2", "anything else");
  assert.equal(await second, "back");

  const third = gate.ask({ ok: false, issues: [{ kind: "shouting" }] });
  await new Promise((r) => setImmediate(r));
  gate.promptClosed(103);
  assert.equal(await third, "back");
  assert.equal(gate.decide("3", "send"), false, "already settled");
  assert.equal(gate.get("3"), null);
});

test("when the prompt cannot be shown the message is not held back", async () => {
  const gate = createDraftGate({ openPrompt: async () => Promise.reject(new Error("no window")) });
  assert.equal(await gate.ask({ ok: false, issues: [{}] }), "send");
  assert.deepEqual(gate.pendingIds(), []);
});
