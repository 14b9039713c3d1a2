// The panel beside a displayed message: tone with its evidence highlighted in the text, open
// questions, dates and their changes, time waited and the due time, and the calm reply button.

import { t, localise, request, errorText, el, showError } from "../common.js";
import { highlightSegments, findingSpans, toneLevel, formatDateTime, formatHours, describeWaiting, splitSignals, questionItems } from "../../modules/render.js";

const locale = browser.i18n.getUILanguage();
// Opened as the message's popup it shows the displayed message; opened with ?messageId=N (in
// its own window or tab) it shows that message.
const params = new URLSearchParams(location.search);
const fixedMessageId = params.has("messageId") ? Number(params.get("messageId")) : null;
let current = null;
let serviceUrl;

function renderTone(tone) {
  const level = toneLevel(tone);
  const hostility = Math.max(0, Math.min(1, Number(tone?.hostility ?? 0)));
  document.getElementById("tone-summary").replaceChildren(
    el("span", { className: `pill pill-${level}`, id: "tone-label", dataset: { level } }, t(`tone_${level}`)),
    el("span", {}, t("hostility")),
    el("span", { className: "meter", title: hostility.toFixed(2) }, el("span", { style: `width:${Math.round(hostility * 100)}%` })),
    el("span", { className: "muted" }, `${t("politeness")} ${Number(tone?.politeness ?? 0).toFixed(2)}`)
  );
  const { tension, polite } = splitSignals(tone);
  const category = (c) => {
    const text = t(`category_${c}`);
    return text === `category_${c}` ? String(c ?? "").replace(/_/g, " ") : text;
  };
  // One line per phrase: a phrase that fired several rules lists their categories once.
  const byText = new Map();
  for (const s of tension) {
    const entry = byText.get(s.text) ?? { text: s.text, categories: new Set(), symbols: [] };
    entry.categories.add(category(s.category));
    entry.symbols.push(s.symbol);
    byText.set(s.text, entry);
  }
  document.getElementById("tone-signals").replaceChildren(
    ...(byText.size
      ? [...byText.values()].map((e) =>
          el("li", { title: e.symbols.join(" ") }, el("mark", { dataset: { kind: "tone-signal" } }, e.text), ` — ${[...e.categories].join(", ")}`)
        )
      : [el("li", { className: "muted" }, t("noToneSignal"))]),
    ...(polite.length ? [el("li", { className: "muted" }, `${t("softenedBy")} ${[...new Set(polite.map((s) => s.text))].join(", ")}`)] : [])
  );
}

function renderText(analysis) {
  const text = analysis.text ?? "";
  const segments = highlightSegments(text, findingSpans(analysis));
  document.getElementById("message-text").replaceChildren(
    ...segments.map((s) => (s.span ? el("mark", { dataset: { kind: s.span.kind }, title: s.span.title ?? "" }, s.text) : s.text))
  );
}

function renderQuestions(analysis) {
  const { open, answered } = questionItems(analysis);
  document.getElementById("question-list").replaceChildren(
    ...(open.length
      ? open.map((q) => el("li", {}, el("mark", { dataset: { kind: "question" } }, q.text), ` (${t(`questionKind_${q.kind}`)})`))
      : [el("li", { className: "muted" }, t("noOpenQuestion"))]),
    ...answered.map((q) =>
      el("li", { className: "answered" }, el("s", {}, q.text), " ", el("span", { className: "muted" }, q.withdrawn ? t("withdrawnWith", [q.evidence]) : q.evidence ? t("answeredWith", [q.evidence]) : t("answered")))
    )
  );
}

