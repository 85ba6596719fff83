/**
 * @module What the WEBJS engine can do: every capability key, no defaults (style K2). A flag is true
 * if and only if the engine has the method (K3).
 */
import type { EngineCapabilities } from "@wa/core";

/** The WEBJS capability table. */
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
  "messages.history": true,
  "auth.pairing-code": true,
} as const satisfies EngineCapabilities;
