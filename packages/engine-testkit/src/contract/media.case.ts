/** @module Contract cases: media messages (`messages.media`): described without a download, fetched whole. */
import { randomBytes } from "node:crypto";
import type { StoredMessage } from "@wa/core";
import { expect } from "vitest";
import type { RecordingContext } from "../recording/context.ts";
import { findById } from "./expect.ts";
import { ALICE, IDS } from "./fixture.ts";
import type { CaseRegistry, CaseRun } from "./types.ts";

/** Registers the media cases. */
export function mediaCases(registry: CaseRegistry): void {
  const noMediaWorld = registry.probeWorld.pushIncomingMedia
    ? null
    : "the world cannot send media (WorldControl.pushIncomingMedia)";

  registry.case(
    "an incoming file is a media message whose attachment downloads byte for byte",
    async (run) => {
      const data = randomBytes(150_000);
      const recording = await run.startPaired();
      const image = { type: "image", data, mimetype: "image/jpeg", caption: "a cat" } as const;
      const stored = await receiveFile(run, recording, image);
      expect(stored.kind).toBe("media");
      expect(stored.message).toMatchObject({ hasMedia: true, media: null, body: "a cat" });
      const attachment = run.engine.getMedia?.(stored.message);
      expect(attachment).toMatchObject({
        type: "image",
        mimetype: "image/jpeg",
        size: data.length,
      });
      const stream = await attachment?.download({ signal: AbortSignal.timeout(run.timeoutMs) });
      const chunks: Buffer[] = [];
      for await (const chunk of stream ?? []) chunks.push(Buffer.from(chunk));
      expect(Buffer.concat(chunks).equals(data)).toBe(true);
    },
    { needs: ["messages.media"], skipReason: noMediaWorld },
  );

  registry.case(
    "a document keeps its file name and a voice note is typed voice",
    async (run) => {
      const recording = await run.startPaired();
      const pdf = {
        type: "document",
        data: randomBytes(100),
        mimetype: "application/pdf",
      } as const;
      const doc = await receiveFile(run, recording, { ...pdf, filename: "offer.pdf" });
      expect(run.engine.getMedia?.(doc.message)).toMatchObject({
        type: "document",
        filename: "offer.pdf",
      });
      const ogg = "audio/ogg; codecs=opus";
      const note = { type: "voice", data: randomBytes(100), mimetype: ogg } as const;
      const voice = await receiveFile(run, recording, note);
      expect(run.engine.getMedia?.(voice.message)).toMatchObject({ type: "voice", mimetype: ogg });
    },
    { needs: ["messages.media"], skipReason: noMediaWorld },
  );

  registry.case(
    "a text message has no attachment",
    async (run) => {
      const recording = await run.startPaired();
      const batch = recording.ofType("history.batch").flatMap((b) => b.messages);
      const text = findById(batch, IDS.aliceHello);
      expect(text?.message.hasMedia).toBe(false);
      expect(text && run.engine.getMedia?.(text.message)).toBeNull();
    },
    { needs: ["messages.media"] },
  );
}

// --- internal ---

type FileInput = Parameters<NonNullable<CaseRun["world"]["pushIncomingMedia"]>>[1];

/** A contact sends `file`; resolves with the message the engine emitted for it. */
async function receiveFile(
  run: CaseRun,
  recording: RecordingContext,
  file: FileInput,
): Promise<StoredMessage> {
  const push = run.world.pushIncomingMedia;
  if (!push) throw new Error("unreachable: the case is skipped without pushIncomingMedia");
  const { id } = await push(ALICE, file);
  const event = await recording.waitForEvent("message.upsert", (e) =>
    e.messages.some((m) => m.key.id === id),
  );
  return findById(event.messages, id) as StoredMessage;
}
