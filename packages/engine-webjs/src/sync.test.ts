/**
 * @module The sync's read of a chat against messages that reach the page while it runs (a unit test
 * on a scripted client: the race lives in our order of reads, not in the library). Live messages
 * wait in the session's queue behind the sync, so the batch it emits must carry an unread count
 * that agrees with the messages it stores.
 */
import { createSentIds, type DomainEvent, silentLogger } from "@wa/core";
import { expect, it } from "vitest";
import type { Client } from "whatsapp-web.js";
import { syncStore } from "./sync.ts";

const CHAT = "15550000001@c.us";

/** One chat on a page; `arrive` is a message reaching it (unread count up, newest message). */
function scriptedPage() {
  const state = { unreadCount: 1, timestamp: 100, messages: [incoming("m1", 100)] };
  const chat = () => {
    const snapshot = { unreadCount: state.unreadCount, timestamp: state.timestamp };
    return {
      id: { _serialized: CHAT },
      name: "Alice",
      ...snapshot,
      fetchMessages: async () => {
        const fetched = [...state.messages];
        hooks.afterFetch?.();
        return fetched;
      },
    };
  };
  const hooks: { afterFetch?: () => void } = {};
  const arrive = (id: string) => {
    state.timestamp += 1;
    state.unreadCount += 1;
    state.messages.push(incoming(id, state.timestamp));
  };
  const client = {
    getChats: async () => [chat()],
    getChatById: async () => chat(),
    getContacts: async () => [],
    getContactLidAndPhone: async () => [],
  } as unknown as Client;
  return { client, arrive, hooks };
}

function incoming(id: string, t: number) {
  return {
    _data: { id: { fromMe: false, remote: CHAT, id }, type: "chat", body: id, t, ack: 1 },
  };
}

async function batchOf(client: Client) {
  const events: DomainEvent[] = [];
  await syncStore(client, {
    emit: async (event) => void events.push(event),
    syncMessages: 50,
    sentIds: createSentIds(),
    log: silentLogger,
  });
  const batch = events.find((event) => event.type === "history.batch");
  if (batch?.type !== "history.batch") throw new Error("no history.batch emitted");
  return batch;
}

it("a message that arrives between the chat list and the fetch is counted in the chat it is stored with", async () => {
  const page = scriptedPage();
  const { client } = page;
  const getChats = client.getChats.bind(client);
  // The chat list is read, then the message arrives before its messages are fetched.
  client.getChats = async () => {
    const chats = await getChats();
    page.arrive("m2");
    return chats;
  };
  const batch = await batchOf(client);
  expect(batch.messages.map((message) => message.key.id)).toEqual(["m1", "m2"]);
  expect(batch.chats[0]?.unreadCount).toBe(2);
});

it("a message that arrives after the fetch is read again with its chat, not counted twice", async () => {
  const page = scriptedPage();
  let arrived = false;
  page.hooks.afterFetch = () => {
    if (arrived) return;
    arrived = true;
    page.arrive("m2");
  };
  const batch = await batchOf(page.client);
  // The first fetch missed m2 while the chat already counted it: the fetch is repeated.
  expect(batch.messages.map((message) => message.key.id)).toEqual(["m1", "m2"]);
  expect(batch.chats[0]?.unreadCount).toBe(2);
});
