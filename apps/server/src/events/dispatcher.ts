/**
 * @module Delivers one session's events to one webhook target, from the outbox. Events are claimed
 * from the store in stream order (never from memory), queued per chat, and each chat's queue is
 * worked by one worker at a time, so the events of one chat arrive in order; a shared bound
 * limits the POSTs in flight, and a retry waiting for its delay holds no slot, so a failing chat
 * never stalls the others. Outcomes and the cursor are written in batches; after a restart the
 * store still holds every unsettled event and its attempts, and delivery resumes there. With
 * several instances, a dispatcher sends only while it holds the pair's delivery hold (see
 * `delivery-holds.ts`): it takes the hold before each claim, renews it while it has events in hand,
 * sends nothing once it may have lapsed, and gives it back when it stops.
 */
import type { EngineLogger } from "@wa/core";
import type { DeliveryOutcome, Outbox, PendingDelivery } from "@wa/store";
import type { DeliveryHolds } from "./delivery-holds.ts";
import { envelopeText, type SessionFacts } from "./envelope.ts";
import type { EventPayloads } from "./media-payloads.ts";
import { createOutcomeRecorder } from "./outcome-recorder.ts";
import { retryDelayMs } from "./retry-policy.ts";
import { createRetrySleeps } from "./retry-sleeps.ts";
import { createSendSlots } from "./send-slots.ts";
import { signatureHeaders } from "./signatures.ts";
import type { WebhookTarget } from "./webhook-config.ts";
import type { WebhookSender } from "./webhook-sender.ts";

/** Options of {@link createDispatcher}. */
export interface DispatcherOptions {
  outbox: Outbox;
  session: string;
  target: WebhookTarget;
  sender: WebhookSender;
  facts(session: string): Promise<SessionFacts>;
  /** The payload clients get for a stored event (media joined in). */
  payloads: EventPayloads;
  /** The envelope's `environment` as JSON text. */
  environment: string;
  /** POSTs in flight at most. */
  concurrency: number;
  logger: EngineLogger;
  /** With several instances: the holds that let one instance at a time send this pair's events. */
  holds?: DeliveryHolds;
  /**
   * Called once this dispatcher stopped because its hold may have lapsed (it could not renew in
   * time): its events were handed back to the store, and a fresh dispatcher should replace it.
   */
  onHoldLost?: () => void;
  /** How long outcomes are gathered before one write records them. @default 25 */
  flushMs?: number;
  now?: () => number;
}

/** A running dispatcher. */
export interface Dispatcher {
  readonly target: WebhookTarget;
  /** New events may be in the store. */
  wake(): void;
  /** Stops: aborts POSTs in flight (their events stay unsettled) and records what settled. */
  stop(): Promise<void>;
}

/** Events claimed per store read. */
const CLAIM_LIMIT = 512;
/** Claimed events held in memory at most; the rest wait in the store. */
const MAX_HELD = 2048;
/** A failed claim or settle is tried again after this long. */
const STORE_RETRY_MS = 1000;

