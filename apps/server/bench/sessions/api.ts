/**
 * @module The benchmark's HTTP client of the server and the pairing flow a user would follow:
 * create the session, read the raw QR, have the simulated phone scan it, wait for WORKING, then wait
 * until the seeded history is in the store.
 */
import type { HistorySeed } from "@wa/engine-testkit";
import type { SimulatorProcess } from "./simulator-process.ts";

/** A minimal JSON client with the API key. */
export interface Api {
  get(path: string): Promise<{ status: number; body: unknown }>;
  post(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A client of `baseUrl` sending `X-Api-Key`. */
export function createApi(baseUrl: string, apiKey: string): Api {
  const request = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        "x-api-key": apiKey,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
  return { get: (path) => request("GET", path), post: (path, body) => request("POST", path, body) };
}

/** Polls `check` every `everyMs` until it returns a value, or throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The small history each session's phone syncs: `chats` chats × `messages` messages. */
export function benchSeed(chats: number, messages: number): HistorySeed {
  const now = Math.floor(Date.now() / 1000);
  return {
    chats: Array.from({ length: chats }, (_, c) => ({
      id: `1415555${String(c).padStart(4, "0")}@c.us`,
      name: `Contact ${c}`,
      messages: Array.from({ length: messages }, (_, m) => ({
        fromMe: m % 2 === 0,
        text: `message ${m} of chat ${c}`,
        timestamp: now - 3600 + c * 60 + m,
      })),
    })),
  };
}

/**
 * Creates and pairs one session; resolves with the ms from `POST /api/sessions` to WORKING, after
 * the seeded history (every chat with all its messages) is readable through the chats API.
 */
export async function pairSession(
  api: Api,
  sim: SimulatorProcess,
  name: string,
  seed: HistorySeed,
): Promise<number> {
  await sim.call("seedHistory", name, seed);
  const started = performance.now();
  const created = await api.post("/api/sessions", { name, start: true });
  if (created.status !== 201) throw new Error(`create ${name}: ${created.status}`);
  // The QR route waits for SCAN_QR_CODE itself (10 s); a 422 means not yet.
  const qr = await until(
    `${name} QR`,
    async () => {
      const answer = await api.get(`/api/${name}/auth/qr?format=raw`);
      return answer.status === 200 ? (answer.body as { value: string }).value : undefined;
    },
    60_000,
  );
  await sim.call("scanQr", name, qr);
  await until(
    `${name} WORKING`,
    async () => {
      const status = ((await api.get(`/api/sessions/${name}`)).body as { status?: string }).status;
      if (status === "FAILED") throw new Error(`${name} FAILED while pairing`);
      return status === "WORKING" ? true : undefined;
    },
    60_000,
    50,
  );
  const workingMs = performance.now() - started;
  await waitForHistory(api, name, seed);
  return workingMs;
}

/** Waits until every seeded chat lists all its seeded messages. */
async function waitForHistory(api: Api, name: string, seed: HistorySeed): Promise<void> {
  await until(
    `${name} history`,
    async () => {
      for (const chat of seed.chats) {
        const path = `/api/${name}/chats/${encodeURIComponent(chat.id)}/messages?limit=100`;
        const answer = await api.get(path);
        if (answer.status !== 200) return undefined;
        if ((answer.body as unknown[]).length < chat.messages.length) return undefined;
      }
      return true;
    },
    60_000,
    200,
  );
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
