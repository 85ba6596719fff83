/**
 * @module The receipt gate: an incoming message is acknowledged to WhatsApp (the `receipt` or `ack`
 * Baileys sends for its stanza) only once the engine's sink has applied it. A crash before the store
 * committed a message then leaves it unacknowledged, and WhatsApp delivers it again on the next login.
 *
 * Baileys sends that receipt before it even emits the message, from code we cannot reach, so the gate
 * sits on the wire. Noise frames are numbered and cannot be reordered, so from a gated receipt on every
 * later frame waits behind it too; Baileys is told each held frame was sent, or it would wait for a
 * receipt that can only go out after the message it is still handling is applied.
 */

/** A frame's completion callback (the `ws` send callback). */
export type SendCallback = (error?: Error) => void;

/** What Baileys is about to put on the wire: the tag and attributes of the node. */
export interface OutgoingNode {
  tag: string;
  attrs: Record<string, string>;
}

/** Options of {@link createReceiptGate}. */
export interface ReceiptGateOptions {
  /** Puts a frame on the real wire. */
  write(frame: unknown, callback: SendCallback): void;
  /**
   * How long a receipt waits for a message Baileys never emitted (it acks some undecryptable
   * placeholders without emitting them) before it goes out anyway. Never applies to a message the
   * sink received: those wait for the sink, however long it takes.
   */
  orphanAfterMs?: number;
  /** Told when an orphaned receipt is released. */
  onOrphan?(id: string): void;
  /** Told when a released frame fails to send (the socket is closing). */
  onWriteError?(error: Error): void;
}

/** The gate of one socket. */
export interface ReceiptGate {
  /** A message stanza arrived (before Baileys handles it): its receipt must wait for the sink. */
  arrived(id: string): void;
  /** Baileys is about to send `node`: the next frame written is that node. */
  nextNode(node: OutgoingNode): void;
  /** Writes a frame, or holds it (calling `callback` at once) behind a receipt that must wait. */
  send(frame: unknown, callback?: SendCallback): void;
  /** The sink got these messages (their store write is under way): they never count as orphans. */
  upserted(ids: readonly string[]): void;
  /** The sink applied these messages: their receipts may go. */
  applied(ids: readonly string[]): void;
  /** The socket is gone: held frames are dropped, so what they acknowledged comes again. */
  close(): void;
  /** Frames held right now. */
  held(): number;
  /** Messages that arrived and are not applied yet. */
  pending(): number;
}

const DEFAULT_ORPHAN_AFTER_MS = 60_000;

interface HeldFrame {
  frame: unknown;
  /** The message whose receipt this frame is: it waits until that message is applied. */
  waitsFor?: string;
}

/** Creates the gate of one socket. */
export function createReceiptGate(options: ReceiptGateOptions): ReceiptGate {
  const orphanAfterMs = options.orphanAfterMs ?? DEFAULT_ORPHAN_AFTER_MS;
  /** Arrived and not applied, by id: true once the sink has it (never an orphan then). */
  const pending = new Map<string, boolean>();
  const queue: HeldFrame[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let next: OutgoingNode | undefined;
  let closed = false;

  const write = (frame: unknown) =>
    options.write(frame, (error) => {
      if (error) options.onWriteError?.(error);
    });

  const flush = () => {
    while (queue.length > 0) {
      const head = queue[0] as HeldFrame;
      if (head.waitsFor !== undefined && pending.has(head.waitsFor)) return;
      queue.shift();
      write(head.frame);
    }
  };

  /** The id this node acknowledges, if it acknowledges a message still waiting for the sink. */
  const gatedId = (node: OutgoingNode | undefined): string | undefined => {
    if (!node || (node.tag !== "receipt" && node.tag !== "ack")) return undefined;
    const id = node.attrs.id;
    if (id === undefined || !pending.has(id)) return undefined;
    // A nack or a retry request asks WhatsApp to try again: it acknowledges nothing.
    if ((node.tag === "ack" && node.attrs.error) || node.attrs.type === "retry") {
      pending.delete(id);
      return undefined;
    }
    return id;
  };

  const watchOrphan = (id: string) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (closed || pending.get(id) !== false) return;
      pending.delete(id);
      options.onOrphan?.(id);
      flush();
    }, orphanAfterMs);
    timer.unref?.();
    timers.add(timer);
  };

  return {
    arrived(id) {
      if (!closed && !pending.has(id)) pending.set(id, false);
    },
    nextNode(node) {
      next = node;
      // Only a frame written in the same tick is this node's (a failed send writes none).
      queueMicrotask(() => {
        if (next === node) next = undefined;
      });
    },
    send(frame, callback) {
      const waitsFor = closed ? undefined : gatedId(next);
      next = undefined;
      if (queue.length === 0 && waitsFor === undefined) {
        options.write(frame, callback ?? (() => {}));
        return;
      }
      queue.push(waitsFor === undefined ? { frame } : { frame, waitsFor });
      if (waitsFor !== undefined && pending.get(waitsFor) === false) watchOrphan(waitsFor);
      callback?.();
    },
    upserted(ids) {
      for (const id of ids) if (pending.has(id)) pending.set(id, true);
    },
    applied(ids) {
      for (const id of ids) pending.delete(id);
      if (!closed) flush();
    },
    close() {
      closed = true;
      queue.length = 0;
      pending.clear();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
    held: () => queue.length,
    pending: () => pending.size,
  };
}
