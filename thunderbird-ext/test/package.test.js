// The extension as shipped: manifest, permissions, files it names, and both locales complete.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join, extname, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));
const locales = Object.fromEntries(["en", "fr"].map((l) => [l, JSON.parse(readFileSync(join(root, "_locales", l, "messages.json"), "utf8"))]));

function sources(dir = root) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "test") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if ([".js", ".html", ".json"].includes(extname(name)) && !path.includes("_locales") && name !== "package.json") out.push(path);
  }
  return out;
}

test("Manifest V3 for Thunderbird, with a fixed gecko id and 128 or later", () => {
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.browser_specific_settings.gecko.id, "courtois@courtois.invalid");
  assert.ok(parseFloat(manifest.browser_specific_settings.gecko.strict_min_version) >= 128);
  assert.equal(manifest.background.type, "module");
});

test("the only host permission is the loopback service address; no permission beyond what is used", () => {
  assert.deepEqual(manifest.host_permissions, ["http://127.0.0.1/*"]);
  const code = sources().filter((p) => p.endsWith(".js")).map((p) => readFileSync(p, "utf8")).join("\n");
  const evidence = {
    accountsRead: /accounts\.list|onNewMailReceived|folder_pane/,
    messagesRead: /messages\.getRaw|getDisplayedMessages/,
    messagesUpdate: /messages(Api)?\.update\(/,
    messagesTags: /tags\.create|tagsApi\.create/,
    messagesTagsList: /tags\.list|tagsApi\.list/,
    compose: /onBeforeSend|getComposeDetails/,
    menus: /menus\.create/,
    storage: /storage\.local/,
  };
  for (const permission of manifest.permissions) {
    assert.ok(evidence[permission], `${permission} is not an expected permission`);
    assert.match(code, evidence[permission], `${permission} is declared but not used`);
  }
  assert.ok(!manifest.permissions.some((p) => p.includes("://") || p === "<all_urls>"));
});

test("every file the manifest and the pages name exists", () => {
  const named = [
    ...manifest.background.scripts,
    manifest.message_display_action.default_popup,
    manifest.options_ui.page,
    ...Object.values(manifest.icons),
  ];
  for (const file of named) assert.ok(existsSync(join(root, file)), file);
  for (const page of sources().filter((p) => p.endsWith(".html"))) {
    for (const [, ref] of readFileSync(page, "utf8").matchAll(/(?:src|href)="([^"#]+)"/g)) {
      assert.ok(existsSync(join(dirname(page), ref)), `${page}: ${ref}`);
    }
  }
  for (const js of sources().filter((p) => p.endsWith(".js"))) {
    for (const [, ref] of readFileSync(js, "utf8").matchAll(/from "(\.[^"]+)"/g)) {
      assert.ok(existsSync(join(dirname(js), ref)), `${js}: ${ref}`);
    }
  }
});

test("French and English have the same strings, with the same placeholders", () => {
  assert.deepEqual(Object.keys(locales.fr).sort(), Object.keys(locales.en).sort());
  for (const [key, entry] of Object.entries(locales.en)) {
    const names = (e) => [...e.message.matchAll(/\$([A-Z_]+)\$/g)].map((m) => m[1]).sort();
    assert.deepEqual(names(locales.fr[key]), names(entry), key);
    assert.deepEqual(Object.keys(locales.fr[key].placeholders ?? {}), Object.keys(entry.placeholders ?? {}), key);
    for (const name of names(entry)) assert.ok(entry.placeholders?.[name.toLowerCase()], `${key}: $${name}$ has no placeholder`);
    assert.ok(locales.fr[key].message.trim(), `${key} is empty in French`);
  }
});

test("every string the code asks for exists, and every family of keyed strings has members", () => {
  const keys = new Set(Object.keys(locales.en));
  const used = new Set();
  const prefixes = new Set();
  for (const path of sources()) {
    const text = readFileSync(path, "utf8");
    for (const re of [/\bt\("([A-Za-z_]+)"/g, /getMessage\("([A-Za-z_]+)"/g, /data-i18n(?:-title|-placeholder)?="([A-Za-z_]+)"/g, /__MSG_([A-Za-z_]+)__/g, /nameKey: "([A-Za-z_]+)"/g]) {
      for (const [, key] of text.matchAll(re)) used.add(key);
    }
    for (const [, prefix] of text.matchAll(/t\(`([A-Za-z]+_)\$\{/g)) prefixes.add(prefix);
  }
  for (const key of used) assert.ok(keys.has(key), `missing string ${key}`);
  for (const prefix of prefixes) assert.ok([...keys].some((k) => k.startsWith(prefix)), `no strings ${prefix}*`);
  for (const s of ["formal", "warm", "firm"]) assert.ok(keys.has(`style_${s}`));
  for (const l of ["hostile", "tense", "calm", "unknown"]) assert.ok(keys.has(`tone_${l}`));
  assert.ok(used.size > 60);
});
