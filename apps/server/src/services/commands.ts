/** @module Engine commands the routes share: chat commands behind their capability, and read. */
import type { CapabilityKey, ChatId, EngineRuntime, ReadRequest, WaEngine } from "@wa/core";
import { type ServerContext, workingRuntime } from "./context.ts";
import { selectUnread } from "./messages.ts";

/**
 * Runs a chat command: waits for WORKING, checks the capability. An engine that anchors chat
 * changes on the newest message reads it through its `messages` port.
 */
export async function chatCommand(
  ctx: ServerContext,
  session: string,
  capability: CapabilityKey,
  run: (engine: WaEngine) => Promise<void> | undefined,
): Promise<void> {
  const runtime = await workingRuntime(ctx, session);
  runtime.require(capability);
  await runtime.call(capability, async (engine) => run(engine));
}

/** Marks a chat's unread incoming messages read (`messages.read`); returns their ids. */
export async function markChatRead(
  ctx: ServerContext,
  runtime: EngineRuntime,
  session: string,
  chatId: ChatId,
  read: ReadRequest,
): Promise<{ ids: string[] }> {
  runtime.require("messages.read");
  const unread = await selectUnread(ctx.store, session, chatId, read);
  const keys = unread.map((stored) => stored.key);
  if (keys.length > 0) {
    await runtime.call("messages.read", async (engine) => engine.readMessages?.(chatId, keys));
  }
  return { ids: unread.map((stored) => stored.message.id) };
}
