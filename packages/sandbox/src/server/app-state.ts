/**
 * @module App-state sync (`w:sync:app:state`) for one account: the phone's sync key, a versioned patch
 * log per collection with an exact LT-hash mirror of the client's state, client patches decoded (MACs
 * checked) and applied to the world, and phone-side mutations encoded and announced with `server_sync`.
 */
import { randomBytes } from "node:crypto";
import {
  ALL_WA_PATCH_NAMES,
  type BinaryNode,
  type ChatModification,
  type ChatMutation,
  chatModificationToAppPatch,
  decodePatches,
  encodeSyncdPatch,
  getBinaryNodeChild,
  getBinaryNodeChildren,
  type LTHashState,
  newLTHashState,
  proto,
  S_WHATSAPP_NET,
  type WAPatchName,
} from "@whiskeysockets/baileys";
import type { Logger } from "pino";
import { toWireJid } from "../world/jid.ts";
import { applyChatAction, markChatRead } from "../world/ops.ts";
import type { WorldAccount } from "../world/types.ts";
import { chatIdOfJid } from "../world/world.ts";
import { stanzaId } from "./connection.ts";

interface Collection {
  /** Encoded `SyncdPatch`es, each carrying its version; index i holds version i + 1. */
  patches: Uint8Array[];
  state: LTHashState;
}

/** The app-state of one account, as the server and the phone hold it. */
export interface AppStateStore {
  keyId: Buffer;
  keyData: proto.Message.IAppStateSyncKeyData;
  collections: Map<string, Collection>;
}

const stores = new WeakMap<WorldAccount, AppStateStore>();

/** The account's app-state store (created with a fresh sync key on first use). */
export function appStateOf(account: WorldAccount): AppStateStore {
  let store = stores.get(account);
  if (!store) {
    store = {
      keyId: randomBytes(6),
      keyData: {
        keyData: randomBytes(32),
        fingerprint: { rawId: 1, currentIndex: 1, deviceIndexes: [0, account.deviceId] },
        timestamp: Date.now(),
      },
      collections: new Map(),
    };
    stores.set(account, store);
  }
  return store;
}

function collectionOf(store: AppStateStore, name: string): Collection {
  let collection = store.collections.get(name);
  if (!collection) {
    collection = { patches: [], state: newLTHashState() };
    store.collections.set(name, collection);
  }
  return collection;
}

/** The `APP_STATE_SYNC_KEY_SHARE` the phone sends to a new companion. */
export function keyShareMessage(account: WorldAccount): proto.IMessage {
  const store = appStateOf(account);
  return {
    protocolMessage: {
      type: proto.Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE,
      appStateSyncKeyShare: { keys: [{ keyId: { keyId: store.keyId }, keyData: store.keyData }] },
    },
  };
}

/** Applies one decoded mutation (from the client or the phone) to the world's chat state. */
export function applyMutation(account: WorldAccount, mutation: ChatMutation): void {
  const [action, jid] = mutation.index;
  if (!jid) return;
  const chatId = chatIdOfJid(account, jid);
  const value = mutation.syncAction.value;
  switch (action) {
    case "archive":
      applyChatAction(
        account,
        chatId,
        value?.archiveChatAction?.archived ? "archive" : "unarchive",
      );
      break;
    case "markChatAsRead":
      if (value?.markChatAsReadAction?.read) markChatRead(account, chatId);
      else applyChatAction(account, chatId, "mark-unread");
      break;
    case "pin_v1":
      applyChatAction(account, chatId, value?.pinAction?.pinned ? "pin" : "unpin");
      break;
    case "deleteChat":
      applyChatAction(account, chatId, "delete");
      break;
    case "clearChat":
      applyChatAction(account, chatId, "clear");
      break;
    default:
      break;
  }
}

function keyLookup(store: AppStateStore) {
  return async (id: string) => (id === store.keyId.toString("base64") ? store.keyData : undefined);
}

type PatchLogger = NonNullable<Parameters<typeof decodePatches>[6]>;

