/** @module The engine over a fake socket: capabilities, status mapping, reconnects, logout, creds. */
import { CAPABILITY_KEYS, CAPABILITY_METHODS, isWaError } from "@wa/core";
import { describe, expect, it } from "vitest";
import { ALICE, started, until } from "../test/engine-harness.ts";
import { boom, createFakeSocketFactory } from "../test/fake-socket.ts";
import {
  createMemoryAuthStore,
  createRecordingContext,
  statusesOf,
} from "../test/memory-context.ts";
import { CREDS_KEY } from "./auth-state.ts";
import { createEngine, createNowebEngine } from "./engine.ts";

describe("capabilities", () => {
  it("are complete, and a flag is true iff the method exists", () => {
    const engine = createNowebEngine({});
    for (const key of CAPABILITY_KEYS) {
      expect(typeof engine[CAPABILITY_METHODS[key]] === "function").toBe(engine.capabilities[key]);
    }
    expect(engine.info).toMatchObject({ name: "noweb", library: "baileys" });
    expect(createEngine).toBe(createNowebEngine);
  });
});

describe("status mapping and reconnect policy", () => {
  it("goes STARTING → SCAN_QR_CODE (with the qr) → WORKING (with me)", async () => {
    const { ctx, fake } = await started();
    fake.last().emit("connection.update", { qr: "2@ref,noise,identity,adv" });
    fake.last().open();
    await until(() =>
      expect(statusesOf(ctx.events)).toEqual(["STARTING", "SCAN_QR_CODE", "WORKING"]),
    );
    expect(ctx.events).toContainEqual({
      type: "session.status",
      status: "SCAN_QR_CODE",
      qr: "2@ref,noise,identity,adv",
    });
    expect(ctx.events.at(-1)).toEqual({
      type: "session.status",
      status: "WORKING",
      me: {
        id: "14155550100@c.us",
        pushName: "Me",
        jid: "14155550100@s.whatsapp.net",
        lid: "99887766@lid",
      },
    });
  });

  it("passes the connection settings and auth to Baileys", async () => {
    const fake = createFakeSocketFactory();
    const engine = createNowebEngine({
      socketFactory: fake.factory,
      waWebSocketUrl: "ws://127.0.0.1:1/ws/chat",
      markOnlineOnConnect: false,
      browser: ["a", "b", "c"],
    });
    await engine.start(createRecordingContext());
    expect(fake.last().config).toMatchObject({
      waWebSocketUrl: "ws://127.0.0.1:1/ws/chat",
      markOnlineOnConnect: false,
      browser: ["a", "b", "c"],
      syncFullHistory: false,
    });
    expect(
      (fake.last().config.auth as { creds: { noiseKey: unknown } }).creds.noiseKey,
    ).toBeDefined();
  });

  it("rejects a certificate pin of the wrong length, naming the option", async () => {
    const fake = createFakeSocketFactory();
    const engine = createNowebEngine({
      socketFactory: fake.factory,
      certPublicKey: new Uint8Array(5),
    });
    const error = await engine.start(createRecordingContext()).catch((e: unknown) => e);
    expect(isWaError(error) && error.code).toBe("WA_VALIDATION_FAILED");
    expect(String(error)).toContain("certPublicKey");
    expect(fake.sockets).toHaveLength(0);
  });

  it("takes the pin in base64 (as wa-sandbox prints it), and says so when given hex", async () => {
    const hex = "ab".repeat(32);
    const fake = createFakeSocketFactory();
    const engine = createNowebEngine({ socketFactory: fake.factory, certPublicKey: hex });
    const error = await engine.start(createRecordingContext()).catch((e: unknown) => e);
    expect(isWaError(error) && error.code).toBe("WA_VALIDATION_FAILED");
    expect(String(error)).toMatch(/base64.*got 48 bytes/);
  });

  it("restarts at once after pairing (515) without failing", async () => {
    const { ctx, fake } = await started();
    fake.last().emit("connection.update", { qr: "qr" });
    await fake.last().end(boom("Stream Errored (restart required)", 515));
    await until(() => expect(fake.sockets).toHaveLength(2));
    fake.last().open();
    await until(() => expect(statusesOf(ctx.events).at(-1)).toBe("WORKING"));
    expect(statusesOf(ctx.events)).not.toContain("FAILED");
  });

  it("after pairing, a failed login reconnects instead of failing as an unscanned QR", async () => {
    const { ctx, fake } = await started();
    fake.last().emit("connection.update", { qr: "qr" });
    await fake.last().end(boom("Stream Errored (restart required)", 515));
    await until(() => expect(fake.sockets).toHaveLength(2));
    await fake.last().end(boom("Connection was lost", 408));
    await until(() => expect(fake.sockets).toHaveLength(3));
    expect(statusesOf(ctx.events)).toEqual(["STARTING", "SCAN_QR_CODE", "STARTING"]);
  });

  it("reconnects with backoff after a lost connection", async () => {
    const { ctx, fake } = await started();
    fake.last().open();
    await fake.last().end(boom("Connection was lost", 408));
    await until(() => expect(fake.sockets).toHaveLength(2));
    fake.last().open();
    await until(() =>
      expect(statusesOf(ctx.events)).toEqual(["STARTING", "WORKING", "STARTING", "WORKING"]),
    );
  });

  it("stores the history a dropped socket still hands over (acknowledged on arrival, never sent again)", async () => {
    const { ctx, fake } = await started();
    fake.last().open();
    const dropped = fake.last();
    await dropped.end(boom("Connection was lost", 408));
    await until(() => expect(fake.sockets).toHaveLength(2));
    const message = {
      key: { remoteJid: ALICE, fromMe: false, id: "3EBLATECHUNK" },
      messageTimestamp: 1764140000,
      message: { conversation: "from a chunk that finished after the drop" },
    };
    dropped.emit("messaging-history.set", {
      chats: [],
      contacts: [],
      messages: [message as never],
      progress: 50,
      isLatest: false,
    } as never);
    await until(() =>
      expect(
        ctx.events.some(
          (e) => e.type === "history.batch" && e.messages.some((m) => m.key.id === "3EBLATECHUNK"),
        ),
      ).toBe(true),
    );
    // Its connection events stay stale: no status from the dropped socket.
    dropped.emit("connection.update", { connection: "open" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(statusesOf(ctx.events)).toEqual(["STARTING", "WORKING", "STARTING"]);
  });

  it("fails and clears credentials when logged out (401)", async () => {
    const store = createMemoryAuthStore();
    const { ctx, fake } = await started({}, store);
    fake.last().emit("creds.update", {});
    fake.last().open();
    await until(() => expect(store.size()).toBeGreaterThan(0));
    await fake.last().end(boom("Stream Errored (conflict)", 401));
    await until(() => expect(statusesOf(ctx.events).at(-1)).toBe("FAILED"));
    expect(store.size()).toBe(0);
    expect(fake.sockets).toHaveLength(1);
    expect(ctx.events.at(-1)).toMatchObject({ reason: expect.stringContaining("logged out") });
    // The dead socket saving creds afterwards does not resurrect the session.
    fake.last().emit("creds.update", {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.size()).toBe(0);
  });

  it("fails when the QR is never scanned", async () => {
    const { ctx, fake } = await started();
    fake.last().emit("connection.update", { qr: "qr" });
    await fake.last().end(boom("QR refs attempts ended", 408));
    await until(() => expect(statusesOf(ctx.events).at(-1)).toBe("FAILED"));
    expect(fake.sockets).toHaveLength(1);
  });

  it("stop() closes without reconnecting, and is idempotent", async () => {
    const { engine, ctx, fake } = await started();
    fake.last().open();
    await engine.stop();
    await engine.stop();
    expect(statusesOf(ctx.events).filter((s) => s === "STOPPED")).toHaveLength(1);
    expect(fake.last().calls.map((c) => c.method)).toContain("end");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.sockets).toHaveLength(1);
    expect(statusesOf(ctx.events).at(-1)).toBe("STOPPED");
  });

  it("logout() unlinks the device and forgets the credentials", async () => {
    const store = createMemoryAuthStore();
    const { engine, ctx, fake } = await started({}, store);
    fake.last().emit("creds.update", {});
    fake.last().open();
    await until(() => expect(statusesOf(ctx.events).at(-1)).toBe("WORKING"));
    await engine.logout();
    expect(fake.last().calls.map((c) => c.method)).toContain("logout");
    expect(store.size()).toBe(0);
    expect(fake.sockets).toHaveLength(1);
    expect(ctx.events.at(-1)).toEqual({
      type: "session.status",
      status: "FAILED",
      reason: "logged out",
    });
  });

  it("persists creds so a restart reuses them (no new QR)", async () => {
    const store = createMemoryAuthStore();
    const first = await started({}, store);
    first.fake.last().emit("creds.update", { me: { id: "14155550100:7@s.whatsapp.net" } });
    await until(() => expect(store.setManyCalls.length).toBeGreaterThan(0));
    const saved = JSON.parse((await store.get(CREDS_KEY)) ?? "{}");
    await first.engine.stop();

    const second = await started({}, store);
    const creds = (second.fake.last().config.auth as { creds: { noiseKey: { public: Buffer } } })
      .creds;
    expect(Buffer.from(creds.noiseKey.public).toString("base64")).toBe(saved.noiseKey.public.data);
  });
});
