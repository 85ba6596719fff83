/** @module Shared inputs of the event-mapper tests: recorded Baileys messages and a mapping context. */
import type { WAMessage as BaileysMessage } from "@whiskeysockets/baileys";
import type { EventMapContext } from "../src/map/events.ts";
import { createSeenSet } from "../src/sent-ids.ts";
import { loadFixture } from "./fixtures.ts";

/** Every recorded Baileys message, by name. */
export const messages = loadFixture<Array<{ name: string; raw: BaileysMessage }>>("messages.json");

/** A recorded Baileys message by fixture name. */
export const byName = (name: string): BaileysMessage => {
  const found = messages.find((m) => m.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  return found.raw;
};

/** The JID of the fixtures' contact. */
export const ALICE = "14155550123@s.whatsapp.net";

/** A mapping context at a fixed clock, nothing sent by the API, overridable. */
export const context = (over: Partial<EventMapContext> = {}): EventMapContext => ({
  sentByApi: () => false,
  nowSeconds: () => 1_000,
  seen: createSeenSet(),
  ...over,
});
