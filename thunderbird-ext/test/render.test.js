import { test } from "node:test";
import assert from "node:assert/strict";
import { utf8OffsetMapper, utf8Length, highlightSegments, findingSpans, describeWaiting, sortByUrgency, formatHours, waitingThreads, bareMessageId, toneLevel, withThreadState, latestClientMessage, splitSignals, questionItems } from "../modules/render.js";

// Byte offsets as the service computes them: over the UTF-8 encoding.
function spanOf(text, phrase) {
  const at = text.indexOf(phrase);
  return { start: utf8Length(text.slice(0, at)), end: utf8Length(text.slice(0, at + phrase.length)), text: phrase };
}

test("UTF-8 byte offsets map to string indices across accents, CJK and emoji", () => {
  const text = "Été 😡 déçu 日本";
  const map = utf8OffsetMapper(text);
  assert.equal(map(0), 0);
  assert.equal(map(2), 1, "É is two bytes");
  assert.equal(map(1), null, "inside a character");
  assert.equal(map(utf8Length("Été ")), 4);
  assert.equal(map(utf8Length("Été 😡")), 6, "the emoji is two UTF-16 units");
  assert.equal(map(utf8Length(text)), text.length);
  assert.equal(map(utf8Length(text) + 1), null);
});

test("findings are highlighted at their byte offsets", () => {
  const text = "Bonjour, c'est INADMISSIBLE 😡 ! Pouvez-vous livrer avant vendredi ?";
  const analysis = {
    text,
    tone: { signals: [{ ...spanOf(text, "INADMISSIBLE"), category: "shouting", symbol: "TONE_SHOUTING" }] },
    questions: [{ ...spanOf(text, "Pouvez-vous livrer avant vendredi ?"), kind: "question" }],
    dates: [{ ...spanOf(text, "vendredi"), role: "delivery" }],
  };
  const segments = highlightSegments(text, findingSpans(analysis));
  assert.equal(segments.map((s) => s.text).join(""), text, "nothing lost or duplicated");
  const marked = segments.filter((s) => s.span).map((s) => [s.text, s.span.kind]);
  // The date lies inside the question: the question, starting first, wins.
  assert.deepEqual(marked, [
    ["INADMISSIBLE", "tone-shouting"],
    ["Pouvez-vous livrer avant vendredi ?", "question"],
  ]);
});

test("a span whose offsets do not match its text is found by its text; a lost one is dropped", () => {
  const text = "Merci de répondre vite.";
  const segments = highlightSegments(text, [
    { start: 0, end: 3, text: "répondre", kind: "question" },
    { start: 500, end: 510, text: "absent", kind: "date" },
  ]);
  assert.deepEqual(segments.filter((s) => s.span).map((s) => s.text), ["répondre"]);
  assert.equal(segments.map((s) => s.text).join(""), text);
  assert.deepEqual(highlightSegments("", []), [{ text: "", span: null }]);
});

test("waiting states: breached, soon, within target, on the client", () => {
  const now = Date.parse("2026-03-04T12:00:00Z");
  assert.equal(describeWaiting({ on: "us", breached: true, due: "2026-03-04T10:00:00Z", business_hours: 10, target_hours: 8 }, now).state, "breached");
  assert.equal(describeWaiting({ on: "us", breached: false, due: "2026-03-04T13:00:00Z", business_hours: 7, target_hours: 8 }, now).state, "soon");
  assert.equal(describeWaiting({ on: "us", breached: false, due: "2026-03-06T13:00:00Z", business_hours: 1, target_hours: 8 }, now).state, "ok");
  assert.equal(describeWaiting({ on: "client" }, now).state, "client");
  assert.equal(describeWaiting({ on: "us", warning: true, due: "2026-03-09T13:00:00Z" }, now).state, "soon", "the policy's early warning");
  assert.equal(describeWaiting(null).state, "unknown");
  assert.equal(describeWaiting({ on: "us", due: "2026-03-04T10:00:00Z" }, now).overdueHours, 2);
});

test("most urgent first: breached, then earliest due, then longest wait", () => {
  const threads = [
    { id: "late-due", waiting: { breached: false, due: "2026-03-09T10:00:00Z", business_hours: 1 } },
    { id: "breached-recent", waiting: { breached: true, due: "2026-03-04T10:00:00Z", business_hours: 9 } },
    { id: "none" },
    { id: "breached-old", waiting: { breached: true, due: "2026-03-02T10:00:00Z", business_hours: 30 } },
    { id: "soon", waiting: { breached: false, due: "2026-03-05T10:00:00Z", business_hours: 6 } },
  ];
  assert.deepEqual(sortByUrgency(threads).map((t) => t.id), ["breached-old", "breached-recent", "soon", "late-due", "none"]);
});

test("business hours read as hours and minutes, never days", () => {
  assert.equal(formatHours(0), "0 h");
  assert.equal(formatHours(12.5), "12 h 30 min");
  assert.equal(formatHours(0.25), "15 min");
  assert.equal(formatHours(49), "49 h");
  assert.equal(formatHours(36.5), "36 h 30 min");
  assert.equal(formatHours(2.05), "2 h 03 min");
  assert.equal(formatHours(-3), "0 h");
});

