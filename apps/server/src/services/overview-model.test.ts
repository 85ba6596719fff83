/** @module The overview read model against the store's own overview, through random writes. */
import type { DomainEvent, EngineRuntime, OverviewQuery } from "@wa/core";
import { createSqliteStore, type Store } from "@wa/store";
import { chat, history, message } from "@wa/store/testing";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { serializeStoreJson } from "../http-cache/json.ts";
import type { ServerContext } from "./context.ts";
import { chatsOverview, overviewJson, summaryTexts } from "./overview.ts";
import {
  createOverviewModel,
  type OverviewModel,
  overviewTrackingStore,
} from "./overview-model.ts";

const PNS = Array.from({ length: 8 }, (_, n) => `${100 + n}@c.us`);
const LIDS = Array.from({ length: 3 }, (_, n) => `${900 + n}@lid`);
const IDS = [...PNS, ...LIDS, "status@broadcast", "1-2@g.us"];
const query = (limit: number, offset = 0): OverviewQuery => ({ limit, offset, merge: true });

let store: Store;
afterEach(() => store.close());

/** A store whose writes the model follows, as the app wires it. */
function setup(prefix: number): { tracked: Store; model: OverviewModel } {
  store = createSqliteStore({ file: ":memory:" });
  const model = createOverviewModel(store, prefix);
  return { tracked: overviewTrackingStore(store, model), model };
}

/** What the model must answer: the store's rows of the page, as texts. */
async function reference(q: OverviewQuery): Promise<string[]> {
  return (await store.overview("s", q)).map((row) => {
    const { head, tail } = summaryTexts(row);
    return `${head}null${tail}`;
  });
}

async function answered(model: OverviewModel, q: OverviewQuery) {
  const items = await model.page("s", q);
  return items?.map((item) => `${item.head}null${item.tail}`);
}

const event = fc.oneof(
  fc.record({ chat: fc.constantFrom(...IDS), t: fc.integer({ min: 1, max: 500 }) }).map(
    ({ chat: id, t }): DomainEvent => ({
      type: "message.upsert",
      messages: [message(id, `M${t}-${id}`, 1000 + t)],
      notify: true,
    }),
  ),
  fc
    .record({ chat: fc.constantFrom(...IDS), t: fc.integer({ min: 1, max: 500 }) })
    .map(({ chat: id, t }): DomainEvent => history({ chats: [chat(id, 1000 + t)] })),
  fc.constantFrom(...IDS).map((id): DomainEvent => ({ type: "chat.delete", chatId: id })),
  fc.constantFrom(...IDS).map((id): DomainEvent => ({ type: "chat.clear", chatId: id })),
  fc
    .constantFrom(...IDS)
    .map((id): DomainEvent => ({ type: "chat.unread", chatId: id, unreadCount: 2 })),
  fc
    .record({ id: fc.constantFrom(...PNS, ...LIDS), name: fc.string({ maxLength: 3 }) })
    .map(({ id, name }): DomainEvent => ({ type: "contact.upsert", contacts: [{ id, name }] })),
  fc
    .record({ lid: fc.constantFrom(...LIDS), pn: fc.constantFrom(...PNS) })
    .map((mapping): DomainEvent => ({ type: "lid.mapping", mappings: [mapping] })),
);

