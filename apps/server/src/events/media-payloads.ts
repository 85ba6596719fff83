/**
 * @module `media` in the payloads of `message` and `message.any` events (waha-compat §6.3), as the
 * messages routes fill it: the stored payload names no file, so before an envelope is written the
 * message's file is downloaded (once, shared with every read) and its `{url, mimetype, filename}`
 * joined in. Other events, messages without media, media turned off and stopped sessions pass as
 * they are.
 */
import type { EngineRuntime } from "@wa/core";
import type { OutboxEvent } from "@wa/store";
import type { MediaService } from "../media/media-service.ts";

/** Turns a stored event into the one clients get. */
export type EventPayloads = (event: OutboxEvent) => Promise<OutboxEvent>;

/** Events whose payload is a WAMessage. */
const MESSAGE_EVENTS = new Set(["message", "message.any"]);

/** Options of {@link createMediaPayloads}. */
export interface MediaPayloadsOptions {
  media: MediaService;
  /** The session's running engine, if any (downloads need it). */
  runtimeOf(session: string): EngineRuntime | undefined;
  /** `scheme://host[:port]` of file URLs when `WAHA_BASE_URL` is unset (there is no request). */
  origin(): string;
}

/** Fills `media` of message events when media downloads are on. */
export function createMediaPayloads(options: MediaPayloadsOptions): EventPayloads {
  const { media } = options;
  return async (event) => {
    if (!media.settings.enabled || !MESSAGE_EVENTS.has(event.event)) return event;
    // Cheap test on the stored text: most messages carry no media.
    if (!event.payload.includes('"hasMedia":true')) return event;
    const runtime = options.runtimeOf(event.session);
    if (!runtime) return event;
    const origin = media.settings.baseUrl ?? options.origin();
    const [payload] = await media.withMedia(event.session, runtime, [event.payload], origin);
    return payload === undefined || payload === event.payload ? event : { ...event, payload };
  };
}

/** Passes events as stored (no media service). */
export const storedPayloads: EventPayloads = async (event) => event;
