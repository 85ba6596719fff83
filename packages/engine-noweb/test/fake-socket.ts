/**
 * @module A fake Baileys socket for unit tests: an EventEmitter-backed `ev` with Baileys' `process()`
 * contract (one batch object per emit), recorded command calls, and `end()` that emits the close.
 */
import { EventEmitter } from "node:events";
import type { BaileysEventMap, WAMessage as BaileysMessage } from "@whiskeysockets/baileys";
import type { SocketFactory } from "../src/baileys.ts";

/** One recorded call of a socket method. */
export interface Call {
  method: string;
  args: unknown[];
}

/** A Boom-shaped error, as Baileys throws. */
export function boom(message: string, statusCode: number, data?: unknown): Error {
  return Object.assign(new Error(message), { isBoom: true, output: { statusCode }, data });
}

export function createFakeSocket(config: Record<string, unknown>) {
  const bus = new EventEmitter();
  const calls: Call[] = [];
  const record = (method: string, args: unknown[]) => calls.push({ method, args });
  let ended = false;
  const overrides = new Map<string, (...args: unknown[]) => unknown>();

  const socket = {
    config,
    calls,
    user: undefined as { id: string; name?: string; lid?: string } | undefined,
    ev: {
      process(handler: (batch: Partial<BaileysEventMap>) => void | Promise<void>) {
        bus.on("batch", handler);
        return () => bus.off("batch", handler);
      },
    },
    /** Emits one Baileys event (or a whole batch) to `process()` listeners. */
    emit<K extends keyof BaileysEventMap>(name: K, payload: BaileysEventMap[K]) {
      bus.emit("batch", { [name]: payload });
    },
    emitBatch(batch: Partial<BaileysEventMap>) {
      bus.emit("batch", batch);
    },
    /** Makes a method behave differently (throw, return something). */
    override(method: string, impl: (...args: unknown[]) => unknown) {
      overrides.set(method, impl);
    },
    open(user = { id: "14155550100:7@s.whatsapp.net", name: "Me", lid: "99887766:7@lid" }) {
      socket.user = user;
      socket.emit("connection.update", { connection: "open" });
    },
    async end(error: Error | undefined) {
      record("end", [error]);
      if (ended) return;
      ended = true;
      socket.emit("connection.update", {
        connection: "close",
        lastDisconnect: { error, date: new Date() },
      });
    },
    async logout() {
      record("logout", []);
      await socket.end(boom("Intentional Logout", 401));
    },
    async chatModify(...args: unknown[]) {
      record("chatModify", args);
      return overrides.get("chatModify")?.(...args);
    },
    async readMessages(...args: unknown[]) {
      record("readMessages", args);
    },
    async profilePictureUrl(...args: unknown[]) {
      record("profilePictureUrl", args);
      const impl = overrides.get("profilePictureUrl");
      return impl ? impl(...args) : "https://pps.example/pic.jpg";
    },
    async requestPairingCode(...args: unknown[]) {
      record("requestPairingCode", args);
      return "ABCD1234";
    },
    async sendMessage(
      jid: string,
      content: Record<string, unknown>,
      options: { messageId?: string } = {},
    ) {
      record("sendMessage", [jid, content, options]);
      const message =
        "text" in content && !("edit" in content)
          ? { extendedTextMessage: { text: content.text } }
          : { protocolMessage: { type: 0, key: content.delete ?? content.edit } };
      const sent: BaileysMessage = {
        key: { remoteJid: jid, fromMe: true, id: options.messageId ?? "GENERATED" },
        message: message as BaileysMessage["message"],
        messageTimestamp: 1764140500,
        status: 1,
      };
      return sent;
    },
  };
  return socket;
}

export type FakeSocket = ReturnType<typeof createFakeSocket>;

/** What {@link createFakeSocketFactory} returns. */
export interface FakeSocketFactory {
  factory: SocketFactory;
  sockets: FakeSocket[];
  last(): FakeSocket;
}

/** A socket factory that records every socket it made. */
export function createFakeSocketFactory(): FakeSocketFactory {
  const sockets: FakeSocket[] = [];
  const factory = ((config: Record<string, unknown>) => {
    const socket = createFakeSocket(config);
    sockets.push(socket);
    return socket;
  }) as unknown as SocketFactory;
  return {
    factory,
    sockets,
    last(): FakeSocket {
      const socket = sockets.at(-1);
      if (!socket) throw new Error("no socket made yet");
      return socket;
    },
  };
}
