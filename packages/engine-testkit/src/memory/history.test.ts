import { describe, expect, it } from "vitest";
import { CONTRACT_SEED } from "../contract/fixture.ts";
import { toHistoryBatches } from "./history.ts";
import { createMemoryWorld } from "./world.ts";

const snapshotOf = async (seed = CONTRACT_SEED) => {
  const world = createMemoryWorld();
  await world.seedHistory(seed);
  return world.connect({ receive: async () => {} }).snapshot();
};

describe("toHistoryBatches", () => {
  it("splits messages into batches; chats, contacts and LID pairs come first", async () => {
    const batches = toHistoryBatches(await snapshotOf(), 3);
    expect(batches.map((b) => b.messages.length)).toEqual([3, 3, 2]);
    expect(batches.map((b) => b.chats.length)).toEqual([3, 0, 0]);
    expect(batches.map((b) => b.contacts.length)).toEqual([3, 0, 0]);
    expect(batches.map((b) => b.progress)).toEqual([38, 75, 100]);
    expect(batches.map((b) => b.isLatest)).toEqual([false, false, true]);
  });

  it("keeps each chat's messages oldest first and chats active at their newest message", async () => {
    const [batch] = toHistoryBatches(await snapshotOf(), 1000);
    const bob = batch?.messages.filter((m) => m.key.chatId === "15550001002@c.us");
    expect(bob?.map((m) => m.timestamp)).toEqual([...(bob ?? [])].map((m) => m.timestamp).sort());
    const chat = batch?.chats.find((c) => c.id === "15550001002@c.us");
    expect(chat?.conversationTimestamp).toBe(Math.max(...(bob ?? []).map((m) => m.timestamp)));
  });

  it("yields one final batch for an empty world", async () => {
    const batches = toHistoryBatches(await snapshotOf({ chats: [] }), 10);
    expect(batches).toEqual([
      {
        type: "history.batch",
        chats: [],
        messages: [],
        contacts: [],
        lidMappings: [],
        progress: 100,
        isLatest: true,
      },
    ]);
  });
});
