// The waiting view: threads that wait on the user, most urgent first; a click opens the
// message to answer.

import { t, localise, request, errorText, el, showError } from "../common.js";
import { describeWaiting, formatDateTime, formatHours } from "../../modules/render.js";

const locale = browser.i18n.getUILanguage();

function who(thread) {
  const from = thread.from ?? thread.waiting?.client ?? thread.client;
  if (!from) return "";
  return typeof from === "string" ? from : from.name || from.address || "";
}

async function load() {
  const status = document.getElementById("status");
  const table = document.getElementById("threads");
  status.replaceChildren(el("p", { className: "muted" }, t("panelLoading")));
  let serviceUrl;
  try {
    serviceUrl = (await request({ type: "settings-get" })).settings.serviceUrl;
    const threads = await request({ type: "waiting-list" });
    if (!threads.length) {
      table.hidden = true;
      status.replaceChildren(el("p", { className: "muted" }, t("waitingNone")));
      return;
    }
    status.replaceChildren();
    table.tBodies[0].replaceChildren(
      ...threads.map((thread) => {
        const w = describeWaiting(thread.waiting);
        const open = async () => {
          try {
            await request({ type: "open-message", thread });
          } catch (error) {
            showError(status, error, serviceUrl);
          }
        };
        return el(
          "tr",
          { className: w.state === "breached" ? "breached" : "", dataset: { thread: thread.thread ?? thread.id ?? "" } },
          el("td", {}, el("a", { href: "#", onclick: (e) => (e.preventDefault(), open()) }, thread.subject || t("noSubject"))),
          el("td", {}, who(thread)),
          el("td", {}, formatHours(w.businessHours), w.targetHours ? ` / ${formatHours(w.targetHours)}` : ""),
          el("td", { title: w.reason ?? "" }, w.due ? formatDateTime(w.due, locale) : "—", w.state === "breached" ? ` (${t("waiting_breached")})` : "")
        );
      })
    );
    table.hidden = false;
  } catch (error) {
    table.hidden = true;
    showError(status, error, serviceUrl);
  } finally {
    document.body.dataset.state = "ready";
  }
}

document.getElementById("refresh").addEventListener("click", load);
localise();
load();
