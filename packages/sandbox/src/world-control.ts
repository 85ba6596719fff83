/** @module Adapts one session of a {@link Simulator} to the testkit's `WorldControl`, so the shared contract suite can drive it. */
import type { WorldControl } from "@wa/core";
import type { Simulator } from "./control.ts";

/** The `WorldControl` of the session `sessionKey` (the key the engine's test chose for its account). */
export function createSimulatorWorldControl(sim: Simulator, sessionKey: string): WorldControl {
  return {
    seedHistory: async (seed) => sim.seedHistory(sessionKey, seed),
    scanQr: (qr) => sim.scanQr(sessionKey, qr),
    enterPairingCode: (code) => sim.enterPairingCode(sessionKey, code),
    pushIncomingText: (chatId, text, options) =>
      sim.pushIncomingText(sessionKey, chatId, text, options),
    pushIncomingMedia: (chatId, media, options) =>
      sim.pushIncomingMedia(sessionKey, chatId, media, options),
    sent: async () => sim.sent(sessionKey),
    chatState: async (chatId) => sim.chatState(sessionKey, chatId),
    phoneSetArchived: (chatId, archived) => sim.phoneSetArchived(sessionKey, chatId, archived),
    phoneDeleteChat: (chatId) => sim.phoneDeleteChat(sessionKey, chatId),
    setProfilePicture: async (chatId, url) => sim.setProfilePicture(sessionKey, chatId, url),
    dropConnection: async () => sim.dropConnection(sessionKey),
  };
}
