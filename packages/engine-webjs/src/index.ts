/** @module `@wa/engine-webjs`: the WEBJS engine (whatsapp-web.js in Chromium), its capabilities and mappers. */
export { capabilities } from "./capabilities.ts";
export {
  createEngine,
  createWebjsEngine,
  type WebjsOptions,
  type WebVersionCache,
} from "./engine.ts";
export { ENGINE_NAME, isBrowserGone, toWaError } from "./errors.ts";
export { BASE_CHROMIUM_ARGS, type ClientFactory, defaultChromiumPath } from "./library.ts";
export { toChat, type WebjsChatData } from "./map/chat.ts";
export { toContact, toLidMapping, type WebjsContactData } from "./map/contact.ts";
export {
  toAck,
  toLibraryId,
  toMessageKey,
  toStoredMessage,
  type WebjsMessageData,
  type WidLike,
  widText,
} from "./map/message.ts";
export { PAIRED_KEY, profileDir } from "./profile.ts";
