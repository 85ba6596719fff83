/**
 * @module The bench's read timings on the seeded store: the chats overview, then the message pages
 * of the big chats (first, deep, sequential past the deep one) and the first page of every chat.
 */
import type { MessagesQuery } from "@wa/core";
import type { Store } from "../src/index.ts";
import { time } from "./measure.ts";
import { BIG_CHAT_SPAN, bigChatIds, SEED } from "./seed.ts";

/** Overview timings (ms) and the rows of a page. */
export interface OverviewSamples {
  overview: number[];
  rows: number;
}

/** Message page timings, in ms. */
export interface MessageSamples {
  /** The first page of each big chat, warm (30 rounds). */
  first: number[];
  /** The first page of each big chat once, before any warm-up. */
  firstCold: number[];
  /** The page at offset 90,000 of each big chat, warm (30 rounds). */
  deep: number[];
  /** The first deep page of each big chat (nothing cached). */
  deepCold: number[];
  /** The pages after the deep one, each seeking from the previous page's last row. */
  sequential: number[];
  /** The first 10 messages of every chat at once (`all`). */
  all: number[];
}

/** 20 warm-up calls, then 300 timed: the first 20 chats of the overview. */
export async function measureOverview(store: Store, session: string): Promise<OverviewSamples> {
  const page = () => store.overview(session, { limit: 20, offset: 0, merge: true });
  const overview: number[] = [];
  for (let i = 0; i < 20; i++) await page();
  for (let i = 0; i < 300; i++) overview.push(await time(page));
  return { overview, rows: (await page()).length };
}

/** The message pages of the big chats (100 messages, filtered), then `all`'s first page. */
export async function measureMessages(store: Store, session: string): Promise<MessageSamples> {
  const big = bigChatIds();
  // A range that cuts a few days off both ends of the big chats, at no day's edge.
  const gte = SEED.baseTimestamp + 3 * 86_400 + 1_234;
  const lte = SEED.baseTimestamp + BIG_CHAT_SPAN + 2 * 86_400 - 777;
  const page = (offset: number): MessagesQuery => ({
    limit: 100,
    offset,
    sortOrder: "desc",
    downloadMedia: false,
    merge: true,
    filter: { fromMe: false, ack: 3, timestampGte: gte, timestampLte: lte },
  });
  const list = (chat: string, query: MessagesQuery) => store.listMessages(session, chat, query);
  const first: number[] = [];
  // The first page of each chat once, before any warm-up: the cold counterpart of the deep page.
  const firstCold: number[] = [];
  for (const chat of big) firstCold.push(await time(() => list(chat, page(0))));
  for (let round = 0; round < 30; round++) {
    for (const chat of big) first.push(await time(() => list(chat, page(0))));
  }
  const deepCold: number[] = [];
  let deepRows = 0;
  for (const chat of big) {
    deepCold.push(
      await time(async () => {
        deepRows = (await list(chat, page(90_000))).length;
      }),
    );
  }
  if (deepRows !== 100) throw new Error(`the deep page held ${deepRows} messages, not 100`);
  const deep: number[] = [];
  for (let round = 0; round < 30; round++) {
    for (const chat of big) deep.push(await time(() => list(chat, page(90_000))));
  }
  // Sequential paging past the deep page: each page seeks from the previous page's last row.
  const sequential: number[] = [];
  for (const chat of big) {
    for (let offset = 90_100; offset < 92_000; offset += 100) {
      sequential.push(await time(() => list(chat, page(offset))));
    }
  }
  // Every chat at once (`all`): the timeline index orders them; no day buckets (plain OFFSET).
  const all: number[] = [];
  for (let i = 0; i < 3; i++) {
    all.push(await time(() => list("all", { ...page(0), limit: 10, filter: {} })));
  }
  return { first, firstCold, deep, deepCold, sequential, all };
}
