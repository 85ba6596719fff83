/**
 * @module The module-level registry of memory worlds, one per session name, so a server's tests or
 * sandbox can reach the world behind a session the server created (`getMemoryWorld("default")`).
 */
import { createMemoryWorld, type MemoryWorld } from "./world.ts";

const worlds = new Map<string, MemoryWorld>();

/** The world of a session, created empty on first use. Engines without a `world` option use it. */
export function getMemoryWorld(session: string): MemoryWorld {
  let world = worlds.get(session);
  if (!world) {
    world = createMemoryWorld();
    worlds.set(session, world);
  }
  return world;
}

/** Forgets a session's world (the next `getMemoryWorld` makes a fresh one); true if it existed. */
export function deleteMemoryWorld(session: string): boolean {
  return worlds.delete(session);
}

/** Forgets every world; call it between tests that share a worker. */
export function clearMemoryWorlds(): void {
  worlds.clear();
}
