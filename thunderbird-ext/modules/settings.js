// The user's settings, kept in storage.local. Validation lives here so the options page, the
// background and the tests all refuse the same bad values with the same reasons.

import { DEFAULT_SERVICE_URL } from "./client.js";

export const STYLES = Object.freeze(["formal", "warm", "firm"]);
export const LANGUAGES = Object.freeze(["auto", "fr", "en"]);

export const DEFAULTS = Object.freeze({
  serviceUrl: DEFAULT_SERVICE_URL,
  token: "",
  // Reply language: "auto" answers in the client's language.
  language: "auto",
  // Styles offered for a reply, and the one preselected.
  styles: ["formal", "warm", "firm"],
  defaultStyle: "warm",
  // Addresses that are "me" beyond Thunderbird's identities (aliases, a shared mailbox).
  extraAddresses: [],
  // Identities (by Thunderbird identity id) NOT counted as the user; all count by default.
  excludedIdentities: [],
  analyseNewMail: true,
  checkBeforeSend: true,
});

const SETTINGS_KEY = "settings";

// The extension's only host permission is http://127.0.0.1/*, so the service must be there.
export function normaliseServiceUrl(input) {
  let text = String(input ?? "").trim();
  if (!text) return { ok: false, error: "empty" };
  if (!/^[a-z]+:\/\//i.test(text)) text = `http://${text}`;
  let url;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: "malformed" };
  }
  if (url.protocol !== "http:") return { ok: false, error: "scheme" };
  if (url.hostname !== "127.0.0.1") return { ok: false, error: "not_loopback" };
  if (url.username || url.password || (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    return { ok: false, error: "extra_parts" };
  }
  return { ok: true, url: `http://127.0.0.1${url.port ? `:${url.port}` : ""}` };
}

export function normaliseToken(input) {
  const token = String(input ?? "").trim();
  if (token && !/^[A-Za-z0-9._~+/=-]{8,512}$/.test(token)) return { ok: false, error: "token_format" };
  return { ok: true, token };
}

function normaliseAddresses(list) {
  return [...new Set([].concat(list ?? []).map((a) => String(a).trim().toLowerCase()).filter((a) => /^[^@\s]+@[^@\s]+$/.test(a)))];
}

// Returns {settings, errors}: every valid field of `input` applied over `base`, every invalid
// one named in errors (field -> reason code) and left unchanged.
export function validateSettings(input, base = DEFAULTS) {
  const settings = { ...DEFAULTS, ...base };
  const errors = {};
  if ("serviceUrl" in input) {
    const r = normaliseServiceUrl(input.serviceUrl);
    if (r.ok) settings.serviceUrl = r.url;
    else errors.serviceUrl = r.error;
  }
  if ("token" in input) {
    const r = normaliseToken(input.token);
    if (r.ok) settings.token = r.token;
    else errors.token = r.error;
  }
  if ("language" in input) {
    if (LANGUAGES.includes(input.language)) settings.language = input.language;
    else errors.language = "unknown_language";
  }
  if ("styles" in input) {
    const styles = STYLES.filter((s) => [].concat(input.styles ?? []).includes(s));
    if (styles.length) settings.styles = styles;
    else errors.styles = "no_style";
  }
  if ("defaultStyle" in input) {
    if (STYLES.includes(input.defaultStyle)) settings.defaultStyle = input.defaultStyle;
    else errors.defaultStyle = "unknown_style";
  }
  if (!settings.styles.includes(settings.defaultStyle)) settings.defaultStyle = settings.styles[0];
  if ("extraAddresses" in input) settings.extraAddresses = normaliseAddresses(input.extraAddresses);
  if ("excludedIdentities" in input) {
    settings.excludedIdentities = [...new Set([].concat(input.excludedIdentities ?? []).map(String))];
  }
  for (const flag of ["analyseNewMail", "checkBeforeSend"]) {
    if (flag in input) settings[flag] = Boolean(input[flag]);
  }
  return { settings, errors };
}

export async function loadSettings(storage) {
  const stored = (await storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] ?? {};
  return validateSettings(stored).settings;
}

export async function saveSettings(storage, changes) {
  const current = await loadSettings(storage);
  const { settings, errors } = validateSettings(changes, current);
  await storage.local.set({ [SETTINGS_KEY]: settings });
  return { settings, errors };
}

// The user's own addresses: every identity of every account, minus the excluded ones, plus the
// extra addresses. The service uses them to tell incoming client mail from the user's replies.
export function myAddresses(accounts, settings) {
  const excluded = new Set(settings.excludedIdentities);
  const addresses = [];
  for (const account of accounts ?? []) {
    for (const identity of account.identities ?? []) {
      if (!excluded.has(identity.id) && identity.email) addresses.push(identity.email);
    }
  }
  return normaliseAddresses([...addresses, ...settings.extraAddresses]);
}
