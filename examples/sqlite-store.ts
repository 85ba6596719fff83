/**
 * @module Example: the NOWEB engine with `@wa/store` (SQLite) as its store — credentials, messages
 * and chat state survive restarts. It pairs, waits for a contact's text, answers it, archives the
 * chat, reads the chat back from the database, stops and exits.
 *
 * WA_NOWEB_OPTIONS: the `noweb` object `npx wa-sandbox` prints (the simulator); WA_DB: the file.
 */
import { type DomainEvent, type StoredMessage, silentLogger, startSession } from "@wa/core";
import { createNowebEngine, type NowebOptions } from "@wa/engine-noweb";
import { createSqliteStore } from "@wa/store";

const SESSION = "default";
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const store = createSqliteStore({ file: process.env.WA_DB ?? "./wa.sqlite3" });
const options = JSON.parse(process.env.WA_NOWEB_OPTIONS ?? "{}") as NowebOptions;
const engine = createNowebEngine({ ...options, markOnlineOnConnect: false });

let firstText: (message: StoredMessage) => void = () => {};
const received = new Promise<StoredMessage>((resolve) => {
  firstText = resolve;
});

const session = await startSession(
  engine,
  {
    session: SESSION,
    logger: silentLogger,
    authState: store.authState(SESSION),
    messages: {
      getMessage: (key) => store.getMessage(SESSION, key.chatId, key),
      getNewestMessage: (chatId) => store.getNewestMessage(SESSION, chatId),
    },
    // Resolves once the event is committed: a message is acknowledged only after that.
    async emit(event: DomainEvent) {
      await store.apply(SESSION, event);
      if (event.type !== "message.upsert" || !event.notify) return;
      const text = event.messages.find((message) => !message.key.fromMe && message.message.body);
      if (text) firstText(text);
    },
  },
  { onQr: (qr) => say({ qr }), timeoutMs: 60_000 },
);
say({ working: session.status === "WORKING" ? session.me?.id : null });

const incoming = await received;
const chatId = incoming.key.chatId;
say({ received: incoming.message.body, from: chatId });
const reply = await engine.sendText(chatId, `echo: ${incoming.message.body}`);
say({ sent: reply.message.body });
await engine.archiveChat?.(chatId, true);
const chat = await store.getChat(SESSION, chatId);
say({ archived: chatId, stored: chat?.archived ?? null });

await engine.stop();
await store.close();
say({ stopped: true });
