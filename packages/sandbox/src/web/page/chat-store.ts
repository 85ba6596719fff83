/// <reference lib="dom" />
/**
 * @module Browser code of the fake WhatsApp Web page: the account's chats, messages and contacts,
 * as the simulator sends them (snapshot shapes), turned into models in the page's collections.
 * Stringified into the page like `definePageModels`; it gets the model kit and the collections as
 * arguments.
 */
import type { PageChat, PageContact, PageMessage, PageSnapshot } from "../protocol.ts";
import type { PageCollections } from "./collections.ts";
import type { PageModels } from "./models.ts";

/** The page's chat store (what {@link definePageChatStore} returns). */
export type PageChatStore = ReturnType<typeof definePageChatStore>;

/** Defines the snapshot-to-model conversions over the collections; runs in the page. */
export function definePageChatStore(kit: PageModels, collections: PageCollections) {
  const { Model, Collection, Wid, MsgKey } = kit;
  type Model = InstanceType<typeof Model>;
  const { Msg, Chat, Contact, Conn, me, drafts, ChatModel, MsgModel } = collections;

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

  const removeChat = (chatId: string) => {
    const chat = Chat.get(chatId);
    if (!chat) return;
    for (const m of (chat.get("msgs") as InstanceType<typeof Collection>).getModelsArray())
      Msg.remove(m);
    Chat.remove(chat);
  };

  return {
    msgModel,
    addMessages,
    upsertChat,
    removeChat,
    findMsg,
    setContacts,
    loadSnapshot,
  };
}
