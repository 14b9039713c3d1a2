import { test } from "node:test";
import assert from "node:assert/strict";
import { createRouter, ask } from "../modules/router.js";

test("the router answers {ok, value} and carries error codes across", async () => {
  const logged = [];
  const route = createRouter(
    {
      echo: ({ value }) => value,
      nothing: () => undefined,
      fail: () => {
        throw Object.assign(new Error("service down"), { code: "service_down", route: "/v1/analyze" });
      },
    },
    { log: (line) => logged.push(line) }
  );
  assert.deepEqual(await route({ type: "echo", value: 3 }), { ok: true, value: 3 });
  assert.deepEqual(await route({ type: "nothing" }), { ok: true, value: null });
  assert.deepEqual(await route({ type: "fail" }), { ok: false, error: { code: "service_down", message: "service down", route: "/v1/analyze" } });
  assert.equal((await route({ type: "toString" })).error.code, "unknown_type", "no inherited handlers");
  assert.equal((await route(null)).error.code, "bad_message");
  assert.equal((await route({ kind: "echo" })).error.code, "bad_message");
  assert.equal(logged.length, 1);
});

test("ask unwraps answers and throws errors with their code", async () => {
  const route = createRouter({ echo: ({ value }) => value, fail: () => Promise.reject(Object.assign(new Error("no"), { code: "unavailable" })) });
  const runtime = { sendMessage: (m) => route(m) };
  assert.equal(await ask(runtime, { type: "echo", value: "x" }), "x");
  await assert.rejects(ask(runtime, { type: "fail" }), (e) => e.code === "unavailable" && e.message === "no");
  await assert.rejects(ask({ sendMessage: async () => undefined }, { type: "echo" }), (e) => e.code === "no_answer");
});
