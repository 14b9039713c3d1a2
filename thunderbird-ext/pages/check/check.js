// The question put to the user when the check before sending finds something: the issues,
// grouped, and two answers. Closing the window counts as "go back".

import { t, localise, request, el, showError } from "../common.js";
import { groupIssues } from "../../modules/draft.js";

const id = new URLSearchParams(location.search).get("id");

async function load() {
  const container = document.getElementById("issues");
  try {
    const { check } = await request({ type: "draft-check-get", id });
    container.replaceChildren(
      ...groupIssues(check).map(({ kind, issues }) =>
        el(
          "section",
          { dataset: { kind } },
          el("h2", {}, t(`issue_${kind}`)),
          el("ul", {}, ...issues.map((issue) => el("li", {}, el("mark", { dataset: { kind: kind === "unanswered_question" ? "question" : kind === "promised_date" || kind === "ignored_deadline" ? "date" : "tone-issue" } }, issue.text ?? ""), issue.suggestion ? ` → ${t("suggestion")}: ${issue.suggestion}` : "")))
        )
      )
    );
    document.body.dataset.state = "ready";
  } catch (error) {
    showError(container, error);
    document.body.dataset.state = "error";
  }
}

async function decide(decision) {
  try {
    await request({ type: "draft-check-decide", id, decision });
  } finally {
    window.close();
  }
}

document.getElementById("send").addEventListener("click", () => decide("send"));
document.getElementById("back").addEventListener("click", () => decide("back"));

localise();
load();
