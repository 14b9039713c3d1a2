// Courtois background (MV3, module). All listeners are registered here, at top level, on the
// first run of the script: a restarted background must find them before the event that woke
// it is dispatched. The work itself lives in modules/app.js.

import { createApp } from "./modules/app.js";

export const app = createApp(browser);

const MENU_FOLDER = "courtois-analyse-folder";
const MENU_MESSAGES = "courtois-analyse-messages";

browser.runtime.onInstalled.addListener(() => {
  browser.menus.create({ id: MENU_FOLDER, title: browser.i18n.getMessage("menuAnalyseFolder"), contexts: ["folder_pane"] });
  browser.menus.create({ id: MENU_MESSAGES, title: browser.i18n.getMessage("menuAnalyseMessages"), contexts: ["message_list"] });
  app.ensureOurTags().catch((error) => console.log(`courtois: tags not created: ${error.message}`));
});

browser.runtime.onMessage.addListener((message, sender) => app.route(message, sender));

// monitorAllFolders: false — inbox and ordinary folders, not Sent, Drafts or Junk.
browser.messages.onNewMailReceived.addListener((folder, messages) => {
  app.onNewMailReceived(folder, messages).catch((error) => console.log(`courtois: new mail: ${error.message}`));
}, false);

browser.compose.onBeforeSend.addListener((tab, details) => app.onBeforeSend(tab, details));

browser.windows.onRemoved.addListener((windowId) => app.gate.promptClosed(windowId));

browser.menus.onClicked.addListener(async (info) => {
  try {
    if (info.menuItemId === MENU_FOLDER) {
      const folder = info.selectedFolders?.[0] ?? info.selectedFolder;
      if (folder) await app.analyseFolder(folder.id);
    } else if (info.menuItemId === MENU_MESSAGES) {
      for (const header of info.selectedMessages?.messages ?? []) await app.analyseMessage(header, { force: true });
    }
  } catch (error) {
    console.log(`courtois: ${info.menuItemId}: ${error.message}`);
  }
});

browser.action.onClicked.addListener(() => app.handlers["open-waiting-view"]());

// A small mark on the message's button when the kept analysis found something.
browser.messageDisplay.onMessagesDisplayed.addListener(async (tab, messages) => {
  try {
    const list = Array.isArray(messages) ? messages : messages?.messages ?? [];
    const record = list.length === 1 ? await app.store.get(list[0].headerMessageId) : null;
    const count = record ? record.tags.length : 0;
    await browser.messageDisplayAction.setBadgeText({ tabId: tab.id, text: count ? String(count) : "" });
    if (record?.tags.includes("hostile")) {
      await browser.messageDisplayAction.setBadgeBackgroundColor({ tabId: tab.id, color: "#B03A2E" });
    }
  } catch (error) {
    console.log(`courtois: badge: ${error.message}`);
  }
});
