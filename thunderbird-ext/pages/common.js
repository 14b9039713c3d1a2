// Shared by the extension pages: localisation of static text, errors in words, and the way to
// talk to the background. Pages only render; the background does the work.

import { ask } from "../modules/router.js";

export const t = (key, subs) => browser.i18n.getMessage(key, subs) || key;

export function localise(root = document) {
  document.documentElement.lang = browser.i18n.getUILanguage();
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  const title = document.querySelector("title[data-i18n]");
  if (title) document.title = title.textContent;
}

export function request(message) {
  return ask(browser.runtime, message);
}

// An error from the background (code + message) as a sentence the user can act on.
export function errorText(error, serviceUrl = "http://127.0.0.1:7878") {
  switch (error?.code) {
    case "service_down":
      return t("errorServiceDown", [serviceUrl]);
    case "timeout":
      return t("errorTimeout");
    case "unauthorized":
      return t("errorUnauthorized");
    case "no_token":
      return t("errorNoToken");
    case "unavailable":
      return t("errorUnavailable");
    default:
      return error?.message || String(error);
  }
}

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "className") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function showError(container, error, serviceUrl) {
  container.replaceChildren(el("p", { className: `notice notice-${error?.code || "error"}`, role: "alert" }, errorText(error, serviceUrl)));
  container.hidden = false;
}