/** Starts delivering (it claims at once: a restart resumes without waiting for a wake-up). */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { outbox, session, target, sender, logger } = options;
  const now = options.now ?? Date.now;
  const log = logger.child({ session, webhook: target.url });
  const lanes = new Map<string, PendingDelivery[]>();
  const unsettled = new Set<number>();
  const redelivering = new Set<number>();
  const sleeps = createRetrySleeps();
  const slots = createSendSlots(options.concurrency);
  let claimedUpTo = 0;
  let held = 0;
  let stopped = false;
  let filling = false;
  let wanted = false;
  let moreInStore = true;
  const { holds } = options;
  /** Until when (performance.now()) our hold lets us send; without holds, always. */
  let holdUntil = holds ? 0 : Number.POSITIVE_INFINITY;
  let holdLost = false;
  let holdRetry: NodeJS.Timeout | undefined;

  const fill = async (): Promise<void> => {
    if (stopped) return;
    if (filling) {
      wanted = true;
      return;
    }
    filling = true;
    try {
      if (!(await takeHold())) return;
      do {
        wanted = false;
        while (!stopped && held < MAX_HELD) {
          const batch = await outbox.claim(session, target.key, {
            afterSeq: claimedUpTo,
            limit: CLAIM_LIMIT,
          });
          const inOrder = batch.filter((pending) => !pending.redelivery);
          for (const pending of batch) take(pending);
          moreInStore = inOrder.length === CLAIM_LIMIT;
          if (!moreInStore) break;
        }
      } while (wanted && !stopped);
    } catch (error) {
      log.error({ err: error }, "claiming webhook deliveries failed; trying again");
      setTimeout(() => void fill(), STORE_RETRY_MS).unref();
    } finally {
      filling = false;
    }
    recorder.recordCursor(); // e.g. past events it does not subscribe to
  };

  /** Events in hand: queued, being sent, or with outcomes not yet recorded. */
  const busy = () => held > 0 || recorder.hasUnrecorded();

  /** Takes (or extends) the hold; false when another instance holds it (a retry is timed then). */
  const takeHold = async (): Promise<boolean> => {
    if (!holds) return true;
    const sentAt = performance.now();
    const answer = await holds.take(session, target.key);
    if (answer.held) {
      holdUntil = Math.max(holdUntil, sentAt + holds.validMs);
      return true;
    }
    if (busy()) loseHold();
    // Nobody wakes us when the holder dies: look again once its hold may have lapsed.
    clearTimeout(holdRetry);
    holdRetry = setTimeout(() => {
      holdRetry = undefined;
      void fill();
    }, answer.retryInMs + 50);
    holdRetry.unref();
    return false;
  };

  /** Renews the hold while events are in hand (an idle holder lets it lapse). */
  const renewHold = async () => {
    if (stopped || !busy()) return;
    if (performance.now() >= holdUntil) return loseHold();
    await takeHold().catch((error: unknown) => {
      log.warn({ err: error }, "renewing the webhook delivery hold failed");
    });
  };
  const renewal = holds ? setInterval(() => void renewHold(), holds.validMs / 3) : undefined;
  renewal?.unref();

  /**
   * Our hold may have lapsed: another instance may take it and send these events, so we stop
   * (what was settled is recorded, the rest stays in the store for the next holder).
   */
  const loseHold = () => {
    if (holdLost || stopped) return;
    holdLost = true;
    log.warn("webhook delivery hold lapsed: handing the events in hand back to the store");
    void dispatcher.stop().then(() => options.onHoldLost?.());
  };

  /** Every event up to it is settled: below the oldest unsettled one, or all that was claimed. */
  const cursor = () => (unsettled.size > 0 ? Math.min(...unsettled) - 1 : claimedUpTo);
  const recorder = createOutcomeRecorder({
    outbox,
    session,
    targetKey: target.key,
    cursor,
    flushMs: options.flushMs ?? 25,
    retryMs: STORE_RETRY_MS,
    log,
  });

  const take = (pending: PendingDelivery) => {
    const { seq, chatId, event } = pending.event;
    if (pending.redelivery) {
      if (redelivering.has(seq)) return;
      redelivering.add(seq);
      return enqueue(`#${seq}`, pending);
    }
    if (seq <= claimedUpTo) return;
    claimedUpTo = seq;
    if (!target.events.has(event)) return; // settled by passing it
    unsettled.add(seq);
    enqueue(chatId ?? "", pending);
  };

  const enqueue = (lane: string, pending: PendingDelivery) => {
    held++;
    const queue = lanes.get(lane);
    if (queue) {
      queue.push(pending);
      return;
    }
    lanes.set(lane, [pending]);
    void work(lane);
  };

  /** The one worker of a chat's queue: delivers its events one after the other. */
  const work = async (lane: string) => {
    const queue = lanes.get(lane) as PendingDelivery[];
    while (!stopped && queue.length > 0) {
      await deliver(queue[0] as PendingDelivery);
      queue.shift();
      held--;
      if (moreInStore && held < MAX_HELD / 2) void fill();
    }
    if (queue.length === 0) lanes.delete(lane);
  };

  const deliver = async (pending: PendingDelivery) => {
    const { event } = pending;
    let attempts = pending.attempts;
    let nextAt = pending.nextAttemptAt;
    const facts = await options.facts(session);
    const body = envelopeText(await options.payloads(event), facts, options.environment);
    for (;;) {
      if (nextAt !== null && nextAt > now()) await sleeps.sleep(nextAt - now());
      if (stopped) return;
      await slots.acquire();
      if (stopped) return slots.release();
      if (performance.now() >= holdUntil) {
        slots.release();
        return loseHold();
      }
      const headers = signatureHeaders(body, {
        requestId: event.id,
        eventTimestamp: event.timestamp,
        sentAt: now(),
        hmacKey: target.hmacKey,
      });
      for (const [name, value] of target.customHeaders) headers[name] = value;
      const result = await sender.send(target.url, body, headers).finally(slots.release);
      if (stopped) return; // aborted by stop(): left unsettled, delivered after a restart
      attempts++;
      const last = { attempts, lastStatus: result.status, lastError: result.error };
      if (result.ok) return settle(pending, { seq: event.seq, status: "delivered", ...last });
      if (attempts > target.retries.attempts) {
        log.warn({ event: event.id, ...last }, "webhook delivery failed for good (dead letter)");
        return settle(pending, { seq: event.seq, status: "dead", ...last });
      }
      nextAt = now() + retryDelayMs(target.retries, attempts, result.retryAfterMs);
      recorder.record({ seq: event.seq, status: "retrying", nextAttemptAt: nextAt, ...last });
    }
  };

  const settle = (pending: PendingDelivery, outcome: DeliveryOutcome) => {
    if (pending.redelivery) redelivering.delete(outcome.seq);
    else unsettled.delete(outcome.seq);
    recorder.record(outcome);
  };

  const dispatcher: Dispatcher = {
    target,
    wake: () => void fill(),
    async stop() {
      if (stopped) return recorder.written();
      stopped = true;
      clearInterval(renewal);
      clearTimeout(holdRetry);
      recorder.halt();
      sleeps.wakeAll();
      slots.releaseWaiters();
      await sender.destroy();
      await recorder.flush();
      // Recorded first: the next holder starts from what we settled.
      if (holds && holdUntil > 0) {
        await holds.release(session, target.key).catch((error: unknown) => {
          log.warn({ err: error }, "giving the webhook delivery hold back failed (it lapses)");
        });
      }
    },
  };
  void fill();
  return dispatcher;
}
