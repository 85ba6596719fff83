/** @module The "sent by the API" id set and the seen set, shared by every engine from `@wa/core`. */
export { createSeenSet, createSentIds, SENT_ID_TTL_MS, type SentIds } from "@wa/core";
