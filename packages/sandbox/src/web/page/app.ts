/// <reference lib="dom" />
/**
 * @module Browser code of the fake WhatsApp Web page: the loopback connection to the simulator, the
 * auth states (OPENING → UNPAIRED with a QR, or OPENING → CONNECTED from the identity in
 * IndexedDB), and live changes applied to the collections. Stringified into the page like
 * `definePageModels`; it gets the model kit and the other page parts as arguments (a stringified
 * function cannot import them).
 */
import type { PageChange, SimToPage } from "../protocol.ts";
import type { PageChatStore } from "./chat-store.ts";
import type { PageCollections } from "./collections.ts";
import type { PageIdentity, PageIdentityStore } from "./identity.ts";
import type { PageModels } from "./models.ts";

/** What the page is configured with (inlined by the simulator). */
export interface PageConfig {
  /** `ws://127.0.0.1:<port>/ws/page`. */
  wsUrl: string;
  /** `window.Debug.VERSION`. */
  version: string;
}

/** The page parts the app runs over, each defined by its own stringified function. */
export interface PageParts {
  kit: PageModels;
  identityStore: PageIdentityStore;
  collections: PageCollections;
  chatStore: PageChatStore;
}

/** Boots the fake WhatsApp Web app; runs in the page. Returns the internals for the module table. */
export function definePageApp(parts: PageParts, config: PageConfig) {
  const { ServerStatusCodeError } = parts.kit;
  const { loadIdentity, forgetIdentity } = parts.identityStore;
  const { Chat, Socket, Conn, Cmd } = parts.collections;
  const { upsertChat, addMessages, setContacts, loadSnapshot, findMsg, removeChat } =
    parts.chatStore;
  type MsgModel = InstanceType<PageCollections["MsgModel"]>;

  let identity: PageIdentity = { noise: "", identity: "", adv: "" };
  const b64ToBytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

  // --- connection to the simulator ---
  let ws: WebSocket | undefined;
  let open = false;
  let loadedOnce = false;
  let nextCall = 1;
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void }
  >();

  const call = (method: string, ...params: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (!ws || !open) {
        reject(new Error(`fake-wa: not connected (${method})`));
        return;
      }
      const id = nextCall++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ t: "call", id, method, params }));
    });

  const connect = () => {
    const socket = new WebSocket(config.wsUrl);
    ws = socket;
    socket.onopen = () => {
      open = true;
      socket.send(JSON.stringify({ t: "hello", client: identity.noise, fresh: !loadedOnce }));
    };
    socket.onmessage = (event) => onSim(JSON.parse(String(event.data)) as SimToPage);
    socket.onclose = () => {
      if (ws !== socket) return;
      open = false;
      for (const { reject } of pending.values()) reject(new Error("fake-wa: connection lost"));
      pending.clear();
      if (Socket.get("state") === "CONNECTED") Socket.set("state", "TIMEOUT");
      setTimeout(() => {
        if (ws !== socket) return;
        if (Socket.get("state") === "TIMEOUT") Socket.set("state", "OPENING");
        connect();
      }, 300);
    };
  };

  const onSim = (message: SimToPage) => {
    switch (message.t) {
      case "qr":
        Conn.set("ref", message.ref);
        Socket.set("state", "UNPAIRED");
        return;
      case "paired":
        Socket.set("state", "PAIRING");
        return;
      case "rejected":
        void forgetIdentity()
          .then(loadIdentity)
          .then((fresh) => {
            identity = fresh;
          });
        return;
      case "login":
        if (message.snapshot) loadSnapshot(message.snapshot);
        loadedOnce = true;
        Socket.set("state", "CONNECTED");
        markSyncedWhenHeard();
        return;
      case "change":
        applyChange(message.change);
        return;
      case "result": {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (!waiting) return;
        if (message.error)
          waiting.reject(new ServerStatusCodeError(message.error.status, message.error.message));
        else waiting.resolve(message.value);
        return;
      }
    }
  };

  /**
   * whatsapp-web.js attaches its `change:hasSynced` listener a few round trips after the QR; real
   * WhatsApp takes seconds to sync, a fake is instant. Flip it only once someone listens.
   */
  const markSyncedWhenHeard = () => {
    if (Socket.get("hasSynced")) return;
    if (Socket.listenerCount("change:hasSynced") > 0) Socket.set("hasSynced", true);
    else setTimeout(markSyncedWhenHeard, 25);
  };

  let syncProgress = 0;
  const applyChange = (change: PageChange) => {
    switch (change.type) {
      case "message": {
        const chat = upsertChat(change.chat, false);
        addMessages(chat, change.chatId, [change.message], true);
        return;
      }
      case "chats": {
        setContacts(change.contacts);
        for (const c of change.chats) addMessages(upsertChat(c, true), c.id, c.messages, false);
        // Real WhatsApp reports history sync as offline progress; the client hears `loading_screen`.
        for (const percent of [50, 100]) {
          syncProgress = percent;
          Cmd.trigger("offline_progress_update_from_bridge");
        }
        return;
      }
      case "edit":
        findMsg(change.chatId, change.targetId)?.set({
          body: change.body,
          latestEditSenderTimestampMs: Date.now(),
        });
        return;
      case "revoke":
        findMsg(change.chatId, change.targetId)?.set({ type: "revoked", body: "" });
        return;
      case "ack":
        (findMsg(change.chatId, change.id) as MsgModel | undefined)?.updateAck(change.ack);
        return;
      case "read-self":
        for (const id of change.ids)
          (findMsg(change.chatId, id) as MsgModel | undefined)?.updateAck(3);
        Chat.get(change.chatId)?.set("unreadCount", 0);
        return;
      case "archive":
        Chat.get(change.chatId)?.set("archive", change.archived);
        return;
      case "delete-chat":
        removeChat(change.chatId);
        return;
      case "logout":
        void forgetIdentity();
        Socket.set("state", "UNPAIRED");
        return;
      case "drop":
        ws?.close();
        return;
      case "reload":
        location.reload();
        return;
    }
  };

  void loadIdentity().then((loaded) => {
    identity = loaded;
    connect();
  });
  return {
    ...parts.collections,
    call,
    identity: () => identity,
    forgetIdentity,
    b64ToBytes,
    msgModel: parts.chatStore.msgModel,
    addMessages,
    upsertChat,
    removeChat,
    findMsg,
    syncProgress: () => syncProgress,
  };
}
