/**
 * @module Example: an echo bot on the NOWEB engine with its own (in-memory) store. It pairs, answers
 * the first text it receives with "echo: <text>", archives that chat, stops and exits.
 *
 * Run against the simulator: `npx wa-sandbox` prints `{"noweb":{…}}`; pass that object as the
 * WA_NOWEB_OPTIONS environment variable. Without it the engine connects to WhatsApp itself.
 */
import {
  type AuthStateStore,
  buildMessageId,
  type MessageLookup,
  type StoredMessage,
  silentLogger,
  startSession,
} from "@wa/core";
import { createNowebEngine, type NowebOptions } from "@wa/engine-noweb";

/** Credentials and keys. Keep them somewhere durable in a real app: they spare a new QR scan. */
const credentials = new Map<string, string>();
const authState: AuthStateStore = {
  get: async (key) => credentials.get(key) ?? null,
  getMany: async (keys) =>
    new Map(
      keys.flatMap((key) => (credentials.has(key) ? [[key, credentials.get(key) ?? ""]] : [])),
    ),
  setMany: async (entries) => {
    for (const [key, value] of entries) {
      if (value === null) credentials.delete(key);
      else credentials.set(key, value);
    }
  },
  clear: async () => credentials.clear(),
};

/** The messages the engine looks up: for quoting, edits, and anchoring chat changes (archive…). */
const messages = new Map<string, StoredMessage>();
const lookup: MessageLookup = {
  getMessage: async (key) => messages.get(buildMessageId(key)) ?? null,
  getNewestMessage: async (chatId) =>
    [...messages.values()]
      .filter((message) => message.key.chatId === chatId)
      .reduce<StoredMessage | null>(
        (newest, message) => (newest && newest.timestamp >= message.timestamp ? newest : message),
        null,
      ),
};

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const options = JSON.parse(process.env.WA_NOWEB_OPTIONS ?? "{}") as NowebOptions;
const engine = createNowebEngine({ ...options, markOnlineOnConnect: false });

let firstText: (message: StoredMessage) => void = () => {};
const received = new Promise<StoredMessage>((resolve) => {
  firstText = resolve;
});

const session = await startSession(
  engine,
  {
    session: "echo",
    authState,
    messages: lookup,
    logger: silentLogger,
    // Awaited for every event, in order: store first, then act.
    async emit(event) {
      if (event.type !== "message.upsert" && event.type !== "history.batch") return;
      for (const message of event.messages) messages.set(buildMessageId(message.key), message);
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
const reply = await engine.sendText(chatId, `echo: ${incoming.message.body}`, {
  replyTo: incoming.key.id,
});
say({ sent: reply.message.body });
await engine.archiveChat?.(chatId, true);
say({ archived: chatId });

await engine.stop();
say({ stopped: true });
// Nothing else to do: the process exits by itself, stop() left no timer or socket behind.
