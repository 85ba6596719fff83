/** @module Contract cases: the history synced after pairing matches the seed. */
import { type Contact, isGroupChat, type LidMapping, type MessageKey } from "@wa/core";
import { expect } from "vitest";
import type { RecordingContext } from "../recording/context.ts";
import { expectWellFormedMessage, findById } from "./expect.ts";
import { ALICE, ALICE_LID, CONTRACT_SEED, IDS } from "./fixture.ts";
import type { CaseRegistry } from "./types.ts";

/** Registers the history cases. */
export function historyCases(registry: CaseRegistry): void {
  registry.case(
    "loadOlderMessages returns the messages before a given one, oldest first, and stores them",
    async (run) => {
      const recording = await run.startPaired();
      const load = (chatId: string, before: MessageKey | null, count: number) => {
        if (!run.engine.loadOlderMessages) throw new Error("messages.history without its method");
        return run.engine.loadOlderMessages(chatId, before, count);
      };
      const before = { fromMe: false, chatId: ALICE, id: IDS.aliceUnread };
      const older = await load(ALICE, before, 5);
      expect(older.map((m) => m.key.id)).toEqual([IDS.aliceHello, IDS.aliceReply]);
      for (const message of older) expectWellFormedMessage(message);
      expect(older[0]?.message.body).toBe("Hi, it's Alice");
      expect((await load(ALICE, before, 1)).map((m) => m.key.id)).toEqual([IDS.aliceReply]);
      expect((await load(ALICE, null, 2)).map((m) => m.key.id)).toEqual([
        IDS.aliceReply,
        IDS.aliceUnread,
      ]);
      const oldest = { fromMe: false, chatId: ALICE, id: IDS.aliceHello };
      expect(await load(ALICE, oldest, 5)).toEqual([]);
      // Stored: the engine emitted them as history before it answered.
      const batch = recording
        .ofType("history.batch")
        .at(-1)
        ?.messages.map((m) => m.key.id);
      expect(batch).toEqual([IDS.aliceReply, IDS.aliceUnread]);
    },
    { needs: ["messages.history"] },
  );

  registry.case("history arrives after WORKING", async (run) => {
    const recording = await run.startPaired();
    const working = recording.events.findIndex(
      (e) => e.type === "session.status" && e.status === "WORKING",
    );
    const firstBatch = recording.events.findIndex((e) => e.type === "history.batch");
    expect(working).toBeGreaterThanOrEqual(0);
    expect(firstBatch).toBeGreaterThan(working);
  });

  registry.case("history chats match the seed, active at their newest message", async (run) => {
    const recording = await run.startPaired();
    const chats = recording.ofType("history.batch").flatMap((batch) => batch.chats);
    for (const seed of CONTRACT_SEED.chats) {
      const chat = chats.find((c) => c.id === seed.id);
      expect(chat, `chat ${seed.id}`).toBeDefined();
      const newest = Math.max(...seed.messages.map((m) => m.timestamp));
      expect(chat?.conversationTimestamp).toBe(newest);
      expect(chat?.archived).toBe(seed.archived ?? false);
      expect(chat?.name).toBe(seed.name);
    }
  });

  registry.case("history messages match the seed: ids, order, timestamps, acks", async (run) => {
    const recording = await run.startPaired();
    const messages = recording.ofType("history.batch").flatMap((batch) => batch.messages);
    for (const chat of CONTRACT_SEED.chats) {
      const seeded = [...chat.messages].sort((a, b) => a.timestamp - b.timestamp);
      const synced = messages
        .filter((m) => m.key.chatId === chat.id)
        .sort((a, b) => a.timestamp - b.timestamp);
      expect(synced.map((m) => m.key.id)).toEqual(seeded.map((m) => m.id));
      for (const seed of seeded) {
        const stored = findById(synced, seed.id as string);
        if (!stored) continue;
        expectWellFormedMessage(stored);
        expect(stored.key.fromMe).toBe(seed.fromMe);
        expect(stored.timestamp).toBe(seed.timestamp);
        expect(stored.message.body).toBe(seed.text);
        expect(stored.message.hasMedia).toBe(false);
        if (!seed.fromMe && !isGroupChat(chat.id)) expect(stored.message.from).toBe(chat.id);
      }
    }
  });

  registry.case("history group messages name their participant", async (run) => {
    const recording = await run.startPaired();
    const messages = recording.ofType("history.batch").flatMap((batch) => batch.messages);
    const group = CONTRACT_SEED.chats.find((chat) => isGroupChat(chat.id));
    for (const seed of group?.messages.filter((m) => m.participant) ?? []) {
      const stored = findById(messages, seed.id as string);
      expect(stored?.key.participant).toBe(seed.participant);
      expect(stored?.message.participant).toBe(seed.participant);
      expect(stored?.message.id.endsWith(`_${seed.participant}`)).toBe(true);
    }
  });

  registry.case("history contacts and LID mappings reach the client", async (run) => {
    const recording = await run.startPaired();
    const wanted = CONTRACT_SEED.contacts?.map((contact) => contact.id) ?? [];
    const { contacts, lidMappings } = await run.waitFor(
      () => {
        const found = syncedDirectory(recording);
        const ids = new Set(found.contacts.map((contact) => contact.id));
        const complete = wanted.every((id) => ids.has(id));
        return complete && found.lidMappings.some((pair) => pair.lid === ALICE_LID) ? found : null;
      },
      `contacts ${wanted.join(", ")} and the LID mapping of ${ALICE_LID}`,
    );
    expect(contacts.map((contact) => contact.id)).toEqual(expect.arrayContaining(wanted));
    for (const pair of CONTRACT_SEED.lidMappings ?? []) expect(lidMappings).toContainEqual(pair);
  });
}

// --- internal ---

/** Contacts and LID pairs may come in history batches or as their own events. */
function syncedDirectory(recording: RecordingContext): {
  contacts: Contact[];
  lidMappings: LidMapping[];
} {
  const batches = recording.ofType("history.batch");
  return {
    contacts: [
      ...batches.flatMap((b) => b.contacts),
      ...recording.ofType("contact.upsert").flatMap((e) => e.contacts),
    ],
    lidMappings: [
      ...batches.flatMap((b) => b.lidMappings),
      ...recording.ofType("lid.mapping").flatMap((e) => e.mappings),
    ],
  };
}
