/**
 * @module Contract cases for webhook delivery state in the outbox: targets and cursors, claim and
 * settle, retries that survive a reopen, dead letters and redelivery, the delivery log, retention.
 */
import type { DomainEvent } from "@wa/core";
import { expect, it } from "vitest";
import type { Store } from "../types.ts";
import { message } from "./fixtures.ts";
import { type CreateStore, type StoreContractOptions, storeLifecycle } from "./harness.ts";

const A = "1@c.us";
const HOOK = "config:http://127.0.0.1:9/a";
const OTHER = "config:http://127.0.0.1:9/b";
const ALL = { afterSeq: 0, limit: 100 };

/** Writes `n` live incoming messages to chat A (two events each: message, message.any). */
async function live(store: Store, session: string, ids: string[]) {
  const events: DomainEvent[] = ids.map((id) => ({
    type: "message.upsert",
    messages: [message(A, id, 1)],
    notify: true,
  }));
  return (await store.apply(session, events)).events;
}

const seqs = (items: ReadonlyArray<{ event: { seq: number } }>) => items.map((i) => i.event.seq);

export function deliveriesCases(createStore: CreateStore, options: StoreContractOptions): void {
  const open = storeLifecycle(createStore);

  it("a new target starts after the newest event; claims and settles move its cursor", async () => {
    const store = await open();
    await live(store, "s1", ["OLD"]);
    expect(await store.outbox.openTarget("s1", HOOK)).toBe(2);
    await live(store, "s1", ["N1", "N2"]);
    expect(seqs(await store.outbox.claim("s1", HOOK, ALL))).toEqual([3, 4, 5, 6]);
    expect(seqs(await store.outbox.claim("s1", HOOK, { afterSeq: 4, limit: 1 }))).toEqual([5]);
    await store.outbox.settle(
      "s1",
      HOOK,
      [{ seq: 3, status: "delivered", attempts: 1, lastStatus: 200 }],
      3,
    );
    expect(seqs(await store.outbox.claim("s1", HOOK, ALL))).toEqual([4, 5, 6]);
    // Opening it again keeps its cursor; the cursor never moves back.
    expect(await store.outbox.openTarget("s1", HOOK)).toBe(3);
    await store.outbox.settle("s1", HOOK, [], 1);
    expect(await store.outbox.openTarget("s1", HOOK)).toBe(3);
    // A target may start earlier (a new session's hooks get its very first events).
    expect(await store.outbox.openTarget("s1", OTHER, 0)).toBe(0);
    expect(seqs(await store.outbox.claim("s1", OTHER, ALL))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("an event settled above the cursor is not claimed again; a retrying one is, with its attempts", async () => {
    const store = await open();
    await store.outbox.openTarget("s1", HOOK);
    await live(store, "s1", ["A", "B"]);
    await store.outbox.settle(
      "s1",
      HOOK,
      [
        { seq: 2, status: "delivered", attempts: 1, lastStatus: 200 },
        {
          seq: 1,
          status: "retrying",
          attempts: 2,
          nextAttemptAt: 5000,
          lastStatus: 503,
          lastError: "HTTP 503",
        },
        { seq: 3, status: "dead", attempts: 16, lastError: "connect ECONNREFUSED" },
      ],
      0,
    );
    const claimed = await store.outbox.claim("s1", HOOK, ALL);
    expect(claimed.map((c) => [c.event.seq, c.attempts, c.nextAttemptAt, c.redelivery])).toEqual([
      [1, 2, 5000, false],
      [4, 0, null, false],
    ]);
    // Other targets are independent.
    await store.outbox.openTarget("s1", OTHER);
    expect(await store.outbox.claim("s1", OTHER, ALL)).toEqual([]);
  });

  it("dead letters stay in the log until redelivered, then come back outside the order", async () => {
    const store = await open();
    await store.outbox.openTarget("s1", HOOK);
    const events = await live(store, "s1", ["A"]);
    await store.outbox.settle(
      "s1",
      HOOK,
      [
        { seq: 1, status: "dead", attempts: 3, lastStatus: 500, lastError: "HTTP 500" },
        { seq: 2, status: "delivered", attempts: 1, lastStatus: 200 },
      ],
      2,
    );
    expect(await store.outbox.claim("s1", HOOK, ALL)).toEqual([]);
    const dead = await store.outbox.deliveries("s1", { status: "dead", limit: 10, offset: 0 });
    expect(dead).toEqual([
      {
        target: HOOK,
        seq: 1,
        eventId: events[0]?.id,
        event: "message",
        status: "dead",
        attempts: 3,
        nextAttemptAt: null,
        lastStatus: 500,
        lastError: "HTTP 500",
        updatedAt: expect.any(Number),
      },
    ]);
    expect(await store.outbox.redeliver("s1", ["evt_unknown"])).toBe(0);
    expect(await store.outbox.redeliver("s1", [events[0]?.id ?? ""])).toBe(1);
    const again = await store.outbox.claim("s1", HOOK, ALL);
    expect(again.map((c) => [c.event.seq, c.attempts, c.redelivery])).toEqual([[1, 0, true]]);
    await store.outbox.settle("s1", HOOK, [{ seq: 1, status: "delivered", attempts: 1 }], 2);
    expect(await store.outbox.claim("s1", HOOK, ALL)).toEqual([]);
    expect(await store.outbox.redeliver("s1")).toBe(0);
  });

  it("the delivery log lists newest first, by status and target, paginated", async () => {
    const store = await open();
    await store.outbox.openTarget("s1", HOOK);
    await store.outbox.openTarget("s1", OTHER);
    await live(store, "s1", ["A"]);
    await store.outbox.settle(
      "s1",
      HOOK,
      [
        { seq: 1, status: "delivered", attempts: 1, lastStatus: 200 },
        { seq: 2, status: "retrying", attempts: 1, nextAttemptAt: 1, lastError: "timeout" },
      ],
      1,
    );
    await store.outbox.settle("s1", OTHER, [{ seq: 1, status: "delivered", attempts: 2 }], 1);
    const log = await store.outbox.deliveries("s1", { limit: 10, offset: 0 });
    expect(log.map((r) => [r.seq, r.target, r.status])).toEqual([
      [2, HOOK, "retrying"],
      [1, HOOK, "delivered"],
      [1, OTHER, "delivered"],
    ]);
    const page = await store.outbox.deliveries("s1", { limit: 1, offset: 1 });
    expect(page.map((r) => [r.seq, r.target])).toEqual([[1, HOOK]]);
    const hook = await store.outbox.deliveries("s1", { target: OTHER, limit: 10, offset: 0 });
    expect(hook.map((r) => r.attempts)).toEqual([2]);
    const both = await store.outbox.deliveries("s1", {
      target: HOOK,
      status: "delivered",
      limit: 10,
      offset: 0,
    });
    expect(both.map((r) => r.seq)).toEqual([1]);
  });

  it("closing a target forgets its cursor and pending retries", async () => {
    const store = await open();
    await store.outbox.openTarget("s1", HOOK);
    await store.outbox.openTarget("s1", OTHER);
    await live(store, "s1", ["A"]);
    await store.outbox.settle(
      "s1",
      HOOK,
      [{ seq: 1, status: "retrying", attempts: 1, nextAttemptAt: 1 }],
      0,
    );
    await store.outbox.settle("s1", OTHER, [{ seq: 2, status: "dead", attempts: 1 }], 2);
    await store.outbox.closeTargets("s1", [OTHER]);
    expect(await store.outbox.deliveries("s1", { target: HOOK, limit: 10, offset: 0 })).toEqual([]);
    // A removed target's dead letters are not redelivered (nothing would deliver them).
    await store.outbox.closeTargets("s1", []);
    expect(await store.outbox.redeliver("s1")).toBe(0);
    await store.outbox.openTarget("s1", OTHER);
    expect(await store.outbox.redeliver("s1")).toBe(1);
    // Opened again, it is a new target: it starts after the newest event.
    expect(await store.outbox.openTarget("s1", HOOK)).toBe(2);
    expect(seqs(await store.outbox.claim("s1", OTHER, ALL)).at(0)).toBe(2);
  });

  it("retention deletes settled events past the settled bound and anything past the hard bound", async () => {
    const store = await open();
    await store.outbox.openTarget("s1", HOOK);
    await live(store, "s1", ["A", "B", "C"]); // seqs 1-6
    await store.outbox.settle(
      "s1",
      HOOK,
      [
        { seq: 1, status: "delivered", attempts: 1 },
        { seq: 2, status: "dead", attempts: 3 },
        { seq: 3, status: "delivered", attempts: 1 },
      ],
      3,
    );
    const later = Date.now() + 60_000;
    expect(await store.outbox.prune({ settledBefore: 0, anyBefore: 0 })).toBe(0);
    // Settled: 1 and 3 go; 2 is a dead letter; 4-6 are not delivered yet.
    expect(await store.outbox.prune({ settledBefore: later, anyBefore: 0 })).toBe(2);
    const kept = await store.outbox.list("s1", ALL);
    expect(kept.map((e) => e.seq)).toEqual([2, 4, 5, 6]);
    expect(
      (await store.outbox.deliveries("s1", { limit: 10, offset: 0 })).map((r) => r.seq),
    ).toEqual([2]);
    expect(await store.outbox.prune({ settledBefore: later, anyBefore: later })).toBe(4);
    expect(await store.outbox.list("s1", ALL)).toEqual([]);
    expect(await store.outbox.deliveries("s1", { limit: 10, offset: 0 })).toEqual([]);
    // The stream goes on where it was.
    expect((await live(store, "s1", ["D"])).map((e) => e.seq)).toEqual([7, 8]);
  });

  it("deleting a session deletes its events and delivery state", async () => {
    const store = await open();
    await store.outbox.openTarget("s1", HOOK);
    await live(store, "s1", ["A"]);
    await store.outbox.settle("s1", HOOK, [{ seq: 1, status: "dead", attempts: 1 }], 1);
    await store.sessions.delete("s1");
    expect(await store.outbox.list("s1", ALL)).toEqual([]);
    expect(await store.outbox.deliveries("s1", { limit: 10, offset: 0 })).toEqual([]);
    expect((await live(store, "s1", ["B"])).map((e) => e.seq)).toEqual([1, 2]);
  });

  it.skipIf(!options.newLocation)(
    "cursors, retries and the sequence survive a reopen",
    async () => {
      const location = options.newLocation?.() as string;
      const first = await open(location);
      await first.outbox.openTarget("s1", HOOK);
      const events = await live(first, "s1", ["A"]);
      await first.outbox.settle(
        "s1",
        HOOK,
        [
          { seq: 1, status: "delivered", attempts: 1 },
          { seq: 2, status: "retrying", attempts: 4, nextAttemptAt: 1234, lastError: "HTTP 502" },
        ],
        1,
      );
      await first.close();
      const second = await open(location);
      const claimed = await second.outbox.claim("s1", HOOK, ALL);
      expect(claimed.map((c) => [c.event.id, c.attempts, c.nextAttemptAt])).toEqual([
        [events[1]?.id, 4, 1234],
      ]);
      const next = await live(second, "s1", ["B"]);
      expect(next.map((e) => e.seq)).toEqual([3, 4]);
      expect(next[0]?.id && events[1]?.id && next[0].id > events[1].id).toBe(true);
    },
  );
}
