/** @module Contract cases: chat commands reach the world, phone-side chat changes reach the client. */
import { expect } from "vitest";
import { ALICE, BOB, TEAM } from "./fixture.ts";
import type { CaseRegistry } from "./types.ts";

/** A picture URL on loopback: it is only compared, never fetched. */
const PICTURE_URL = "http://127.0.0.1:9/pictures/alice.jpg";

/** Registers the chat cases. */
export function chatCases(registry: CaseRegistry): void {
  registry.case(
    "archive and unarchive reach the world",
    async (run) => {
      await run.startPaired();
      await run.engine.archiveChat?.(ALICE, true);
      await run.waitFor(
        async () => (await run.world.chatState(ALICE)).archived,
        "ALICE archived in the world",
      );
      await run.engine.archiveChat?.(ALICE, false);
      await run.waitFor(
        async () => !(await run.world.chatState(ALICE)).archived,
        "ALICE unarchived in the world",
      );
    },
    { needs: ["chats.archive"] },
  );

  registry.case(
    "one archive command emits exactly one chat.archive (none for the library's echo)",
    async (run) => {
      const recording = await run.startPaired();
      const archivesOfAlice = () =>
        recording.ofType("chat.archive").filter((event) => event.chatId === ALICE);
      for (const archived of [true, false]) {
        await run.engine.archiveChat?.(ALICE, archived);
        await run.waitFor(
          async () => (await run.world.chatState(ALICE)).archived === archived,
          `ALICE ${archived ? "archived" : "unarchived"} in the world`,
        );
        // A later message flushes whatever the engine still held back, the echo of its own
        // change included (Baileys may hold its event buffer up to its 30 s safety flush).
        const { id } = await run.world.pushIncomingText(BOB, `after archive=${archived}`);
        await recording.waitForEvent(
          "message.upsert",
          (event) => event.messages.some((message) => message.key.id === id),
          { timeoutMs: 35_000 },
        );
      }
      expect(archivesOfAlice().map((event) => event.archived)).toEqual([true, false]);
    },
    { needs: ["chats.archive"] },
  );

  registry.case(
    "mark unread reaches the world",
    async (run) => {
      await run.startPaired();
      await run.engine.markChatUnread?.(BOB);
      await run.waitFor(
        async () => (await run.world.chatState(BOB)).markedUnread,
        "BOB marked unread",
      );
    },
    { needs: ["chats.unread"] },
  );

  registry.case(
    "delete chat reaches the world",
    async (run) => {
      await run.startPaired();
      await run.engine.deleteChat?.(BOB);
      await run.waitFor(
        async () => (await run.world.chatState(BOB)).deleted,
        "BOB deleted in the world",
      );
    },
    { needs: ["chats.delete"] },
  );

  registry.case(
    "clear messages reaches the world",
    async (run) => {
      await run.startPaired();
      await run.engine.clearMessages?.(TEAM);
      await run.waitFor(
        async () => (await run.world.chatState(TEAM)).cleared,
        "TEAM cleared in the world",
      );
    },
    { needs: ["chats.clear"] },
  );

  registry.case("archiving on the phone reaches the client as chat.archive", async (run) => {
    const recording = await run.startPaired();
    await run.world.phoneSetArchived(ALICE, true);
    const archived = await recording.waitForEvent(
      "chat.archive",
      (e) => e.chatId === ALICE && e.archived,
    );
    expect(archived.timestamp).toBeGreaterThan(0);
    await run.world.phoneSetArchived(ALICE, false);
    await recording.waitForEvent("chat.archive", (e) => e.chatId === ALICE && !e.archived);
  });

  registry.case("deleting on the phone reaches the client as chat.delete", async (run) => {
    const recording = await run.startPaired();
    await run.world.phoneDeleteChat(BOB);
    await recording.waitForEvent("chat.delete", (e) => e.chatId === BOB);
  });

  registry.case(
    "profile picture: the world's URL, or null",
    async (run) => {
      await run.startPaired();
      await run.world.setProfilePicture(ALICE, PICTURE_URL);
      expect(await run.engine.getProfilePicture?.(ALICE)).toBe(PICTURE_URL);
      expect(await run.engine.getProfilePicture?.(BOB)).toBeNull();
      await run.world.setProfilePicture(ALICE, null);
      expect(await run.engine.getProfilePicture?.(ALICE)).toBeNull();
    },
    { needs: ["chats.picture"] },
  );
}
