/**
 * @module The overview read model: per session, the first items of the merged overview (last
 * activity first) as the JSON texts of their bodies, so that an overview page the response cache
 * cannot answer (a write just dropped it, or `Cache-Control: no-cache`) is joined from texts
 * instead of computed from the store. Writes keep it current: every write names the ids whose
 * items it may change (see `overviewIdsTouchedBy`); before the next page is answered those items
 * are read again from the store (`Store.overview` with `ids`) and moved to their new place.
 *
 * Only a prefix is held: the model reads the first `prefix` items, and remembers the last one's
 * place as its boundary. An item no write touched keeps its place, so none from beyond the
 * boundary can move in front of it: the held items that sort before the boundary are exactly the
 * overview's first ones. Items a write moves past the boundary are dropped; a page that needs more
 * items than remain reads the prefix again. A page beyond the prefix, an `ids` filter or
 * `merge=false` is answered by the store, as before.
 */
import { type ChatId, type DomainEvent, isLidChat, type OverviewQuery } from "@wa/core";
import type { OverviewRow, Store } from "@wa/store";
import { overviewIdsTouchedBy } from "../http-cache/touched-chats.ts";
import { summaryTexts } from "./overview.ts";

/** One overview item: its place (activity, id) and its JSON around the picture. */
export interface OverviewItem {
  readonly id: ChatId;
  readonly timestamp: number;
  readonly head: string;
  readonly tail: string;
}

/** The read model of every session's overview. */
export interface OverviewModel {
  /** The items of the page `query` asks for, or undefined when the model cannot answer it. */
  page(session: string, query: OverviewQuery): Promise<readonly OverviewItem[] | undefined>;
  /**
   * Marks a write in flight that may change the items of `ids` (undefined: any item): no page
   * is answered from the model until the returned `end`, after which those items are read again.
   */
  beginWrite(session: string, ids: readonly string[] | undefined): () => void;
  /** Forgets the session's model (a lifecycle change); the next page reads it again. */
  invalidate(session: string): void;
  /** Items held and the characters of their texts, across sessions (for the benchmark). */
  stats(): { sessions: number; items: number; textChars: number };
}

/** Items a (re)build reads: a few pages' worth, about 15 ms of store reads at 10k chats. */
export const OVERVIEW_MODEL_PREFIX = 200;

