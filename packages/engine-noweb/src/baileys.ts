/**
 * @module The Baileys library, loaded lazily (style C3): importing `@wa/engine-noweb` costs nothing
 * until a session starts, and tests can inject a fake socket factory instead of the real one.
 */
import type * as Baileys from "@whiskeysockets/baileys";

/** The Baileys module namespace. */
export type BaileysModule = typeof Baileys;

/** The function that makes a socket (`makeWASocket`). */
export type SocketFactory = BaileysModule["makeWASocket"];

/** A Baileys socket. */
export type BaileysSocket = ReturnType<SocketFactory>;

/** The socket config `makeWASocket` accepts. */
export type SocketConfig = Parameters<SocketFactory>[0];

let loading: Promise<BaileysModule> | null = null;

/** Imports Baileys once; a failed import is retried on the next call. */
export function loadBaileys(): Promise<BaileysModule> {
  loading ??= import("@whiskeysockets/baileys").catch((cause: unknown) => {
    loading = null;
    throw new Error(
      "[wa:noweb] cannot load '@whiskeysockets/baileys': install it (pnpm add @whiskeysockets/baileys@7.0.0-rc14) or pass `socketFactory`.",
      { cause },
    );
  });
  return loading;
}
