/** @module The capability tables of every engine the server knows, for docs/engines.md. */
import type { EngineCapabilities } from "@wa/core";
import { capabilities as nowebCapabilities } from "@wa/engine-noweb";
import { memoryCapabilities } from "@wa/engine-testkit/memory";
import { capabilities as webjsCapabilities } from "@wa/engine-webjs";

/** Engine name (as in `WHATSAPP_DEFAULT_ENGINE`) → capability table. */
export const ENGINE_CAPABILITY_TABLES: Record<string, EngineCapabilities> = {
  NOWEB: nowebCapabilities,
  WEBJS: webjsCapabilities,
  MEMORY: memoryCapabilities,
};

/** Where WEBJS answers differ from NOWEB on the same world (field, and why), for docs/engines.md. */
export const WEBJS_DEVIATIONS: ReadonlyArray<readonly [field: string, reason: string]> = [
  [
    "`_data` of messages, `_chat` of overview items",
    "each engine's raw library object: Baileys' `WebMessageInfo` / `Chat` on NOWEB, whatsapp-web.js' serialized page model on WEBJS",
  ],
  [
    "raw fields of `GET /chats` items",
    "an item is the engine's own chat object with our fields (`id`, `name`, `conversationTimestamp`, `unreadCount`, `archived`) on top, as in WAHA; the fields beyond ours are Baileys' on NOWEB and whatsapp-web.js' on WEBJS",
  ],
  [
    "messages older than the store holds",
    "WEBJS stores the newest `WA_WEBJS_SYNC_MESSAGES` (100) messages of every chat when WhatsApp Web is ready, and a read that reaches past them fetches older ones from the page and stores them (`messages.history`); NOWEB answers from what the phone's history sync sent (Baileys' on-demand history request answers asynchronously, so NOWEB declares `messages.history` false)",
  ],
  [
    "history the phone syncs after login",
    "NOWEB gets it as history-sync chunks; WEBJS re-reads every chat when WhatsApp Web reports its offline progress at 100%",
  ],
];
