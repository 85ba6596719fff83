/**
 * @module The fake WhatsApp Web page as one HTML document: the browser code of `page/` stringified
 * and inlined (whatsapp-web.js serves the page through its `webVersionCache`, which answers only
 * `https://web.whatsapp.com/` itself, so nothing may be loaded from another URL).
 */
import { definePageApp, type PageConfig } from "./page/app.ts";
import { definePageChatStore } from "./page/chat-store.ts";
import { definePageCollections } from "./page/collections.ts";
import { definePageIdentity } from "./page/identity.ts";
import { definePageModels } from "./page/models.ts";
import { installPageModules } from "./page/modules.ts";

/** The HTML of the page for one simulator. */
export function fakePageHtml(config: PageConfig): string {
  // `__name`: esbuild-based loaders (tsx) may wrap functions in a helper the page does not have.
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>WhatsApp (simulated)</title></head>
<body><script>
var __name = function (target) { return target; };
(function () {
  var kit = (${definePageModels.toString()})();
  var identityStore = (${definePageIdentity.toString()})();
  var collections = (${definePageCollections.toString()})(kit);
  var chatStore = (${definePageChatStore.toString()})(kit, collections);
  var parts = { kit, identityStore, collections, chatStore };
  var app = (${definePageApp.toString()})(parts, ${JSON.stringify(config)});
  (${installPageModules.toString()})(kit, app, ${JSON.stringify(config.version)});
})();
</script></body></html>`;
}