function strictLogger(logger: Logger, warnings: unknown[]): PatchLogger {
  const wrap = (): PatchLogger => ({
    level: logger.level,
    child: () => wrap(),
    trace: () => {},
    debug: () => {},
    info: () => {},
    warn: (obj: unknown, msg?: string) => warnings.push(msg ?? obj),
    error: (obj: unknown, msg?: string) => warnings.push(msg ?? obj),
  });
  return wrap();
}

/** Answers an `iq w:sync:app:state`: applies uploaded patches, returns newer patches for resyncs. */
export async function handleAppStateIq(
  account: WorldAccount,
  iq: BinaryNode,
  logger: Logger,
): Promise<BinaryNode[]> {
  const store = appStateOf(account);
  const requested = getBinaryNodeChildren(getBinaryNodeChild(iq, "sync"), "collection");
  const replies: BinaryNode[] = [];
  for (const node of requested) {
    const name = node.attrs.name ?? "";
    const collection = collectionOf(store, name);
    const uploads = getBinaryNodeChildren(node, "patch");
    if (uploads.length > 0) {
      for (const upload of uploads) {
        const patch = proto.SyncdPatch.decode(upload.content as Uint8Array);
        patch.version = { version: collection.patches.length + 1 };
        // MACs validated: this proves the client's LT-hash state matches the server's mirror.
        // decodePatches only *logs* a failed check, so a strict logger turns the warning into an error.
        const warnings: unknown[] = [];
        const { state, mutationMap } = await decodePatches(
          name as WAPatchName,
          [patch],
          collection.state,
          keyLookup(store),
          {},
          undefined,
          strictLogger(logger, warnings),
          true,
        );
        if (warnings.length > 0) {
          throw new Error(
            `app-state: client patch for ${name} failed verification: ${JSON.stringify(warnings)}`,
          );
        }
        collection.state = state;
        collection.patches.push(proto.SyncdPatch.encode(patch).finish());
        for (const mutation of Object.values(mutationMap)) applyMutation(account, mutation);
        logger.debug({ name, version: state.version }, "client app-state patch applied");
      }
      replies.push({
        tag: "collection",
        attrs: { name, version: String(collection.patches.length) },
      });
      continue;
    }
    const from = Number(node.attrs.version ?? 0);
    const newer = collection.patches.slice(from);
    replies.push({
      tag: "collection",
      // Every requested collection must be answered, or Baileys' resync loop never ends.
      attrs: { name, version: String(collection.patches.length) },
      content: [
        {
          tag: "patches",
          attrs: {},
          content: newer.map((bytes) => ({ tag: "patch", attrs: {}, content: bytes })),
        },
      ],
    });
  }
  return [{ tag: "sync", attrs: {}, content: replies }];
}

/**
 * The phone changes a chat: encodes the mutation into the patch log and returns the `server_sync`
 * notification that makes the client fetch it.
 */
export async function phoneMutation(
  account: WorldAccount,
  chatId: string,
  modification: ChatModification,
): Promise<BinaryNode> {
  const store = appStateOf(account);
  const create = chatModificationToAppPatch(modification, toWireJid(chatId));
  const collection = collectionOf(store, create.type);
  const { patch, state } = await encodeSyncdPatch(
    create,
    store.keyId.toString("base64"),
    collection.state,
    keyLookup(store),
  );
  patch.version = { version: state.version };
  collection.state = state;
  collection.patches.push(proto.SyncdPatch.encode(patch).finish());
  return {
    tag: "notification",
    attrs: {
      id: stanzaId(),
      type: "server_sync",
      from: S_WHATSAPP_NET,
      t: String(Math.floor(Date.now() / 1000)),
    },
    content: [{ tag: "collection", attrs: { name: create.type, version: String(state.version) } }],
  };
}

/** Every collection name Baileys syncs. */
export const APP_STATE_COLLECTIONS: readonly string[] = ALL_WA_PATCH_NAMES;
