/**
 * @module The demo world every sandbox session pairs into: a few contacts (one known by its LID),
 * a group, and chats with history, so every chats route has something to show without a phone.
 */
import type { HistorySeed } from "@wa/engine-testkit";

/** Demo contacts, by role. */
export const DEMO = {
  alice: "14155550101@c.us",
  bob: "14155550102@c.us",
  carol: "14155550103@c.us",
  /** Carol's LID: WhatsApp's privacy id, mapped to her phone number by the history sync. */
  carolLid: "271828182845904@lid",
  /** Dave's chat is known by his LID only (as WhatsApp now addresses many contacts). */
  daveLid: "314159265358979@lid",
  dave: "14155550104@c.us",
  group: "120363000000000001@g.us",
} as const;

/** The history the simulated phone syncs after a session's first pairing (times relative to `now`). */
export function demoHistory(now = Math.floor(Date.now() / 1000)): HistorySeed {
  const at = (minutesAgo: number) => now - minutesAgo * 60;
  return {
    chats: [
      {
        id: DEMO.alice,
        name: "Alice",
        unreadCount: 1,
        messages: [
          { fromMe: false, text: "Hi! Is the sandbox working?", timestamp: at(120) },
          { fromMe: true, text: "It is: no phone needed.", timestamp: at(118) },
          { fromMe: false, text: "Then send me a message through the API 🙂", timestamp: at(30) },
        ],
      },
      {
        id: DEMO.bob,
        name: "Bob",
        messages: [
          { fromMe: true, text: "Lunch tomorrow?", timestamp: at(600) },
          { fromMe: false, text: "Sure, 12:30.", timestamp: at(590) },
        ],
      },
      {
        id: DEMO.carol,
        name: "Carol",
        archived: true,
        messages: [{ fromMe: false, text: "Archived chat, try unarchive.", timestamp: at(2000) }],
      },
      {
        id: DEMO.daveLid,
        name: "Dave (LID)",
        messages: [{ fromMe: false, text: "I write from a LID chat", timestamp: at(240) }],
      },
      {
        id: DEMO.group,
        name: "Sandbox friends",
        messages: [
          { fromMe: false, text: "Welcome to the group", timestamp: at(60), participant: DEMO.bob },
          { fromMe: true, text: "Thanks!", timestamp: at(59) },
          { fromMe: false, text: "Hello all", timestamp: at(10), participant: DEMO.alice },
        ],
      },
    ],
    contacts: [
      { id: DEMO.alice, name: "Alice", pushName: "Alice A." },
      { id: DEMO.bob, name: "Bob", pushName: "Bobby" },
      { id: DEMO.carol, name: "Carol" },
    ],
    lidMappings: [
      { lid: DEMO.carolLid, pn: DEMO.carol },
      { lid: DEMO.daveLid, pn: DEMO.dave },
    ],
  };
}