export function createOverviewModel(
  store: Pick<Store, "overview" | "resolveLid">,
  prefix = OVERVIEW_MODEL_PREFIX,
): OverviewModel {
  const sessions = new Map<string, SessionState>();
  let clock = 0;

  const stateOf = (session: string): SessionState => {
    let state = sessions.get(session);
    if (!state) {
      state = { generation: ++clock, writes: 0, model: undefined, dirty: new Set() };
      sessions.set(session, state);
    }
    return state;
  };

  const forget = (state: SessionState) => {
    state.generation = ++clock;
    state.model = undefined;
    state.dirty.clear();
  };

  /** Reads the first `prefix` items; undefined when a write came in meanwhile. */
  const build = async (session: string, state: SessionState): Promise<Model | undefined> => {
    const generation = state.generation;
    const rows = await store.overview(session, { limit: prefix, offset: 0, merge: true });
    if (state.generation !== generation || state.writes > 0) return undefined;
    const items = rows.map(itemOf);
    const last = items.at(-1);
    return { items, boundary: items.length < prefix || !last ? undefined : last };
  };

  /** Reads the items of the dirty ids again; false when a write came in meanwhile. */
  const refresh = async (session: string, state: SessionState, model: Model): Promise<boolean> => {
    const generation = state.generation;
    const ids = new Set(state.dirty);
    // A LID chat's item is its phone-number chat's when the two are mapped.
    for (const id of state.dirty) {
      if (!isLidChat(id)) continue;
      const pn = await store.resolveLid(session, id);
      if (pn) ids.add(pn);
    }
    const rows = await store.overview(session, {
      limit: 0,
      offset: 0,
      merge: true,
      ids: [...ids],
    });
    if (state.generation !== generation || state.writes > 0) return false;
    const fresh = rows.map(itemOf);
    for (const item of fresh) ids.add(item.id);
    model.items = model.items.filter((item) => !ids.has(item.id));
    for (const item of fresh) {
      if (model.boundary && compareItems(item, model.boundary) > 0) continue;
      model.items.splice(insertionIndex(model.items, item), 0, item);
    }
    state.dirty.clear();
    return true;
  };

  return {
    async page(session, query) {
      if (query.ids || !query.merge) return undefined;
      const state = stateOf(session);
      if (state.writes > 0) return undefined;
      let model = state.model;
      if (model && state.dirty.size > 0 && !(await refresh(session, state, model))) return;
      const end = query.limit > 0 ? query.offset + query.limit : Number.POSITIVE_INFINITY;
      // Items moved past the boundary since the build: read the prefix again if the page needs it.
      if (model?.boundary && end > model.items.length && model.items.length < prefix) {
        model = undefined;
      }
      if (!model) {
        model = await build(session, state);
        if (!model) return undefined;
        state.model = model;
        state.dirty.clear();
      }
      if (model.boundary && end > model.items.length) return undefined;
      return model.items.slice(query.offset, end);
    },
    beginWrite(session, ids) {
      const state = stateOf(session);
      state.writes += 1;
      const changed = () => {
        if (ids === undefined) forget(state);
        else {
          state.generation = ++clock;
          for (const id of ids) state.dirty.add(id);
        }
      };
      changed();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        state.writes -= 1;
        changed();
      };
    },
    invalidate(session) {
      forget(stateOf(session));
    },
    stats() {
      let items = 0;
      let textChars = 0;
      for (const state of sessions.values()) {
        for (const item of state.model?.items ?? []) {
          items += 1;
          textChars += item.head.length + item.tail.length + item.id.length;
        }
      }
      return { sessions: sessions.size, items, textChars };
    },
  };
}

/** The store with its writes reported to the model (deleting a session forgets its model). */
export function overviewTrackingStore(store: Store, model: OverviewModel): Store {
  const tracked =
    <A extends unknown[], R>(
      run: (session: string, ...rest: A) => Promise<R>,
      idsOf: (rest: A) => readonly string[] | undefined,
    ) =>
    async (session: string, ...rest: A): Promise<R> => {
      const end = model.beginWrite(session, idsOf(rest));
      try {
        return await run(session, ...rest);
      } finally {
        end();
      }
    };
  return {
    ...store,
    apply: tracked(store.apply, ([events]) =>
      overviewIdsTouchedBy(Array.isArray(events) ? events : [events as DomainEvent]),
    ),
    sessions: { ...store.sessions, delete: tracked(store.sessions.delete, () => undefined) },
  };
}

// --- internal ---

interface Model {
  /** The overview's first items, in order. */
  items: OverviewItem[];
  /** The last item read by the build; undefined: the build read every item (nothing beyond). */
  boundary: OverviewItem | undefined;
}

interface SessionState {
  /** Moves on every write and every `invalidate`: a read that straddles one is not kept. */
  generation: number;
  writes: number;
  model: Model | undefined;
  /** Ids whose items changed since the model read them. */
  dirty: Set<string>;
}

function itemOf(row: OverviewRow): OverviewItem {
  const { head, tail } = summaryTexts(row);
  return {
    id: row.chat.id,
    timestamp: row.chat.conversationTimestamp ?? Number.NEGATIVE_INFINITY,
    head,
    tail,
  };
}

/** The overview's order (`compareChats` by activity, descending): activity, then id. */
function compareItems(a: OverviewItem, b: OverviewItem): number {
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? 1 : -1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? 1 : -1;
}

function insertionIndex(items: readonly OverviewItem[], item: OverviewItem): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compareItems(items[middle] as OverviewItem, item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
