// The background's one message router. Pages send {type, ...}; the answer is always
// {ok: true, value} or {ok: false, error: {code, message}}, because an exception thrown across
// runtime.sendMessage loses its code on the way.

export function createRouter(handlers, { log = () => {} } = {}) {
  return async function route(message, sender) {
    if (!message || typeof message !== "object" || typeof message.type !== "string") {
      return { ok: false, error: { code: "bad_message", message: "A message to the background needs a type." } };
    }
    const handler = Object.hasOwn(handlers, message.type) ? handlers[message.type] : null;
    if (!handler) {
      return { ok: false, error: { code: "unknown_type", message: `No handler for "${message.type}".` } };
    }
    try {
      return { ok: true, value: (await handler(message, sender)) ?? null };
    } catch (error) {
      log(`courtois: ${message.type} failed: ${error?.message ?? error}`);
      return {
        ok: false,
        error: {
          code: error?.code ?? "internal",
          message: String(error?.message ?? error),
          route: error?.route ?? undefined,
        },
      };
    }
  };
}

// The pages' side: unwraps the answer, throwing an Error carrying the code.
export async function ask(runtime, message) {
  const answer = await runtime.sendMessage(message);
  if (!answer) throw Object.assign(new Error("No answer from the background."), { code: "no_answer" });
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
  return answer.value;
}
