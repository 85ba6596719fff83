/** @module The history every contract case seeds: two direct chats, a group, contacts and a LID pair. */
import type { HistorySeed } from "../world.ts";

export const ALICE = "15550001001@c.us";
export const BOB = "15550001002@c.us";
export const CAROL = "15550001003@c.us";
/** A contact with no chat in the seed. */
export const DAVE = "15550001004@c.us";
export const TEAM = "120363000000000001@g.us";
export const ALICE_LID = "200000000000001@lid";

/** 2026-01-01T00:00:00Z, in unix seconds. */
const T0 = 1_767_225_600;

/** Bare ids of the seeded messages, by role. */
export const IDS = {
  aliceHello: "3A0000000000000000A1",
  aliceReply: "3EB00000000000000000A2",
  aliceUnread: "3A0000000000000000A3",
  bobHello: "3A0000000000000000B1",
  bobReply: "3EB00000000000000000B2",
  teamAlice: "3A0000000000000000C1",
  teamCarol: "3A0000000000000000C2",
  teamMine: "3EB00000000000000000C3",
} as const;

/** The seed; Bob's messages are listed newest first on purpose (engines must not rely on seed order). */
export const CONTRACT_SEED: HistorySeed = {
  chats: [
    {
      id: ALICE,
      name: "Alice",
      unreadCount: 1,
      messages: [
        { id: IDS.aliceHello, fromMe: false, text: "Hi, it's Alice", timestamp: T0 + 60 },
        { id: IDS.aliceReply, fromMe: true, text: "Hello Alice", timestamp: T0 + 120 },
        { id: IDS.aliceUnread, fromMe: false, text: "Are you there?", timestamp: T0 + 180 },
      ],
    },
    {
      id: BOB,
      name: "Bob",
      archived: true,
      messages: [
        { id: IDS.bobReply, fromMe: true, text: "Hi Bob", timestamp: T0 + 90 },
        { id: IDS.bobHello, fromMe: false, text: "Bob here", timestamp: T0 + 30 },
      ],
    },
    {
      id: TEAM,
      name: "Team",
      messages: [
        {
          id: IDS.teamAlice,
          fromMe: false,
          text: "Morning team",
          timestamp: T0 + 240,
          participant: ALICE,
        },
        {
          id: IDS.teamCarol,
          fromMe: false,
          text: "Morning!",
          timestamp: T0 + 300,
          participant: CAROL,
        },
        { id: IDS.teamMine, fromMe: true, text: "Hello all", timestamp: T0 + 360 },
      ],
    },
  ],
  contacts: [
    { id: ALICE, name: "Alice", pushName: "Alice A." },
    { id: BOB, name: "Bob" },
    { id: CAROL, pushName: "Carol" },
  ],
  lidMappings: [{ lid: ALICE_LID, pn: ALICE }],
};
