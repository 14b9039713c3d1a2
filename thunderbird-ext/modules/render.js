// Pure helpers that turn the service's findings into what the pages show. No DOM here: the
// pages build elements from these plain values with textContent, never innerHTML.

// The service gives UTF-8 byte offsets into the analysed text; JavaScript strings index UTF-16
// code units. Returns a function mapping a byte offset to a string index, or null when the
// offset does not fall on a character boundary or lies outside the text.
export function utf8OffsetMapper(text) {
  const byteToIndex = new Map([[0, 0]]);
  let bytes = 0;
  let index = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    index += ch.length;
    byteToIndex.set(bytes, index);
  }
  return (offset) => (Number.isInteger(offset) && byteToIndex.has(offset) ? byteToIndex.get(offset) : null);
}

export function utf8Length(text) {
  return new TextEncoder().encode(text).length;
}

// spans: [{start, end, text?, kind, title}] with byte offsets. Returns the text cut into
// segments [{text, span}] where span is null for plain text. A span whose offsets do not match
// the text (an older service, a different normalisation) is found by its quoted text instead;
// overlapping spans keep the one that starts first (the longer on a tie).
export function highlightSegments(text, spans) {
  const toIndex = utf8OffsetMapper(text);
  const placed = [];
  for (const span of spans ?? []) {
    let from = toIndex(span.start);
    let to = toIndex(span.end);
    if (from === null || to === null || from >= to || (span.text && text.slice(from, to) !== span.text)) {
      const at = span.text ? text.indexOf(span.text) : -1;
      if (at < 0) continue;
      from = at;
      to = at + span.text.length;
    }
    placed.push({ from, to, span });
  }
  placed.sort((a, b) => a.from - b.from || b.to - a.to);
  const segments = [];
  let cursor = 0;
  for (const p of placed) {
    if (p.from < cursor) continue;
    if (p.from > cursor) segments.push({ text: text.slice(cursor, p.from), span: null });
    segments.push({ text: text.slice(p.from, p.to), span: p.span });
    cursor = p.to;
  }
  if (cursor < text.length || segments.length === 0) segments.push({ text: text.slice(cursor), span: null });
  return segments;
}

// Polite markers soften the tone; they are shown apart from what makes it tense and are not
// highlighted as evidence against the client. Signals of the hostility categories always count
// as tension (their weight is how hostile); the other signals come from the politeness model,
// whose weight is positive when polite ("Merci", "bon") and negative when not ("Pourquoi",
// a sentence opening on "Votre").
const HOSTILE_CATEGORIES = new Set([
  "threat", "hostility", "insult", "rudeness", "pressure", "ultimatum", "sarcasm", "passive_aggression",
  "frustration", "urgency", "shouting", "punctuation", "contempt", "blame",
]);
const POLITE_CATEGORIES = new Set(["politeness", "polite", "please", "gratitude", "thanks", "greeting", "apology", "hedge"]);

export function isPoliteSignal(signal) {
  if (!signal || HOSTILE_CATEGORIES.has(signal.category)) return false;
  const weight = Number(signal.weight);
  return Number.isFinite(weight) && weight !== 0 ? weight > 0 : POLITE_CATEGORIES.has(signal.category);
}

// The tone signals split for display: what raises the tension, what softens it.
export function splitSignals(tone) {
  const signals = tone?.signals ?? [];
  return { tension: signals.filter((s) => !isPoliteSignal(s)), polite: signals.filter(isPoliteSignal) };
}

// Every finding of an analysed message that has a place in the text, as highlight spans.
export function findingSpans(analysis) {
  const spans = [];
  for (const s of splitSignals(analysis?.tone).tension) {
    spans.push({ start: s.start, end: s.end, text: s.text, kind: `tone-${s.category || "signal"}`, title: s.symbol });
  }
  for (const q of analysis?.questions ?? []) {
    spans.push({ start: q.start, end: q.end, text: q.text, kind: "question", title: q.kind });
  }
  for (const d of analysis?.dates ?? []) {
    spans.push({ start: d.start, end: d.end, text: d.text, kind: "date", title: d.role });
  }
  return spans;
}

export function toneLevel(tone) {
  const label = tone?.label;
  return label === "hostile" || label === "tense" || label === "calm" ? label : "unknown";
}

// A date-time from the service (RFC 3339 with offset) in the reader's locale and zone.
export function formatDateTime(value, locale, { withTime = true } = {}) {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const options = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
  try {
    return new Intl.DateTimeFormat(locale || undefined, options).format(date);
  } catch {
    return date.toISOString();
  }
}

// Business hours as "36 h 30 min": never as days, since a business day is not 24 hours.
export function formatHours(hours) {
  const total = Math.max(0, Math.round(Number(hours || 0) * 60));
  const h = Math.floor(total / 60);
  const minutes = total % 60;
  if (!minutes) return `${h} h`;
  return h ? `${h} h ${String(minutes).padStart(2, "0")} min` : `${minutes} min`;
}

