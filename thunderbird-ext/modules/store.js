// Analysis results kept in storage.local, keyed by Message-ID, so the panel shows a message's
// findings at once and a restarted background does not ask the service again. Bounded: the
// oldest results are dropped past `limit`.

const INDEX_KEY = "results:index";
const PREFIX = "result:";

export function createResultStore(area, { limit = 2000 } = {}) {
  // storage.local has no transactions: writes of the index go one after the other.
  let queue = Promise.resolve();
  const serial = (task) => {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  };

  return {
    async get(headerMessageId) {
      const key = PREFIX + headerMessageId;
      return (await area.get(key))[key] ?? null;
    },

    put(headerMessageId, record) {
      return serial(async () => {
        const key = PREFIX + headerMessageId;
        const index = ((await area.get(INDEX_KEY))[INDEX_KEY] ?? []).filter((id) => id !== headerMessageId);
        index.push(headerMessageId);
        const dropped = index.length > limit ? index.splice(0, index.length - limit) : [];
        await area.set({ [key]: { ...record, storedAt: Date.now() }, [INDEX_KEY]: index });
        if (dropped.length) await area.remove(dropped.map((id) => PREFIX + id));
      });
    },

    async size() {
      return ((await area.get(INDEX_KEY))[INDEX_KEY] ?? []).length;
    },
  };
}
