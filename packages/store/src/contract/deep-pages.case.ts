/**
 * @module Contract cases for deep message pages (offsets in the thousands): every filter, order
 * and merge mode against the reference, also after writes that move rows between days, acks and
 * chats. A store may skip offsets by any summary it keeps; the answers must not change.
 */
import {
  type AckLevel,
  applyMessagesQuery,
  type MessagesFilter,
  type MessagesQuery,
  type SortOrder,
  type StoredMessage,
} from "@wa/core";
import { expect, it } from "vitest";
import { chat, history, message } from "./fixtures.ts";
import { type CreateStore, storeLifecycle } from "./harness.ts";

const PN = "49170000@c.us";
const LID = "88170000@lid";
const DAY = 86_400;
const START = 1_700_000_000 - 7 * 3_600; // not at a day's edge

/** A chat's history over ~40 days with busy and quiet days; some ids share a second. */
function chatHistory(chatId: string, count: number, seed: number): StoredMessage[] {
  let state = seed;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  let timestamp = START;
  return Array.from({ length: count }, (_, i) => {
    timestamp += random(10) === 0 ? random(3) * 9_000 : random(4) === 0 ? 0 : random(600);
    const fromMe = random(4) === 0;
    return message(chatId, `${chatId.slice(0, 3)}${String(i).padStart(5, "0")}`, timestamp, {
      fromMe,
      ack: fromMe ? 1 + random(4) : 2 + random(2),
      kind: random(40) === 0 ? "reaction" : random(60) === 0 ? "protocol" : "text",
    });
  });
}

const FILTERS: MessagesFilter[] = [
  {},
  { fromMe: false, ack: 3 },
  { ack: 2 },
  { fromMe: true },
  { timestampGte: START + 3 * DAY + 1_234, timestampLte: START + 30 * DAY - 777 },
  { fromMe: false, ack: 3, timestampGte: START + 5 * DAY, timestampLte: START + 38 * DAY },
  { timestampLte: START + 20 * DAY + 5 },
];
const OFFSETS = [999, 1_000, 1_777, 2_500, 3_999, 4_400, 5_200, 9_000];

export function deepPagesCases(createStore: CreateStore): void {
  const open = storeLifecycle(createStore);

  it("deep pages match the reference for every filter, order and merge mode, also after writes", async () => {
    const store = await open();
    const current = new Map<string, StoredMessage>();
    const pn = chatHistory(PN, 4_500, 3);
    const lid = chatHistory(LID, 900, 5);
    for (const item of [...pn, ...lid]) current.set(`${item.key.chatId}|${item.key.id}`, item);
    await store.apply(
      "s1",
      history({
        chats: [chat(PN, START + 40 * DAY), chat(LID, START + 40 * DAY)],
        messages: [...pn, ...lid],
        lidMappings: [{ lid: LID, pn: PN }],
      }),
    );
    const check = async () => {
      for (const filter of FILTERS) {
        for (const sortOrder of ["desc", "asc"] as SortOrder[]) {
          for (const merge of [true, false]) {
            const scope = [...current.values()].filter((item) => merge || item.key.chatId === PN);
            for (const offset of OFFSETS) {
              for (const limit of offset === 2_500 ? [0, 100] : [37]) {
                const query: MessagesQuery = {
                  limit,
                  offset,
                  sortOrder,
                  merge,
                  filter,
                  downloadMedia: false,
                };
                // Merged, the LID chat's pages are the PN chat's (the store resolves the pair).
                for (const entry of merge ? [PN, LID] : [PN]) {
                  const label = `${entry} ${merge} ${JSON.stringify(query)}`;
                  expect(await store.listMessages("s1", entry, query), label).toEqual(
                    applyMessagesQuery(scope, query),
                  );
                }
              }
            }
          }
        }
      }
    };
    await check();
    // Writes that move rows between days, acks and displayability, and remove rows.
    const moved = message(PN, "PN#moved", START + 33 * DAY, { fromMe: false, ack: 3 });
    const replaced = { ...(pn[100] as StoredMessage), timestamp: START + 2 * DAY + 17 };
    const hidden = { ...(pn[2_000] as StoredMessage), kind: "protocol" as const };
    await store.apply("s1", [
      { type: "message.upsert", messages: [moved], notify: false },
      history({ messages: [replaced, hidden] }),
      { type: "message.ack", key: (pn[3_000] as StoredMessage).key, ack: 4 as AckLevel },
      { type: "message.delete", keys: pn.slice(1_000, 1_300).map((item) => item.key) },
      { type: "message.revoke", key: (lid[10] as StoredMessage).key, timestamp: START },
    ]);
    current.set(`${PN}|${moved.key.id}`, moved);
    current.set(`${PN}|${replaced.key.id}`, replaced);
    current.set(`${PN}|${hidden.key.id}`, hidden);
    const acked = pn[3_000] as StoredMessage;
    if (acked.ack < 4)
      current.set(`${PN}|${acked.key.id}`, {
        ...acked,
        ack: 4,
        message: { ...acked.message, ack: 4, ackName: "PLAYED" },
      });
    for (const item of pn.slice(1_000, 1_300)) current.delete(`${PN}|${item.key.id}`);
    current.delete(`${LID}|${(lid[10] as StoredMessage).key.id}`);
    await check();
  }, 240_000);
}
