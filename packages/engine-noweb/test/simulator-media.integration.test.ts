/**
 * @module NOWEB media with the real Baileys against the simulator's HTTPS media host: a stored
 * message's attachment is described without a request and downloaded (decrypted by Baileys) byte
 * for byte; an expired file goes through the media re-upload request; a corrupt one fails.
 */
import { randomBytes } from "node:crypto";
import { buildMessageId, isWaError, type StoredMessage } from "@wa/core";
import { createSimulator, type Simulator } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNowebEngine } from "../src/engine.ts";
import { findEventually } from "./find-eventually.ts";
import { createRecordingContext } from "./memory-context.ts";

const ALICE = "14155550133@c.us";
const SESSION = "noweb-media";
let sim: Simulator;
const ctx = createRecordingContext();
let engine: ReturnType<typeof createNowebEngine>;

beforeAll(async () => {
  sim = await createSimulator({ receiptDelayMs: 50 });
  engine = createNowebEngine({
    waWebSocketUrl: sim.url,
    certPublicKey: sim.certRootPublicKey,
    mediaDispatcher: sim.mediaDispatcher,
    markOnlineOnConnect: false,
    defaultQueryTimeoutMs: 5_000,
    socketConfig: { connectTimeoutMs: 5_000 },
  });
  await engine.start(ctx);
  const qr = await findEventually(() =>
    ctx.events.flatMap((e) => (e.type === "session.status" && e.qr ? [e.qr] : [])).at(-1),
  );
  await sim.scanQr(SESSION, qr);
  await findEventually(() =>
    ctx.events.some((e) => e.type === "session.status" && e.status === "WORKING"),
  );
}, 30_000);
afterAll(async () => {
  await engine?.stop();
  await sim?.close();
});

async function received(data: Buffer, type: "image" | "video" = "image"): Promise<StoredMessage> {
  const mimetype = type === "image" ? "image/jpeg" : "video/mp4";
  const { id } = await sim.pushIncomingMedia(SESSION, ALICE, { type, data, mimetype });
  return findEventually(() => ctx.stored.get(buildMessageId({ fromMe: false, chatId: ALICE, id })));
}

async function downloaded(stored: StoredMessage): Promise<Buffer> {
  const attachment = engine.getMedia?.(stored.message);
  const stream = await attachment?.download({ signal: AbortSignal.timeout(15_000) });
  const chunks: Buffer[] = [];
  for await (const chunk of stream ?? []) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const statuses = (id: string) =>
  sim
    .mediaRequests(SESSION)
    .filter((r) => r.messageId === id)
    .map((r) => r.status);

describe("NOWEB media against the simulator", { timeout: 30_000 }, () => {
  it("describes the attachment without a request, then downloads it byte for byte", async () => {
    const data = randomBytes(200_000);
    const stored = await received(data);
    const attachment = engine.getMedia?.(stored.message);
    expect(attachment).toMatchObject({ type: "image", mimetype: "image/jpeg", size: data.length });
    expect(statuses(stored.key.id)).toEqual([]);
    expect((await downloaded(stored)).equals(data)).toBe(true);
    expect(statuses(stored.key.id)).toEqual([200]);
  });

  it("asks the phone to upload an expired file again (410), then downloads it", async () => {
    const data = randomBytes(40_000);
    const stored = await received(data);
    sim.expireMedia(SESSION, stored.key.id);
    expect((await downloaded(stored)).equals(data)).toBe(true);
    expect(statuses(stored.key.id)).toEqual([410, 200]);
  });

  it("fails a corrupt file with WA_MEDIA_FAILED (its SHA-256 differs)", async () => {
    const stored = await received(randomBytes(64_000), "video");
    sim.corruptMedia(SESSION, stored.key.id);
    const error = await downloaded(stored).catch((e: unknown) => e);
    expect(isWaError(error) && error.code).toBe("WA_MEDIA_FAILED");
  });

  it("has no attachment for a text message", async () => {
    const { id } = await sim.pushIncomingText(SESSION, ALICE, "plain");
    const stored = await findEventually(() =>
      ctx.stored.get(buildMessageId({ fromMe: false, chatId: ALICE, id })),
    );
    expect(engine.getMedia?.(stored.message)).toBeNull();
  });
});
