/** @module Engine commands the routes share: chat commands anchored on the newest message, and read. */
import type {
  CapabilityKey,
  ChatId,
  EngineRuntime,
  ReadRequest,
  StoredMessage,
  WaEngine,
} from "@wa/core";
import { type ServerContext, workingRuntime } from "./context.ts";
import { selectUnread } from "./messages.ts";

/** Runs a chat command: waits for WORKING, checks the capability, anchors on the newest message. */
export async function chatCommand(
  ctx: ServerContext,
  session: string,
  chatId: ChatId,
  capability: CapabilityKey,
  run: (engine: WaEngine, last: StoredMessage | null) => Promise<void> | undefined,
): Promise<void> {
  const runtime = await workingRuntime(ctx, session);
  runtime.require(capability);
  const last = await ctx.store.getNewestMessage(session, chatId);
  await runtime.call(capability, async (engine) => run(engine, last));
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
