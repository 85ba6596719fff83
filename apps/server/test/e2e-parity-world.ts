/**
 * @module The world of the cross-engine parity test (`e2e-parity.test.ts`), seeded into both
 * simulated accounts: long and short chats, a group, an archived chat, unread counts, contacts and
 * Frank's media files.
 */
import type { HistorySeed } from "@wa/engine-testkit";

/** The chats' ids (contacts are named after them). */
export const ALICE = "12025550701@c.us";
export const BOB = "12025550702@c.us";
export const CAROL = "12025550703@c.us";
export const DAVE = "12025550704@c.us";
export const EVE = "12025550705@c.us";
export const FRANK = "12025550706@c.us";
export const GROUP = "120363000000000701@g.us";
/** Every seeded chat. */
export const CHATS = [ALICE, BOB, CAROL, DAVE, EVE, FRANK, GROUP];
/** Frank's files: an image with a caption, a document without one, a voice note. */
export const FILES = {
  PFILE0: { type: "image", mimetype: "image/jpeg", data: Buffer.alloc(20_000, 7) },
  PFILE1: {
    type: "document",
    mimetype: "application/pdf",
    filename: "offer.pdf",
    data: Buffer.from("%PDF-1.4 parity"),
  },
  PFILE2: { type: "voice", mimetype: "audio/ogg; codecs=opus", data: Buffer.alloc(3_000, 9) },
} as const;
/** When the world begins (seconds): every message is dated from it. */
export const T0 = 1_710_000_000;

/** A conversation of `count` messages, every third one ours, one minute apart. */
const conversation = (prefix: string, count: number, start: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${String(i).padStart(3, "0")}`,
    fromMe: i % 3 === 0,
    text: `${prefix.toLowerCase()} message ${i}`,
    timestamp: start + i * 60,
  }));

/** The world both accounts see: long and short chats, a group, an archived chat, unread counts. */
export function paritySeed(): HistorySeed {
  return {
    chats: [
      { id: ALICE, name: "Alice", unreadCount: 2, messages: conversation("PALICE", 30, T0) },
      { id: BOB, name: "Bob", archived: true, messages: conversation("PBOB", 4, T0 + 5_000) },
      { id: CAROL, name: "Carol", unreadCount: 1, messages: conversation("PCAROL", 2, T0 + 9_000) },
      { id: DAVE, name: "Dave", messages: conversation("PDAVE", 12, T0 + 2_000) },
      { id: EVE, messages: conversation("PEVE", 1, T0 + 7_000) },
      {
        id: FRANK,
        name: "Frank",
        messages: Object.entries(FILES).map(([id, media], i) => ({
          id,
          fromMe: i === 1,
          text: i === 0 ? "a photo" : "",
          timestamp: T0 + 6_000 + i * 60,
          media,
        })),
      },
      {
        id: GROUP,
        name: "Parity group",
        unreadCount: 1,
        messages: [
          { id: "PGRP0", fromMe: false, text: "g0", timestamp: T0 + 8_000, participant: ALICE },
          { id: "PGRP1", fromMe: true, text: "g1", timestamp: T0 + 8_060 },
          { id: "PGRP2", fromMe: false, text: "g2", timestamp: T0 + 8_120, participant: CAROL },
        ],
      },
    ],
    contacts: [
      { id: ALICE, name: "Alice", pushName: "Alice P." },
      { id: BOB, name: "Bob" },
      { id: CAROL, pushName: "Carol" },
      { id: EVE, pushName: "Eve" },
    ],
  };
}