test("the waiting answer is read whatever its envelope, and each thread opens its latest message", () => {
  assert.equal(waitingThreads([{ id: 1 }, null]).length, 1);
  assert.equal(waitingThreads({ threads: [{ id: 1 }, { id: 2 }] }).length, 2);
  assert.deepEqual(waitingThreads({ error: {} }), []);
  assert.equal(bareMessageId(" <b@x> "), "b@x");
  assert.equal(toneLevel({ label: "hostile" }), "hostile");
  assert.equal(toneLevel({ label: "weird" }), "unknown");
});

test("the thread store completes a message's analysis: answered questions, changes across the thread", () => {
  const analysis = {
    id: "<m2@x>",
    questions: [{ text: "Quand livrez-vous ?", start: 0, end: 20 }, { text: "Et la facture ?", start: 21, end: 36 }, { text: "Et le devis ?", start: 37, end: 50 }],
    deadline_changes: [{ text: "repoussée au 13", from: "2026-03-06", to: "2026-03-13", direction: "later" }],
  };
  const thread = {
    messages: [
      { id: "m1@x", direction: "in", questions: [] },
      { id: "m2@x", direction: "in", questions: [{ text: "Quand livrez-vous ?", answered_by: "r1@x", answer_evidence: "Comptez deux semaines." }, { text: "Et la facture ?", answered_by: null }, { text: "Et le devis ?", answered_by: null, withdrawn_by: "m3@x", answer_evidence: "Oubliez le devis, je l'ai retrouvé." }] },
    ],
    deadline_changes: [
      { message_id: "m2@x", text: "repoussée au 13", from: "2026-03-06", to: "2026-03-13", direction: "later" },
      { message_id: "m2@x", text: "annulée", from: "2026-03-20", to: null, direction: "cancelled" },
      { message_id: "m2@x", text: "annulée", from: "2026-03-20T00:00:00+01:00", to: null, direction: "cancelled" },
      { message_id: "m1@x", text: "other", from: "2026-03-01", to: "2026-03-02", direction: "later" },
    ],
  };
  const merged = withThreadState(analysis, thread);
  assert.deepEqual(merged.questions.map((q) => q.answered_by), ["r1@x", null, null]);
  assert.equal(merged.questions[2].withdrawn_by, "m3@x");
  // The display lists what is still open, then what a reply answered or the client took back,
  // and with which sentence.
  const items = questionItems(merged);
  assert.deepEqual(items.open.map((q) => q.text), ["Et la facture ?"]);
  assert.deepEqual(items.answered, [
    { text: "Quand livrez-vous ?", kind: undefined, evidence: "Comptez deux semaines.", withdrawn: false },
    { text: "Et le devis ?", kind: undefined, evidence: "Oubliez le devis, je l'ai retrouvé.", withdrawn: true },
  ]);
  assert.deepEqual(questionItems(null), { open: [], answered: [] });
  assert.deepEqual(merged.deadline_changes.map((c) => c.text), ["repoussée au 13", "annulée"]);
  assert.equal(merged.deadline_changes[1].message_id, undefined);
  assert.equal(withThreadState(analysis, null), analysis);
});

test("the waiting view opens the thread's latest message from the client", () => {
  assert.equal(latestClientMessage({ messages: [{ id: "<a@x>", direction: "in" }, { id: "<b@x>", direction: "in" }, { id: "<r@x>", direction: "out" }, { id: "<c@x>", direction: "in", auto: true }] }), "b@x");
  assert.equal(latestClientMessage({ messages: [{ id: "<r@x>", direction: "out" }] }), "r@x");
  assert.equal(latestClientMessage({ messages: [] }), null);
  assert.equal(latestClientMessage(null), null);
});

test("polite markers are shown apart and never highlighted as evidence", () => {
  const tone = {
    signals: [
      { text: "INADMISSIBLE", category: "shouting", weight: 0.4, start: 0, end: 12 },
      { text: "Merci", category: "gratitude", weight: 2.88, start: 13, end: 18 },
      { text: "s'il vous plaît", category: "please", start: 19, end: 35 },
      { text: "Pourquoi", category: "direct_question", weight: -1.9, start: 36, end: 44 },
      { text: "incompétent", category: "insult", weight: 4.5, start: 45, end: 57 },
    ],
  };
  const { tension, polite } = splitSignals(tone);
  assert.deepEqual(tension.map((s) => s.text), ["INADMISSIBLE", "Pourquoi", "incompétent"]);
  assert.deepEqual(polite.map((s) => s.text), ["Merci", "s'il vous plaît"]);
  assert.deepEqual(findingSpans({ tone }).map((s) => s.text), ["INADMISSIBLE", "Pourquoi", "incompétent"]);
  assert.deepEqual(splitSignals(undefined), { tension: [], polite: [] });
});
