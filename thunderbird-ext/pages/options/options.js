// Options: where the service is and its token (with a test), which addresses are the user's,
// the reply language and styles.

import { t, localise, request, errorText, el } from "../common.js";
import { STYLES } from "../../modules/settings.js";

const $ = (id) => document.getElementById(id);

function fill({ settings, identities }) {
  $("serviceUrl").value = settings.serviceUrl;
  $("token").value = settings.token;
  $("language").value = settings.language;
  $("extraAddresses").value = settings.extraAddresses.join(", ");
  $("analyseNewMail").checked = settings.analyseNewMail;
  $("checkBeforeSend").checked = settings.checkBeforeSend;
  $("identities").replaceChildren(
    ...(identities.length
      ? identities.map((i) =>
          el("li", {}, el("label", {}, el("input", { type: "checkbox", name: "identity", value: i.id, checked: !settings.excludedIdentities.includes(i.id) }), ` ${i.name ? `${i.name} ` : ""}<${i.email}> — ${i.account}`))
        )
      : [el("li", { className: "muted" }, t("optionsNoIdentity"))])
  );
  $("styles").replaceChildren(
    ...STYLES.map((s) => el("li", {}, el("label", {}, el("input", { type: "checkbox", name: "style", value: s, checked: settings.styles.includes(s) }), ` ${t(`style_${s}`)}`)))
  );
  $("defaultStyle").replaceChildren(...STYLES.map((s) => el("option", { value: s, selected: s === settings.defaultStyle }, t(`style_${s}`))));
}

function formChanges() {
  const checked = (name) => [...document.querySelectorAll(`input[name=${name}]`)].filter((i) => i.checked).map((i) => i.value);
  const all = [...document.querySelectorAll("input[name=identity]")].map((i) => i.value);
  const kept = checked("identity");
  return {
    serviceUrl: $("serviceUrl").value,
    token: $("token").value,
    language: $("language").value,
    styles: checked("style"),
    defaultStyle: $("defaultStyle").value,
    extraAddresses: $("extraAddresses").value.split(/[\s,;]+/).filter(Boolean),
    excludedIdentities: all.filter((id) => !kept.includes(id)),
    analyseNewMail: $("analyseNewMail").checked,
    checkBeforeSend: $("checkBeforeSend").checked,
  };
}

$("test").addEventListener("click", async () => {
  const out = $("test-result");
  out.textContent = t("optionsTesting");
  out.className = "muted";
  try {
    const result = await request({ type: "test-connection", serviceUrl: $("serviceUrl").value, token: $("token").value });
    out.textContent = t("optionsTestOk", [String(result.milliseconds)]);
    out.className = "";
  } catch (error) {
    out.textContent = errorText(error, $("serviceUrl").value);
    out.className = "breached";
  }
});

$("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = $("save-result");
  try {
    const { settings, errors } = await request({ type: "settings-save", changes: formChanges() });
    const problems = Object.entries(errors).map(([field, code]) => t(`invalid_${code}`) + ` (${t(`field_${field}`)})`);
    out.textContent = problems.length ? problems.join(" ") : t("optionsSaved");
    out.className = problems.length ? "breached" : "";
    fill({ settings, identities: (await request({ type: "settings-get" })).identities });
  } catch (error) {
    out.textContent = errorText(error);
    out.className = "breached";
  }
});

localise();
request({ type: "settings-get" }).then(fill, (error) => ($("save-result").textContent = errorText(error)));
