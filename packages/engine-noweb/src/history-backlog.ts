/**
 * @module Back-pressure for history sync. Baileys emits history chunks without waiting for anyone,
 * and the engine's serial queue holds each until the store has applied it; when the store is
 * slower than the phone (a slow disk, a busy machine), that queue would hold the whole history.
 * The backlog counts the history messages queued and not yet applied; above its bound it pauses
 * reading from the WhatsApp socket (TCP then holds the rest at the sender), and resumes once the
 * store has brought it down to half. A pause lasts as long as the store needs for the bound's
 * worth of messages: far below Baileys' keep-alive window (30 s + 5 s) for any sane bound.
 */

/** What reading can be paused on: the `ws` WebSocket under Baileys' socket client. */
export interface PausableReader {
  pause(): void;
  resume(): void;
}

/** A snapshot for observers (metrics, tests). */
export interface HistoryBacklogState {
  /** History messages queued and not yet applied. */
  pending: number;
  /** Whether reading from the socket is paused right now. */
  paused: boolean;
}

/** Options of {@link createHistoryBacklog}. */
export interface HistoryBacklogOptions {
  /** Pause reading above this many queued history messages (default 20,000). */
  maxMessages?: number;
  /** Told every change of the backlog. */
  onChange?(state: HistoryBacklogState): void;
}

/** The backlog of one connection. */
export interface HistoryBacklog {
  /** `count` history messages were queued; call the returned function once they are applied. */
  add(count: number): () => void;
  /** The socket reading now (a new one after a reconnect); paused at once if over the bound. */
  attach(reader: PausableReader | undefined): void;
  /** The current state. */
  state(): HistoryBacklogState;
}

export const DEFAULT_HISTORY_BACKLOG_MESSAGES = 20_000;

export function createHistoryBacklog(options: HistoryBacklogOptions = {}): HistoryBacklog {
  const max = options.maxMessages ?? DEFAULT_HISTORY_BACKLOG_MESSAGES;
  let pending = 0;
  let paused = false;
  let reader: PausableReader | undefined;

  const state = (): HistoryBacklogState => ({ pending, paused });
  const settle = () => {
    if (!paused && pending > max) {
      paused = true;
      reader?.pause();
    } else if (paused && pending <= max / 2) {
      paused = false;
      reader?.resume();
    }
    options.onChange?.(state());
  };

  return {
    add(count) {
      if (count === 0) return () => {};
      pending += count;
      settle();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        pending -= count;
        settle();
      };
    },
    attach(next) {
      reader = next;
      if (paused) reader?.pause();
    },
    state,
  };
}