// The waiting state of a thread in words: what the pages need to show and sort.
export function describeWaiting(waiting, now = Date.now()) {
  if (!waiting || typeof waiting !== "object") return { state: "unknown" };
  const due = waiting.due ? Date.parse(waiting.due) : NaN;
  const overdueHours = Number.isNaN(due) ? null : (now - due) / 3600000;
  let state = "ok";
  if (waiting.on !== "us") state = waiting.on === "client" ? "client" : "nobody";
  else if (waiting.breached) state = "breached";
  else if (waiting.warning || (overdueHours !== null && overdueHours > -Math.max(1, Number(waiting.target_hours || 0) * 0.25))) {
    state = "soon";
  }
  return {
    state,
    on: waiting.on,
    since: waiting.since ?? null,
    due: waiting.due ?? null,
    businessHours: Number(waiting.business_hours ?? 0),
    targetHours: Number(waiting.target_hours ?? 0),
    overdueHours,
    client: waiting.client ?? null,
    reason: waiting.reason ?? null,
  };
}

// Threads waiting on us, most urgent first: breached before not, then the earliest due time,
// then the longest wait. Threads without a waiting state go last.
export function sortByUrgency(threads) {
  const key = (t) => {
    const w = t.waiting ?? {};
    const due = w.due ? Date.parse(w.due) : NaN;
    return {
      breached: w.breached ? 0 : 1,
      due: Number.isNaN(due) ? Infinity : due,
      waited: -Number(w.business_hours ?? 0),
    };
  };
  return [...threads].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka.breached - kb.breached || ka.due - kb.due || ka.waited - kb.waited;
  });
}

// The /v1/waiting answer, whatever its envelope: an array, or {threads: [...]}.
export function waitingThreads(answer) {
  const list = Array.isArray(answer) ? answer : Array.isArray(answer?.threads) ? answer.threads : [];
  return list.filter((t) => t && typeof t === "object");
}

// Message-IDs come with or without angle brackets; Thunderbird's headerMessageId has none.
// The questions of a message as the display lists them: those still waiting for an answer,
// then those settled, each with the sentence that settled it (every flag explains itself, and so
// does its absence): the reply's that answered it, or the client's that took it back
// (withdrawn_by: "Never mind about the invoice, I found it").
export function questionItems(analysis) {
  const questions = analysis?.questions ?? [];
  return {
    open: questions.filter((q) => !q.answered_by && !q.withdrawn_by),
    answered: questions
      .filter((q) => q.answered_by || q.withdrawn_by)
      .map((q) => ({ text: q.text, kind: q.kind, evidence: q.answer_evidence ?? "", withdrawn: !q.answered_by })),
  };
}

export function bareMessageId(id) {
  return String(id ?? "").trim().replace(/^<|>$/g, "");
}

// A message's analysis completed by what the thread store knows of its thread (GET
// /v1/threads/{id}): whether a later reply answered each question, and the deadline changes
// the thread analysis attributes to this message. The message's own findings are kept.
export function withThreadState(analysis, thread) {
  if (!analysis || !thread || typeof thread !== "object") return analysis;
  const id = bareMessageId(analysis.id);
  const stored = (thread.messages ?? []).find((m) => bareMessageId(m.id) === id);
  const questions = (analysis.questions ?? []).map((q, i) => {
    const known = stored?.questions?.[i];
    if (!known || known.text !== q.text || known.answered_by === undefined) return q;
    const merged = { ...q, answered_by: known.answered_by };
    if (known.withdrawn_by) merged.withdrawn_by = known.withdrawn_by;
    if ((known.answered_by || known.withdrawn_by) && known.answer_evidence) merged.answer_evidence = known.answer_evidence;
    return merged;
  });
  // The same change seen by the message's analysis and by the thread's may differ in date
  // precision ("2026-03-06" against "2026-03-06T00:00:00+01:00"): compared by day.
  const day = (value) => String(value ?? "").slice(0, 10);
  const key = (c) => `${c.text}|${c.direction}|${day(c.from)}|${day(c.to)}`;
  const seen = new Set();
  const changes = [];
  const fromThread = (thread.deadline_changes ?? []).filter((c) => bareMessageId(c.message_id) === id);
  for (const change of [...(analysis.deadline_changes ?? []), ...fromThread]) {
    if (seen.has(key(change))) continue;
    seen.add(key(change));
    const { message_id, ...rest } = change;
    changes.push(rest);
  }
  return { ...analysis, questions, deadline_changes: changes };
}

// The message of a stored thread to open from the waiting view: the latest one from the
// client that is not automatic, else the latest.
export function latestClientMessage(thread) {
  const messages = thread?.messages ?? [];
  const client = messages.filter((m) => m.direction === "in" && !m.auto);
  const chosen = client.length ? client[client.length - 1] : messages[messages.length - 1];
  return chosen ? bareMessageId(chosen.id) : null;
}
