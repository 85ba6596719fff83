/** @module Contract cases for session records, session isolation and the engine auth state. */
import type { SessionRecord } from "@wa/core";
import { expect, it } from "vitest";
import { buildWorld, chat, history, message, worldBatch } from "./fixtures.ts";
import { type CreateStore, storeLifecycle } from "./harness.ts";

const record = (name: string, extra: Partial<SessionRecord> = {}): SessionRecord => ({
  name,
  engine: "noweb",
  config: { metadata: { team: "a" } },
  status: "STOPPED",
  running: false,
  me: null,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  ...extra,
});

export function sessionsCases(createStore: CreateStore): void {
  const open = storeLifecycle(createStore);

  it("put/get/list/delete session records", async () => {
    const store = await open();
    await store.sessions.put(record("b"));
    await store.sessions.put(record("a", { running: true, me: { id: "1@c.us" } }));
    await store.sessions.put(record("b", { status: "WORKING" }));
    expect(await store.sessions.get("b")).toEqual(record("b", { status: "WORKING" }));
    expect((await store.sessions.list()).map((item) => item.name)).toEqual(["a", "b"]);
    await store.sessions.delete("a");
    expect(await store.sessions.get("a")).toBeNull();
    expect(await store.sessions.list()).toHaveLength(1);
  });

  it("insert creates a record only when none of that name exists; of concurrent inserts exactly one wins", async () => {
    const store = await open();
    expect(await store.sessions.insert(record("a"))).toBe(true);
    expect(await store.sessions.insert(record("a", { status: "WORKING" }))).toBe(false);
    expect(await store.sessions.get("a")).toEqual(record("a"));
    const racers = Array.from({ length: 8 }, (_, i) =>
      record("raced", { config: { metadata: { racer: String(i) } } }),
    );
    const won = await Promise.all(racers.map((racer) => store.sessions.insert(racer)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = racers[won.indexOf(true)];
    expect(await store.sessions.get("raced")).toEqual(winner);
    await store.sessions.delete("a");
    expect(await store.sessions.insert(record("a", { engine: "webjs" }))).toBe(true);
    expect((await store.sessions.get("a"))?.engine).toBe("webjs");
  });

  it("sessions are isolated, and deleting one removes every row it owns", async () => {
    const store = await open();
    const world = buildWorld(11);
    await store.sessions.put(record("s1"));
    await store.sessions.put(record("s2"));
    await store.apply("s1", worldBatch(world));
    await store.apply(
      "s2",
      history({ chats: [chat("1@c.us", 5)], messages: [message("1@c.us", "A", 5)] }),
    );
    await store.authState("s1").setMany([["creds", "{}"]]);
    await store.authState("s2").setMany([["creds", '{"b":1}']]);
    expect(await store.counts("s2")).toEqual({
      chats: 1,
      messages: 1,
      contacts: 0,
      lidMappings: 0,
    });
    expect(
      await store.listChats("s2", { sortBy: "id", sortOrder: "asc", merge: true, offset: 0 }),
    ).toEqual([chat("1@c.us", 5)]);
    expect(await store.getMessage("s2", "all", { id: world.messages[0]?.key.id ?? "" })).toBeNull();
    await store.sessions.delete("s1");
    expect(await store.counts("s1")).toEqual({
      chats: 0,
      messages: 0,
      contacts: 0,
      lidMappings: 0,
    });
    expect(await store.authState("s1").get("creds")).toBeNull();
    expect(await store.counts("s2")).toEqual({
      chats: 1,
      messages: 1,
      contacts: 0,
      lidMappings: 0,
    });
    expect(await store.authState("s2").get("creds")).toBe('{"b":1}');
  });

  it("auth state: get, getMany, setMany (null deletes) and clear", async () => {
    const store = await open();
    const auth = store.authState("s1");
    await auth.setMany([
      ["creds", "c1"],
      ["pre-key-1", "k1"],
      ["pre-key-2", "k2"],
    ]);
    await auth.setMany([
      ["pre-key-1", null],
      ["creds", "c2"],
    ]);
    expect(await auth.get("creds")).toBe("c2");
    expect(await auth.get("pre-key-1")).toBeNull();
    expect(await auth.getMany(["creds", "pre-key-1", "pre-key-2", "missing"])).toEqual(
      new Map([
        ["creds", "c2"],
        ["pre-key-2", "k2"],
      ]),
    );
    await auth.clear();
    expect(await auth.getMany(["creds", "pre-key-2"])).toEqual(new Map());
  });
}
