import { test } from "node:test";
import assert from "node:assert/strict";
import { normaliseServiceUrl, normaliseToken, validateSettings, saveSettings, loadSettings, myAddresses, DEFAULTS } from "../modules/settings.js";
import { fakeBrowser } from "./helpers.js";

test("the service address must be plain http on 127.0.0.1, the only host permission", () => {
  assert.deepEqual(normaliseServiceUrl("127.0.0.1:7878"), { ok: true, url: "http://127.0.0.1:7878" });
  assert.deepEqual(normaliseServiceUrl(" http://127.0.0.1:9000/ "), { ok: true, url: "http://127.0.0.1:9000" });
  assert.deepEqual(normaliseServiceUrl("http://127.0.0.1"), { ok: true, url: "http://127.0.0.1" });
  assert.equal(normaliseServiceUrl("http://example.com:7878").error, "not_loopback");
  assert.equal(normaliseServiceUrl("http://192.168.1.2:7878").error, "not_loopback");
  assert.equal(normaliseServiceUrl("https://127.0.0.1:7878").error, "scheme");
  assert.equal(normaliseServiceUrl("http://127.0.0.1:7878/v1").error, "extra_parts");
  assert.equal(normaliseServiceUrl("http://user:pw@127.0.0.1:7878").error, "extra_parts");
  assert.equal(normaliseServiceUrl("").error, "empty");
  assert.equal(normaliseServiceUrl("http://[::1").error, "malformed");
});

test("tokens are trimmed and checked for stray characters", () => {
  assert.deepEqual(normaliseToken("  abcdEFGH1234_-  "), { ok: true, token: "abcdEFGH1234_-" });
  assert.deepEqual(normaliseToken(""), { ok: true, token: "" });
  assert.equal(normaliseToken("has space inside").error, "token_format");
});

test("invalid fields are named and left unchanged, valid ones applied", () => {
  const { settings, errors } = validateSettings({ serviceUrl: "http://evil.test", language: "de", styles: ["warm", "bogus"], defaultStyle: "formal", analyseNewMail: 0 });
  assert.deepEqual(errors, { serviceUrl: "not_loopback", language: "unknown_language" });
  assert.equal(settings.serviceUrl, DEFAULTS.serviceUrl);
  assert.deepEqual(settings.styles, ["warm"]);
  assert.equal(settings.defaultStyle, "warm", "a default style that is not offered falls back to an offered one");
  assert.equal(settings.analyseNewMail, false);
  assert.equal(validateSettings({ styles: [] }).errors.styles, "no_style");
});

test("settings round-trip through storage", async () => {
  const browser = fakeBrowser();
  assert.deepEqual(await loadSettings(browser.storage), { ...DEFAULTS });
  await saveSettings(browser.storage, { token: "abcdefgh12", extraAddresses: ["Me@Alias.TEST", "not an address"] });
  const loaded = await loadSettings(browser.storage);
  assert.equal(loaded.token, "abcdefgh12");
  assert.deepEqual(loaded.extraAddresses, ["me@alias.test"]);
});

test("the user's addresses: identities minus the excluded ones, plus extras, deduplicated", () => {
  const accounts = [
    { identities: [{ id: "id1", email: "Me@Work.test" }, { id: "id2", email: "old@work.test" }] },
    { identities: [{ id: "id3", email: "me@work.test" }] },
  ];
  const settings = { ...DEFAULTS, excludedIdentities: ["id2"], extraAddresses: ["shared@work.test"] };
  assert.deepEqual(myAddresses(accounts, settings), ["me@work.test", "shared@work.test"]);
});
