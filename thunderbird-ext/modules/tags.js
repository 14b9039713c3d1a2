// The four Courtois tags. Keys are fixed (the extension finds its tags by key), names are
// created once in the user's language and never overwritten, so a user who renames a tag in
// Thunderbird's settings keeps the new name.

export const TAGS = Object.freeze([
  { id: "hostile", key: "courtois_hostile", color: "#B03A2E", nameKey: "tagHostile" },
  { id: "questions", key: "courtois_questions", color: "#1F618D", nameKey: "tagQuestions" },
  { id: "moved", key: "courtois_deadline_moved", color: "#B9770E", nameKey: "tagDeadlineMoved" },
  { id: "waiting", key: "courtois_waiting", color: "#6C3483", nameKey: "tagWaiting" },
]);

const OUR_KEYS = new Set(TAGS.map((t) => t.key));

// Which of our tags an analysed message earns. `waiting` is the thread's waiting state when
// known. Automatic mail and the user's own mail are never tagged.
export function tagIdsFor(analysis, waiting = null) {
  if (!analysis || analysis.auto || (analysis.direction && analysis.direction !== "in")) return [];
  const ids = [];
  if (analysis.tone?.label === "hostile") ids.push("hostile");
  const open = (analysis.questions ?? []).filter((q) => !q.answered_by && !q.withdrawn_by);
  if (open.length) ids.push("questions");
  if ((analysis.deadline_changes ?? []).length) ids.push("moved");
  if (waiting && waiting.on === "us" && waiting.breached) ids.push("waiting");
  return ids;
}

export function keysFor(ids) {
  return TAGS.filter((t) => ids.includes(t.id)).map((t) => t.key);
}

// The message's new tag list: the user's own tags kept in their order, ours replaced.
export function mergeTags(existing, ourKeys) {
  const kept = (existing ?? []).filter((k) => !OUR_KEYS.has(k));
  return [...kept, ...ourKeys.filter((k) => !kept.includes(k))];
}

export function sameTags(a, b) {
  return a.length === b.length && a.every((k) => b.includes(k));
}

// Creates the tags that do not exist yet. getMessage: the i18n lookup for default names.
export async function ensureTags(tagsApi, getMessage) {
  const existing = new Set((await tagsApi.list()).map((t) => t.key));
  const created = [];
  for (const tag of TAGS) {
    if (existing.has(tag.key)) continue;
    try {
      await tagsApi.create(tag.key, getMessage(tag.nameKey) || tag.id, tag.color);
      created.push(tag.key);
    } catch (error) {
      // Created meanwhile by another start of the background: the key is what matters.
      if (!(await tagsApi.list()).some((t) => t.key === tag.key)) throw error;
    }
  }
  return created;
}

// Applies our tags to one message, touching it only when something changes.
export async function applyTags(messagesApi, message, ourKeys) {
  const current = message.tags ?? [];
  const next = mergeTags(current, ourKeys);
  if (sameTags(current, next)) return false;
  await messagesApi.update(message.id, { tags: next });
  return true;
}
