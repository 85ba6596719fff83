/**
 * @module The memory engine's media (capability `messages.media`): a message's file is the plain
 * data its world message holds, streamed in slices; a file the world no longer has fails the
 * download with `WA_MEDIA_FAILED`, as a file WhatsApp lost would.
 */
import { type MediaAttachment, parseMessageId, type WaEngine, WaError } from "@wa/core";
import type { SeedMedia } from "../world.ts";
import { ENGINE_NAME } from "./capabilities.ts";
import type { MemoryConnection } from "./connection.ts";

/** Slice size of a memory download. */
const SLICE_BYTES = 64 * 1024;

/** The memory engine's `getMedia`. */
export function createMemoryMedia(
  connection: MemoryConnection,
): Pick<Required<WaEngine>, "getMedia"> {
  const fileOf = (messageId: string): SeedMedia | undefined => {
    const key = parseMessageId(messageId);
    return connection.working().link.findMessage(key.chatId, key.id)?.media;
  };
  return {
    getMedia(message): MediaAttachment | null {
      const media = message.hasMedia ? fileOf(message.id) : undefined;
      if (!media) return null;
      return {
        type: media.type,
        mimetype: media.mimetype,
        filename: media.filename ?? null,
        size: bytesOf(media).length,
        async download({ signal }) {
          const current = fileOf(message.id);
          if (!current)
            throw new WaError(
              "WA_MEDIA_FAILED",
              `[wa:${ENGINE_NAME}] the world no longer has the file of ${message.id}.`,
              { engine: ENGINE_NAME },
            );
          return slices(bytesOf(current), signal);
        },
      };
    },
  };
}

// --- internal ---

function bytesOf(media: SeedMedia): Uint8Array {
  return typeof media.data === "string" ? Buffer.from(media.data, "base64") : media.data;
}

async function* slices(bytes: Uint8Array, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += SLICE_BYTES) {
    signal.throwIfAborted();
    yield bytes.subarray(start, start + SLICE_BYTES);
  }
}