function renderDates(analysis) {
  const dates = analysis.dates ?? [];
  document.getElementById("date-list").replaceChildren(
    ...(dates.length
      ? dates.map((d) =>
          el("li", {}, el("mark", { dataset: { kind: "date" } }, d.text), " → ", formatDateTime(d.value, locale, { withTime: !["day", "week", "month", "quarter", "year"].includes(d.grain) }), d.role && d.role !== "mention" ? ` (${t(`role_${d.role}`)})` : "")
        )
      : [el("li", { className: "muted" }, t("noDate"))])
  );
  document.getElementById("change-list").replaceChildren(
    ...(analysis.deadline_changes ?? []).map((c) =>
      el("li", { className: "change" }, t(`change_${c.direction}`), ": ", formatDateTime(c.from, locale, { withTime: false }), " → ", c.to ? formatDateTime(c.to, locale, { withTime: false }) : "—", ` « ${c.text} »`)
    )
  );
  document.getElementById("commitment-list").replaceChildren(
    ...(analysis.commitments ?? []).map((c) => el("li", {}, t("commitment"), ": ", c.text, c.due ? ` → ${formatDateTime(c.due, locale)}` : "", c.status ? ` (${t(`commitment_${c.status}`)})` : ""))
  );
}

function renderWaiting(record, capabilities) {
  const body = document.getElementById("waiting-body");
  const w = describeWaiting(record.waiting);
  if (w.state === "unknown") {
    const unavailable = capabilities?.threads === false;
    body.replaceChildren(el("p", { className: unavailable ? "notice notice-unavailable" : "muted" }, t(unavailable ? "waitingUnavailable" : "waitingUnknown")));
    return;
  }
  const rows = [el("p", { id: "waiting-state", className: w.state === "breached" ? "breached" : "" }, t(`waiting_${w.state}`))];
  if (w.on === "us") {
    rows.push(el("p", {}, t("waitedFor", [formatHours(w.businessHours), formatHours(w.targetHours)])));
    if (w.since) rows.push(el("p", {}, t("waitingSince", [formatDateTime(w.since, locale)])));
    if (w.due) rows.push(el("p", {}, t("dueAt", [formatDateTime(w.due, locale)])));
  }
  if (w.reason) rows.push(el("p", { className: "muted" }, w.reason));
  body.replaceChildren(...rows);
}

function renderStyles(settings) {
  const select = document.getElementById("style");
  select.replaceChildren(...settings.styles.map((s) => el("option", { value: s, selected: s === settings.defaultStyle }, t(`style_${s}`))));
}

async function load(force = false) {
  const status = document.getElementById("status");
  try {
    const { settings } = await request({ type: "settings-get" });
    serviceUrl = settings.serviceUrl;
    renderStyles(settings);
    let target = { messageId: fixedMessageId };
    if (fixedMessageId === null) {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      target = { tabId: tab.id };
    }
    document.body.dataset.state = "loading";
    const { message, record, capabilities } = await request({ type: "analysis-get", ...target, force });
    current = { message, record };
    const analysis = record.analysis ?? {};
    status.replaceChildren(el("p", { className: "muted" }, message.subject ?? "", analysis.auto ? ` — ${t("automaticMail")}` : ""));
    renderTone(analysis.tone);
    renderText(analysis);
    renderQuestions(analysis);
    renderDates(analysis);
    renderWaiting(record, capabilities);
    document.getElementById("findings").hidden = false;
    document.body.dataset.state = "ready";
  } catch (error) {
    document.getElementById("findings").hidden = true;
    showError(status, error, serviceUrl);
    document.body.dataset.state = "error";
  }
}

document.getElementById("suggest").addEventListener("click", async () => {
  const line = document.getElementById("reply-status");
  line.textContent = t("replyWorking");
  try {
    const reply = await request({ type: "suggest-reply", messageId: current.message.id, style: document.getElementById("style").value });
    line.textContent = t("replyOpened", [t(`style_${reply.style}`), reply.lang ?? "?"]);
  } catch (error) {
    line.textContent = errorText(error, serviceUrl);
  }
});

document.getElementById("reanalyse").addEventListener("click", () => load(true));

localise();
load();
