/**
 * @module What the NOWEB engine can do: every capability key, no defaults (style K2). A flag is true
 * if and only if the engine has the method (K3). Unlike WAHA (501), NOWEB deletes and clears chats.
 */
import type { EngineCapabilities } from "@wa/core";

/** The NOWEB capability table. */
export const capabilities = {
  "chats.archive": true,
  "chats.unread": true,
  "chats.delete": true,
  "chats.clear": true,
  "chats.picture": true,
  "messages.read": true,
  "messages.pin": true,
  "messages.edit": true,
  "messages.delete": true,
  "messages.media": true,
  // Baileys asks the phone for older history by message (fetchMessageHistory) and gets it back
  // asynchronously as a history sync, with no answer to wait for: not built.
  "messages.history": false,
  "auth.pairing-code": true,
} as const satisfies EngineCapabilities;
