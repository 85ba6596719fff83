/// <reference lib="dom" />
/**
 * @module Browser code of the fake WhatsApp Web page: the loopback connection to the simulator, the
 * auth states (OPENING → UNPAIRED with a QR, or OPENING → CONNECTED from the identity in
 * IndexedDB), the collections built from the account's snapshot, and live changes applied to them.
 * Stringified into the page like `definePageModels`; it gets the model kit as an argument.
 */
import type {
  PageChange,
  PageChat,
  PageContact,
  PageMessage,
  PageSnapshot,
  SimToPage,
} from "../protocol.ts";
import type { PageModels } from "./models.ts";

/** What the page is configured with (inlined by the simulator). */
export interface PageConfig {
  /** `ws://127.0.0.1:<port>/ws/page`. */
  wsUrl: string;
  /** `window.Debug.VERSION`. */
  version: string;
}

/** Boots the fake WhatsApp Web app; runs in the page. Returns the internals for the module table. */
export function definePageApp(kit: PageModels, config: PageConfig) {
  const { Model, Collection, Wid, MsgKey, ServerStatusCodeError } = kit;
  type Model = InstanceType<typeof Model>;
  const STORAGE_KEY = "fake-wa:client";

  // --- identity, in IndexedDB as real WhatsApp Web keeps it: a committed transaction survives a
  // killed browser, where localStorage is written to disk seconds later (and lost with the browser) ---
  type Identity = { noise: string; identity: string; adv: string };
  const random = (n: number) =>
    btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(n))));
  const stored = <T>(
    mode: IDBTransactionMode,
    work: (store: IDBObjectStore) => IDBRequest | undefined,
  ) =>
    new Promise<T | undefined>((resolve, reject) => {
      const open = indexedDB.open("fake-wa", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("kv");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction("kv", mode);
        const request = work(tx.objectStore("kv"));
        tx.oncomplete = () => {
          db.close();
          resolve(request?.result as T | undefined);
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  const loadIdentity = async (): Promise<Identity> => {
    const known = await stored<Identity>("readonly", (store) => store.get(STORAGE_KEY));
    if (known) return known;
    const fresh = { noise: random(32), identity: random(32), adv: random(32) };
    await stored("readwrite", (store) => store.put(fresh, STORAGE_KEY));
    return fresh;
  };
  const forgetIdentity = () => stored("readwrite", (store) => store.delete(STORAGE_KEY));
  let identity: Identity = { noise: "", identity: "", adv: "" };
  const b64ToBytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

  // --- models ---
  class MsgModel extends Model {
    msgContextInfo(chat: Model) {
      const key = this.get("id") as InstanceType<typeof MsgKey>;
      return {
        quotedMsg: { type: this.get("type"), body: this.get("body") },
        quotedStanzaID: key.id,
        quotedRemoteJid: (chat.get("id") as InstanceType<typeof Wid>)._serialized,
        quotedParticipant: key.fromMe ? me.pn() : (this.get("author") ?? key.remote),
      };
    }
    canReply() {
      return true;
    }
    updateAck(ack: number) {
      if ((this.get("ack") as number) < ack) this.set("ack", ack);
    }
    async downloadMedia() {}
  }
  class ChatModel extends Model {
    // Real chats serialize their loaded messages; whatsapp-web.js reads only `msgs.length`.
    override serialize() {
      const plain = super.serialize();
      plain.msgs = (this.get("msgs") as InstanceType<typeof Collection>).map((m) => m.get("id"));
      return plain;
    }
  }
  class ContactModel extends Model {}

  const Msg = Object.assign(new Collection(MsgModel), {
    async getMessagesById(ids: string[]) {
      return { messages: ids.flatMap((id) => Msg.get(id) ?? []) };
    },
  });
  const Chat = new Collection(ChatModel, (c) => -(c.get("t") as number));
  const Contact = new Collection(ContactModel);
  const GroupMetadata = Object.assign(new Collection(Model), { update: async () => undefined });
  /** Chats opened for a first message (not listed until something is sent). */
  const drafts = new Map<string, Model>();

  const Socket = new Model({ state: "OPENING", hasSynced: false });
  const Conn = new Model({
    ref: "",
    pushname: "",
    platform: "android",
    battery: 100,
    plugged: true,
  });
  const Cmd = new Model({});
  const me = {
    phone: "",
    lid: "",
    pn: () => (me.phone ? new Wid(`${me.phone}@c.us`) : undefined),
    lidWid: () => (me.lid ? new Wid(`${me.lid}@lid`) : undefined),
  };

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

  // --- snapshot and changes ---
  const msgModel = (chatId: string, m: PageMessage, isNewMsg: boolean) => {
    const remote = new Wid(chatId);
    const participant = m.participant ? new Wid(m.participant) : undefined;
    const isGroup = remote.isGroup();
    const mine = isGroup && m.fromMe ? me.pn() : undefined;
    const key = new MsgKey({
      fromMe: m.fromMe,
      remote,
      id: m.id,
      participant: participant ?? mine,
    });
    const from = m.fromMe ? me.pn() : isGroup ? remote : remote;
    const attrs: Record<string, unknown> = {
      id: key,
      body: m.revoked ? "" : m.body,
      type: m.revoked ? "revoked" : "chat",
      t: m.timestamp,
      from: m.fromMe ? from : remote,
      to: m.fromMe ? remote : me.pn(),
      ack: m.ack,
      isNewMsg,
      self: m.fromMe ? "out" : "in",
      star: false,
      isForwarded: false,
      isNotification: false,
      pinned: Boolean(m.pinned),
    };
    if (participant) attrs.author = participant;
    if (m.quotedId) attrs.quotedStanzaID = m.quotedId;
    if (m.media && !m.revoked) Object.assign(attrs, mediaAttrs(m));
    return new MsgModel(attrs);
  };

  /**
   * A media message as WhatsApp Web keeps it: its type, the caption apart from the body, the file's
   * facts, and a `directPath` the download manager fetches (already resolved: nothing to wait for).
   */
  const mediaAttrs = (m: PageMessage) => {
    const media = m.media as NonNullable<PageMessage["media"]>;
    return {
      type: media.type,
      body: "",
      caption: m.body || undefined,
      mimetype: media.mimetype,
      filename: media.filename,
      size: media.size,
      directPath: media.directPath,
      mediaKey: btoa(m.id),
      mediaKeyTimestamp: m.timestamp,
      filehash: btoa(`${m.id}:plain`),
      encFilehash: btoa(`${m.id}:enc`),
      mediaData: { mediaStage: "RESOLVED" },
    };
  };

  const chatAttrs = (c: Omit<PageChat, "messages">) => ({
    id: new Wid(c.id),
    name: c.name,
    formattedTitle: c.name ?? c.id.split("@")[0],
    t: c.timestamp,
    unreadCount: c.markedUnread && c.unreadCount === 0 ? -1 : c.unreadCount,
    archive: c.archived,
    pin: c.pinned ? c.timestamp : 0,
    isReadOnly: false,
    isLocked: false,
    mute: { expiration: 0 },
    muteExpiration: 0,
  });

  const groupMetadataOf = (c: Omit<PageChat, "messages">) => {
    const participants = new Collection(Model);
    for (const id of [...(c.participants ?? []), `${me.phone}@c.us`]) {
      participants.add({ id: new Wid(id), isAdmin: false, isSuperAdmin: false });
    }
    return new Model({ id: new Wid(c.id), subject: c.name ?? "", announce: false, participants });
  };

  const upsertChat = (c: Omit<PageChat, "messages">, silent: boolean, listed = true) => {
    let chat = Chat.get(c.id) ?? drafts.get(c.id);
    drafts.delete(c.id);
    if (!chat) {
      chat = new ChatModel({
        ...chatAttrs(c),
        msgs: new Collection(MsgModel, (m) => m.get("t") as number),
      });
      if (c.id.endsWith("@g.us")) chat.set({ groupMetadata: groupMetadataOf(c) }, { silent: true });
    } else {
      chat.set(chatAttrs(c), { silent });
    }
    if (listed && !Chat.get(c.id)) Chat.add(chat, { silent });
    return chat;
  };

  const addMessages = (chat: Model, chatId: string, messages: PageMessage[], isNewMsg: boolean) => {
    const msgs = chat.get("msgs") as InstanceType<typeof Collection>;
    const added: Model[] = [];
    for (const m of messages) {
      if (Msg.get(msgModel(chatId, m, isNewMsg).get("id"))) continue;
      const model = msgModel(chatId, m, isNewMsg);
      msgs.add(model, { silent: true });
      added.push(model);
      if (!m.fromMe) chat.set({ lastReceivedKey: model.get("id") }, { silent: true });
    }
    for (const model of added) Msg.add(model, { silent: !isNewMsg });
    const newest = msgs.getModelsArray().at(-1);
    if (newest && !chat.get("lastReceivedKey"))
      chat.set({ lastReceivedKey: newest.get("id") }, { silent: true });
    return added;
  };

  const setContacts = (contacts: PageContact[]) => {
    for (const c of contacts) {
      const attrs = {
        id: new Wid(c.id),
        name: c.name,
        pushname: c.pushName,
        lid: `${c.lid}@lid`,
        isMyContact: Boolean(c.name),
        isBusiness: false,
        isEnterprise: false,
      };
      const existing = Contact.get(c.id);
      if (existing) existing.set(attrs, { silent: true });
      else Contact.add(attrs, { silent: true });
    }
  };

  const loadSnapshot = (snapshot: PageSnapshot) => {
    me.phone = snapshot.me.phone;
    me.lid = snapshot.me.lid;
    Conn.set({ pushname: snapshot.me.pushName, wid: me.pn() }, { silent: true });
    setContacts(snapshot.contacts);
    for (const c of snapshot.chats) {
      const chat = upsertChat(c, true);
      addMessages(chat, c.id, c.messages, false);
    }
  };

  const findMsg = (chatId: string, id: string) =>
    (Chat.get(chatId)?.get("msgs") as InstanceType<typeof Collection> | undefined)
      ?.getModelsArray()
      .find((m) => (m.get("id") as InstanceType<typeof MsgKey>).id === id);

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

  const removeChat = (chatId: string) => {
    const chat = Chat.get(chatId);
    if (!chat) return;
    for (const m of (chat.get("msgs") as InstanceType<typeof Collection>).getModelsArray())
      Msg.remove(m);
    Chat.remove(chat);
  };

  void loadIdentity().then((loaded) => {
    identity = loaded;
    connect();
  });
  return {
    Msg,
    Chat,
    Contact,
    GroupMetadata,
    Socket,
    Conn,
    Cmd,
    me,
    drafts,
    call,
    identity: () => identity,
    forgetIdentity,
    b64ToBytes,
    msgModel,
    addMessages,
    upsertChat,
    removeChat,
    findMsg,
    syncProgress: () => syncProgress,
    ChatModel,
    MsgModel,
  };
}
