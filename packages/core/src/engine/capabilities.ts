/** @module The capability keys: one per optional engine command, mirroring the route tree. */

/**
 * Every optional engine capability. A key is true for an engine if and only if the engine has the
 * matching method (see {@link CAPABILITY_METHODS}).
 */
export const CAPABILITY_KEYS = [
  "chats.archive",
  "chats.unread",
  "chats.delete",
  "chats.clear",
  "chats.picture",
  "messages.read",
  "messages.pin",
  "messages.edit",
  "messages.delete",
  "messages.media",
  "messages.history",
  "auth.pairing-code",
] as const;

/** One of {@link CAPABILITY_KEYS}. */
export type CapabilityKey = (typeof CAPABILITY_KEYS)[number];

/** A complete capability table: every key, no defaults. */
export type EngineCapabilities = Readonly<Record<CapabilityKey, boolean>>;

/** The engine method behind each capability. */
export const CAPABILITY_METHODS = {
  "chats.archive": "archiveChat",
  "chats.unread": "markChatUnread",
  "chats.delete": "deleteChat",
  "chats.clear": "clearMessages",
  "chats.picture": "getProfilePicture",
  "messages.read": "readMessages",
  "messages.pin": "pinMessage",
  "messages.edit": "editMessage",
  "messages.delete": "deleteMessage",
  "messages.media": "getMedia",
  "messages.history": "loadOlderMessages",
  "auth.pairing-code": "requestPairingCode",
} as const satisfies Record<CapabilityKey, string>;

/** The name of a capability's method. */
export type CapabilityMethod = (typeof CAPABILITY_METHODS)[CapabilityKey];
