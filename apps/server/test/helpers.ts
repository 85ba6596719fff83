/**
 * @module Test helpers: an app over a fresh store (SQLite `:memory:`, or a fresh PostgreSQL
 * database in the `@wa/server (postgres)` project; see test-store.ts) with memory engines and
 * short session waits.
 */
import type { CapabilityKey } from "@wa/core";
import {
  createMemoryEngine,
  createMemoryWorld,
  type HistorySeed,
  type MemoryWorld,
} from "@wa/engine-testkit";
import type { Store } from "@wa/store";
import type { FastifyBaseLogger } from "fastify";
import { type App, buildApp } from "../src/app.ts";
import type { EventsConfig } from "../src/events/config.ts";
import type { HttpCacheSetting } from "../src/http-cache/options.ts";
import { openTestStore } from "./test-store.ts";

/** The seed most tests use: one DM with three messages, one group, one broadcast. */
export const SEED: HistorySeed = {
  chats: [
    {
      id: "11111111111@c.us",
      name: "Alice",
      unreadCount: 2,
      messages: [
        { id: "A1", fromMe: true, text: "hello alice", timestamp: 1_700_000_000 },
        { id: "A2", fromMe: false, text: "hi there", timestamp: 1_700_000_100 },
        { id: "A3", fromMe: false, text: "how are you?", timestamp: 1_700_000_200 },
      ],
    },
    {
      id: "123456789-987654321@g.us",
      name: "Group",
      messages: [
        {
          id: "G1",
          fromMe: false,
          text: "group hello",
          timestamp: 1_700_000_050,
          participant: "22222222222@c.us",
        },
      ],
    },
  ],
  contacts: [{ id: "33333333333@c.us", name: "Carol" }],
};

/** Options of {@link createTestApp}. */
export interface TestAppOptions {
  apiKey?: string | null;
  apiKeyExcludePaths?: string[];
  disable?: CapabilityKey[];
  autoPair?: boolean;
  seed?: HistorySeed;
  /** Create (and start) the `default` session before returning. @default true */
  session?: boolean;
  /** The response cache's setting. @default the defaults (whatever the env says) */
  httpCache?: HttpCacheSetting;
  /** Wraps the store handed to the app (to interleave reads and writes in tests). */
  wrapStore?: (store: Store) => Store;
  /** Global webhook, delivery bounds, retention. */
  events?: Partial<EventsConfig>;
  /** The WebSocket clients' buffer limit. */
  wsBufferLimit?: number;
  /** The `default` session's config (e.g. its webhooks). */
  config?: Record<string, unknown>;
  /** The app's logger. @default none */
  logger?: FastifyBaseLogger;
}

/** A test app and the world behind its sessions. */
export interface TestApp {
  app: App;
  world: MemoryWorld;
  headers: Record<string, string>;
  close(): Promise<void>;
}

/** Builds an app with one memory world shared by its sessions; waits until `default` is WORKING. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const world = createMemoryWorld();
  await world.seedHistory(options.seed ?? SEED);
  const { store, close: closeStore } = await openTestStore();
  const engine = () =>
    createMemoryEngine({
      world,
      autoPair: options.autoPair ?? true,
      disable: options.disable ?? [],
    });
  const apiKey = options.apiKey === undefined ? "test-key" : options.apiKey;
  const app = await buildApp({
    store: options.wrapStore ? options.wrapStore(store) : store,
    apiKey,
    httpCache: options.httpCache ?? {},
    ...(options.apiKeyExcludePaths ? { apiKeyExcludePaths: options.apiKeyExcludePaths } : {}),
    logger: options.logger ?? false,
    defaultEngine: "memory",
    engines: { memory: async () => ({ createEngine: engine }) },
    sessionWait: { runningMs: 30, statusMs: 300, pollMs: 5 },
    ...(options.events ? { events: options.events } : {}),
    ...(options.wsBufferLimit ? { wsBufferLimit: options.wsBufferLimit } : {}),
  });
  const headers: Record<string, string> = apiKey ? { "x-api-key": apiKey } : {};
  if (options.session !== false) {
    await app.inject({
      method: "POST",
      url: "/api/sessions",
      headers,
      payload: { name: "default", ...(options.config ? { config: options.config } : {}) },
    });
    if (options.autoPair !== false) {
      await waitWorking(app, "default");
      await waitHistory(app, "default", options.seed ?? SEED);
    }
  }
  return {
    app,
    world,
    headers,
    close: async () => {
      await app.close();
      await closeStore();
    },
  };
}

/** Polls until a session is WORKING (the engine syncs history first). */
export async function waitWorking(app: App, name: string, timeoutMs = 3000): Promise<void> {
  await waitUntil(() => app.ctx.sessions.live(name)?.status === "WORKING", timeoutMs);
}

/** Polls until the seeded history is in the store (engines sync it after WORKING). */
export async function waitHistory(app: App, name: string, seed: HistorySeed): Promise<void> {
  const total = seed.chats.reduce((sum, chat) => sum + chat.messages.length, 0);
  await waitUntil(async () => (await app.ctx.store.counts(name)).messages >= total);
}

/** Polls a condition every 5 ms. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