describe("overview read model", () => {
  it("answers what the store answers after any writes, from its prefix when it holds the page", async () => {
    let served = 0;
    let asked = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(event, { minLength: 1, maxLength: 3 }), { maxLength: 25 }),
        fc.integer({ min: 2, max: 6 }),
        async (writes, prefix) => {
          const { tracked, model } = setup(prefix);
          await tracked.apply("s", history({ chats: IDS.map((id, n) => chat(id, 1000 + n)) }));
          for (const events of writes) {
            await tracked.apply("s", events);
            for (const q of [query(2), query(2, 1), query(0), query(prefix, 0)]) {
              const answer = await answered(model, q);
              asked += 1;
              if (answer) {
                served += 1;
                expect(answer).toEqual(await reference(q));
              }
            }
          }
          // The first page is always within the prefix: the model answers it.
          expect(await answered(model, query(2))).toEqual(await reference(query(2)));
          await store.close();
          store = createSqliteStore({ file: ":memory:" });
        },
      ),
      { numRuns: 60 },
    );
    // Most pages asked lie within the prefix: the model, not the fallback, answered them.
    expect(served / asked).toBeGreaterThan(0.5);
  }, 60_000);

  it("holds a prefix only: a page beyond it, an ids filter or merge=false is the store's", async () => {
    const { tracked, model } = setup(4);
    await tracked.apply("s", history({ chats: PNS.map((id, n) => chat(id, 1000 + n)) }));
    expect(await answered(model, query(4))).toEqual(await reference(query(4)));
    expect(await model.page("s", query(2, 3))).toBeUndefined();
    expect(await model.page("s", query(0))).toBeUndefined();
    expect(await model.page("s", { ...query(2), merge: false })).toBeUndefined();
    expect(await model.page("s", { ...query(2), ids: [PNS[0] as string] })).toBeUndefined();
    expect(model.stats()).toMatchObject({ sessions: 1, items: 4 });
  });

  it("answers nothing while a write is in flight, and the write's result right after", async () => {
    const { tracked, model } = setup(4);
    await tracked.apply("s", history({ chats: PNS.map((id, n) => chat(id, 1000 + n)) }));
    expect(await answered(model, query(1))).toEqual(await reference(query(1)));
    const end = model.beginWrite("s", [PNS[0] as string]);
    expect(await model.page("s", query(1))).toBeUndefined();
    await store.apply("s", {
      type: "message.upsert",
      messages: [message(PNS[0] as string, "X", 5000)],
      notify: true,
    });
    end();
    const first = await model.page("s", query(1));
    expect(first?.[0]?.id).toBe(PNS[0]);
    expect(await answered(model, query(4))).toEqual(await reference(query(4)));
  });

  it("invalidate forgets the session's items", async () => {
    const { tracked, model } = setup(4);
    await tracked.apply("s", history({ chats: PNS.map((id, n) => chat(id, 1000 + n)) }));
    await model.page("s", query(2));
    model.invalidate("s");
    expect(model.stats().items).toBe(0);
    expect(await answered(model, query(2))).toEqual(await reference(query(2)));
  });

  it("the model's page is byte for byte the computed one, pictures, names and Buffers included", async () => {
    const { tracked, model } = setup(10);
    const raw = JSON.parse(JSON.stringify({ thumb: Buffer.from("hi"), note: '"q"' }));
    await tracked.apply(
      "s",
      history({
        chats: PNS.map((id, n) => chat(id, 1000 + n, { name: n % 2 ? `Chat ${n}` : null, raw })),
        contacts: [{ id: PNS[6] as string, name: null, pushName: "Push ✓" }],
        messages: PNS.map((id, n) => message(id, `L${n}`, 1000 + n)),
      }),
    );
    const pictureOf = (id: string) =>
      id === PNS[7] ? "https://p/1" : id === PNS[5] ? "https://p/2" : null;
    const pictures = {
      soft: async (_s: string, id: string) => pictureOf(id),
      // Some cached (a URL and a null), the rest fetched: the page mixes both.
      softCached: (_s: string, id: string) =>
        id === PNS[5] || id === PNS[6] ? pictureOf(id) : undefined,
    };
    const ctx = { store, pictures, overviews: model } as unknown as ServerContext;
    const runtime = {} as EngineRuntime;
    const computed = serializeStoreJson(await chatsOverview(ctx, "s", runtime, query(5)));
    expect(await model.page("s", query(5))).toBeDefined();
    expect(await overviewJson(ctx, "s", runtime, query(5))).toBe(computed);
    expect(computed).toContain('"picture":"https://p/1"');
    expect(computed).toContain('"picture":"https://p/2"');
    expect(computed).toContain('"data":"aGk="');
    expect(computed).toContain('"name":"Push ✓"');
  });
});
