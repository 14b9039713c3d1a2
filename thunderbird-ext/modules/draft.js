// The check before sending: what the user wrote (without the quoted message), the question put
// to the user when the check finds something, and the user's answer.

// The user's own words of a plain-text draft: quoted lines ("> ...") and the attribution line
// that introduces them ("Le lun. 2 mars 2026, X a écrit :", "On Mon, ... wrote:") are the
// client's words, not the draft's, and would make the check flag the client's hostility.
export function ownText(plainText) {
  const lines = String(plainText ?? "").replace(/\r\n?/g, "\n").split("\n");
  const kept = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*>/.test(line)) continue;
    const next = lines.slice(i + 1).find((l) => l.trim() !== "");
    if (/[:：]\s*$/.test(line) && next !== undefined && /^\s*>/.test(next) && /(wrote|écrit|a écrit)\s*[:：]\s*$/i.test(line)) {
      continue;
    }
    // The signature separator ends what the check needs to read.
    if (line === "-- ") break;
    kept.push(line);
  }
  return kept.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

// Groups the issues of a check-draft answer by kind, in the order the prompt shows them.
export const ISSUE_KINDS = Object.freeze([
  "hostile_wording",
  "shouting",
  "unanswered_question",
  "promised_date",
  "ignored_deadline",
]);

export function groupIssues(check) {
  const groups = new Map();
  for (const issue of check?.issues ?? []) {
    const kind = ISSUE_KINDS.includes(issue.kind) ? issue.kind : "other";
    if (!groups.has(kind)) groups.set(kind, []);
    groups.get(kind).push(issue);
  }
  return [...ISSUE_KINDS, "other"].filter((k) => groups.has(k)).map((kind) => ({ kind, issues: groups.get(kind) }));
}

export function needsConfirmation(check) {
  return Boolean(check) && check.ok === false && (check.issues ?? []).length > 0;
}

// Pending questions to the user, one per send attempt. openPrompt(id) shows the question and
// returns a handle (a window id); closePrompt(handle) removes it. The user's answer, or closing
// the prompt, settles the send: "send" sends anyway, anything else goes back to the draft.
export function createDraftGate({ openPrompt, closePrompt = async () => {} }) {
  const pending = new Map();
  let next = 1;

  function settle(id, decision) {
    const entry = pending.get(id);
    if (!entry) return false;
    pending.delete(id);
    entry.resolve(decision === "send" ? "send" : "back");
    if (entry.handle !== undefined && entry.handle !== null) closePrompt(entry.handle).catch(() => {});
    return true;
  }

  return {
    async ask(check, context = {}) {
      const id = String(next++);
      let resolve;
      const decided = new Promise((r) => (resolve = r));
      const entry = { check, context, resolve, handle: null };
      pending.set(id, entry);
      try {
        entry.handle = await openPrompt(id);
      } catch (error) {
        // Without a way to ask, the draft is not held back: the check must never block sending.
        pending.delete(id);
        return "send";
      }
      if (!pending.has(id) && entry.handle !== null) closePrompt(entry.handle).catch(() => {});
      return decided;
    },

    get(id) {
      const entry = pending.get(String(id));
      return entry ? { check: entry.check, context: entry.context } : null;
    },

    decide(id, decision) {
      return settle(String(id), decision);
    },

    promptClosed(handle) {
      for (const [id, entry] of pending) {
        if (entry.handle === handle) {
          pending.delete(id);
          entry.resolve("back");
        }
      }
    },

    pendingIds() {
      return [...pending.keys()];
    },
  };
}
