/**
 * @module Media as WhatsApp serves it: the real Baileys receives media messages (live, own, history)
 * from the simulator, downloads them over HTTPS from the loopback media host and decrypts them with
 * its own code; an expired file goes through Baileys' re-upload request.
 */
import { randomBytes } from "node:crypto";
import { downloadMediaMessage, type WAMessage } from "@whiskeysockets/baileys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, pinSimulatorCertRoot, type Simulator } from "../src/index.ts";
import { pairClient, type TestClient } from "./helpers/baileys-client.ts";

const ALICE = "12025550701@c.us";
const S = "media-1";
let sim: Simulator;
let client: TestClient;

beforeAll(async () => {
  pinSimulatorCertRoot();
  sim = await createSimulator({ receiptDelayMs: 20 });
  sim.seedHistory(S, {
    chats: [
      {
        id: ALICE,
        messages: [
          {
            id: "HISTDOC1",
            fromMe: false,
            text: "the contract",
            timestamp: 1_700_000_000,
            media: {
              type: "document",
              data: "JVBERi0xLjQK",
              mimetype: "application/pdf",
              filename: "contract.pdf",
            },
          },
        ],
      },
    ],
  });
  client = await pairClient(sim, S);
}, 30_000);
afterAll(async () => {
  client?.stop();
  await sim?.close();
});

async function upserted(id: string): Promise<WAMessage> {
  const batch = await client.waitFor("messages.upsert", (u) =>
    u.messages.some((m) => m.key.id === id),
  );
  return batch.messages.find((m) => m.key.id === id) as WAMessage;
}

const download = async (message: WAMessage) =>
  (await downloadMediaMessage(message, "buffer", {
    options: { dispatcher: sim.mediaDispatcher } as never,
  })) as Buffer;

describe("simulated WhatsApp media", { timeout: 30_000 }, () => {
  it.each([
    ["image", "imageMessage", "image/jpeg"],
    ["video", "videoMessage", "video/mp4"],
    ["audio", "audioMessage", "audio/mpeg"],
    ["voice", "audioMessage", "audio/ogg; codecs=opus"],
    ["document", "documentMessage", "application/pdf"],
    ["sticker", "stickerMessage", "image/webp"],
  ] as const)(
    "a contact's %s arrives as %s and Baileys downloads it",
    async (type, field, mimetype) => {
      const data = randomBytes(50_000 + type.length);
      const { id } = await sim.pushIncomingMedia(S, ALICE, {
        type,
        data,
        mimetype,
        filename: "f.bin",
        caption: "look",
      });
      const message = await upserted(id);
      const content = (message.message as Record<string, any>)[field];
      expect(content.mimetype).toBe(mimetype);
      expect(content.url).toContain(sim.mediaHost);
      if (type === "voice") expect(content.ptt).toBe(true);
      expect(await download(message)).toEqual(data);
      expect(
        sim
          .mediaRequests(S)
          .filter((r) => r.messageId === id)
          .map((r) => r.status),
      ).toEqual([200]);
    },
  );

  it("history and the phone's own messages carry files too", async () => {
    const history = await client.waitFor("messaging-history.set", (h) =>
      h.messages.some((m) => m.key.id === "HISTDOC1"),
    );
    const doc = history.messages.find((m) => m.key.id === "HISTDOC1") as WAMessage;
    expect(doc.message?.documentMessage?.fileName).toBe("contract.pdf");
    expect((await download(doc)).toString("base64")).toBe("JVBERi0xLjQK");
    const data = randomBytes(1000);
    const { id } = sim.pushPhoneSentMedia(S, ALICE, { type: "image", data, mimetype: "image/png" });
    const own = await upserted(id);
    expect(own.key.fromMe).toBe(true);
    expect(await download(own)).toEqual(data);
  });

  it("an expired file answers 410, and Baileys' re-upload request brings a new path", async () => {
    const data = randomBytes(3000);
    const { id } = await sim.pushIncomingMedia(S, ALICE, {
      type: "image",
      data,
      mimetype: "image/jpeg",
    });
    const message = await upserted(id);
    sim.expireMedia(S, id);
    await expect(download(message)).rejects.toMatchObject({ output: { statusCode: 410 } });
    const socket = client.socket();
    await socket.refreshMediaConn(true);
    const updated = await socket.updateMediaMessage(message);
    expect(updated.message?.imageMessage?.url).toContain(sim.mediaHost);
    expect(await download(updated)).toEqual(data);
    expect(
      sim
        .mediaRequests(S)
        .filter((r) => r.messageId === id)
        .map((r) => r.status),
    ).toEqual([410, 200]);
  });

  it("a corrupted file no longer decrypts to the original", async () => {
    const data = randomBytes(5000);
    const { id } = await sim.pushIncomingMedia(S, ALICE, {
      type: "video",
      data,
      mimetype: "video/mp4",
    });
    const message = await upserted(id);
    sim.corruptMedia(S, id);
    const result = await download(message).catch((error: unknown) => error);
    expect(result).not.toEqual(data);
  });
});
