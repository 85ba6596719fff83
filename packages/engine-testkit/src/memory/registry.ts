/**
 * @module The module-level registry of memory worlds, one per session name, so a server's tests or
 * sandbox can reach the world behind a session the server created (`getMemoryWorld("default")`).
 */
import { createHash } from "node:crypto";
import type { SessionMe } from "@wa/core";
import { createMemoryWorld, type MemoryWorld } from "./world.ts";

const worlds = new Map<string, MemoryWorld>();

/**
 * The world of a session, created empty on first use, logged in as an account derived from the
 * session name (see {@link memoryAccountOf}). Engines without a `world` option use it.
 */
export function getMemoryWorld(session: string): MemoryWorld {
  let world = worlds.get(session);
  if (!world) {
    world = createMemoryWorld({ me: memoryAccountOf(session) });
    worlds.set(session, world);
  }
  return world;
}

/** A stable, distinct account per session name: `1555` + 7 digits, with a matching LID. */
export function memoryAccountOf(session: string): SessionMe {
  const digits = (
    BigInt(`0x${createHash("sha256").update(session).digest("hex").slice(0, 12)}`) % 10_000_000n
  )
    .toString()
    .padStart(7, "0");
  return { id: `1555${digits}@c.us`, pushName: session, lid: `2${digits}00000000@lid` };
}

/** Forgets a session's world (the next `getMemoryWorld` makes a fresh one); true if it existed. */
export function deleteMemoryWorld(session: string): boolean {
  return worlds.delete(session);
}

/** Forgets every world; call it between tests that share a worker. */
export function clearMemoryWorlds(): void {
  worlds.clear();
}
