import { Ack, isWaError } from "@wa/core";
import { describe, expect, it } from "vitest";
import { ALICE, BOB, CONTRACT_SEED, IDS, TEAM } from "../contract/fixture.ts";
import { createMemoryWorld } from "./world.ts";
import type { WorldSignal } from "./world-state.ts";

const record = () => {
  const signals: WorldSignal[] = [];
  return { signals, client: { receive: async (signal: WorldSignal) => void signals.push(signal) } };
};

describe("memory world", () => {
  it("seeds acks: the newest unreadCount incoming messages are DEVICE, the rest READ", async () => {
    const world = createMemoryWorld();
    await world.seedHistory(CONTRACT_SEED);
    const link = world.connect(record().client);
    const acks = link
      .snapshot()
      .chats.find((c) => c.id === ALICE)
      ?.messages.map((m) => [m.id, m.ack]);
    expect(acks).toEqual([
      [IDS.aliceHello, Ack.READ],
      [IDS.aliceReply, Ack.READ],
      [IDS.aliceUnread, Ack.DEVICE],
    ]);
  });

  it("keeps phone-side changes in the chat state, and reports unknown chats as untouched", async () => {
    const world = createMemoryWorld();
    await world.seedHistory(CONTRACT_SEED);
    await world.phoneSetArchived(ALICE, true);
    await world.phoneDeleteChat(BOB);
    expect((await world.chatState(ALICE)).archived).toBe(true);
    expect((await world.chatState(BOB)).deleted).toBe(true);
    expect(await world.chatState("15559999999@c.us")).toEqual({
      archived: false,
      markedUnread: false,
      pinned: false,
      deleted: false,
      cleared: false,
    });
  });

  it("holds chat and message signals until the client is online", async () => {
    const world = createMemoryWorld();
    const { signals, client } = record();
    const link = world.connect(client);
    await world.pushIncomingText(ALICE, "early");
    await world.phoneSetArchived(ALICE, true);
    expect(signals).toEqual([]);
    await link.goOnline();
    expect(signals.map((s) => s.type)).toEqual(["incoming", "archive"]);
  });

  it("a new message brings a deleted chat back", async () => {
    const world = createMemoryWorld();
    await world.seedHistory(CONTRACT_SEED);
    await world.phoneDeleteChat(BOB);
    const { signals, client } = record();
    await world.connect(client).goOnline();
    await world.pushIncomingText(BOB, "again");
    expect((await world.chatState(BOB)).deleted).toBe(false);
    expect(signals).toMatchObject([{ type: "delete" }, { type: "incoming", isNewChat: true }]);
  });

  it("needs a participant for group messages and a shown QR to pair", async () => {
    const world = createMemoryWorld();
    const failure = await world.pushIncomingText(TEAM, "who am I?").catch((e: unknown) => e);
    expect(isWaError(failure) && failure.code).toBe("WA_VALIDATION_FAILED");
    const scan = await world.scanQr("2@nope").catch((e: unknown) => e);
    expect(isWaError(scan) && scan.code).toBe("WA_VALIDATION_FAILED");
  });

  it("pairs the connected client by QR or by pairing code", async () => {
    const world = createMemoryWorld();
    const { signals, client } = record();
    const link = world.connect(client);
    await world.scanQr(link.issueQr());
    await world.enterPairingCode(link.issuePairingCode());
    expect(signals).toEqual([
      { type: "paired", me: world.me },
      { type: "paired", me: world.me },
    ]);
  });
});
