/**
 * @module The set-up the webhook test files share: the test's app and receivers started on demand
 * and closed after each test, the session webhook they subscribe with, and reads of what arrived
 * and of the session's delivery log.
 */
import { afterEach } from "vitest";
import { createTestApp, type TestApp, type TestAppOptions } from "./helpers.ts";
import { type Receiver, startReceiver } from "./webhook-receiver.ts";

/** What {@link useWebhookTest} gives the tests of a `describe`. */
export interface WebhookTest {
  /** Starts a receiver, closed after the test. */
  receiver(): Promise<Receiver>;
  /** Creates the test's app, closed after the test (before its receivers). */
  createApp(options?: TestAppOptions): Promise<TestApp>;
}

/** Call inside a `describe`: the app and receivers of each of its tests, closed after it. */
export function useWebhookTest(): WebhookTest {
  const receiver = useReceivers();
  let app: TestApp | undefined;
  // Registered after the receivers' hook, so it runs first: the app stops sending before they go.
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  return {
    receiver,
    async createApp(options) {
      app = await createTestApp(options);
      return app;
    },
  };
}

/**
 * Returns a function starting a receiver; the receivers a test started are closed after it. Call
 * it inside a `describe`, before the hook that closes the app: after-hooks run last-registered
 * first, so the app stops sending before its receivers go.
 */
export function useReceivers(): () => Promise<Receiver> {
  let receivers: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    receivers = [];
  });
  return async () => {
    const started = await startReceiver();
    receivers.push(started);
    return started;
  };
}

/** A session webhook to `url` for the events the tests cause, with `extra` fields. */
export const hook = (url: string, extra: Record<string, unknown> = {}) => ({
  url,
  events: ["message", "message.any", "session.status", "chat.archive"],
  ...extra,
});

/** The envelopes of `event` the receiver accepted, in arrival order. */
export const messages = (r: Receiver, event = "message") =>
  r.accepted().filter((e) => e.event === event);

/** The session's delivery log (newest first). */
export async function deliveries(app: TestApp, query = "") {
  const url = `/api/default/events/deliveries${query}`;
  return (await app.app.inject({ method: "GET", url, headers: app.headers })).json();
}
