/**
 * @module The session manager with its webhooks kept in step: a config's webhooks are checked
 * before anything changes (400 naming the problem), a new session's webhooks are opened before it
 * starts (they receive its very first events), an update's before it restarts, and a deleted
 * session's dispatchers stop before its data goes.
 */
import type { SessionCreateInput, SessionManager } from "../sessions/manager.ts";
import { parseSessionWebhooks } from "./webhook-config.ts";
import type { WebhookService } from "./webhooks.ts";

/** Wraps create, update and remove of `sessions` with the webhook service. */
export function webhookSessions(
  sessions: SessionManager,
  webhooks: WebhookService,
): SessionManager {
  return {
    ...sessions,
    async create(input: SessionCreateInput) {
      parseSessionWebhooks(input.config);
      const record = await sessions.create({ ...input, start: false });
      // Before the start: a new session's stream is empty, its webhooks get it from the first event.
      await webhooks.sync(record.name, record.config, 0);
      return input.start === false ? record : sessions.start(record.name);
    },
    async update(name: string, input: SessionCreateInput) {
      parseSessionWebhooks(input.config);
      await sessions.require(name);
      await webhooks.sync(name, input.config ?? {});
      return sessions.update(name, input);
    },
    async remove(name: string) {
      await webhooks.forget(name);
      await sessions.remove(name);
    },
  } satisfies SessionManager;
}
