/// <reference lib="dom" />
/**
 * @module Browser code of the fake WhatsApp Web page: the `window.require` module table with the
 * modules whatsapp-web.js 1.34.7 calls (research note §6), over the app's collections; unknown
 * names return undefined and are logged in `window.__fakeWa.missing` ("requested but not faked").
 */

import type { definePageApp } from "./app.ts";
import type { PageModels } from "./models.ts";

/** Installs `window.Debug` and `window.require`; runs in the page. */
export function installPageModules(
  kit: PageModels,
  app: ReturnType<typeof definePageApp>,
  version: string,
) {
  const { Wid, MsgKey, ServerStatusCodeError, widOf } = kit;
  type AnyModel = InstanceType<typeof kit.Model>;
  const { Msg, Chat, Contact, GroupMetadata, Socket, Conn, Cmd, me, call } = app;
  const missing = new Set<string>();

  const chatIdOf = (chat: AnyModel | { id: { _serialized: string } }) =>
    ((chat as AnyModel).get?.("id") ?? (chat as { id: { _serialized: string } }).id) as {
      _serialized: string;
    };
  const keyOf = (msg: AnyModel) => msg.get("id") as InstanceType<typeof MsgKey>;
  const msgsOf = (chat: AnyModel) => chat.get("msgs") as InstanceType<typeof kit.Collection>;

  Object.assign(Cmd, {
    async archiveChat(chat: AnyModel, archive: boolean) {
      await call("archive", chatIdOf(chat)._serialized, archive);
      chat.set("archive", archive);
    },
    async markChatUnread(chat: AnyModel, unread: boolean) {
      await call(unread ? "markUnread" : "markRead", chatIdOf(chat)._serialized);
      chat.set("unreadCount", unread ? -1 : 0);
    },
    async sendRevokeMsgs(chat: AnyModel, { list }: { list: AnyModel[] }) {
      for (const msg of list) {
        await call("revoke", chatIdOf(chat)._serialized, keyOf(msg).id);
        msg.set({ type: "revoked", body: "" });
      }
    },
    async sendDeleteMsgs(chat: AnyModel, { list }: { list: AnyModel[] }) {
      for (const msg of list) {
        msgsOf(chat).remove(msg);
        Msg.remove(msg);
      }
    },
    refreshQR() {},
  });
  Object.assign(Socket, {
    async logout() {
      await call("logout").catch(() => undefined);
      await app.forgetIdentity();
    },
    takeover() {},
  });

  const sendMessage = (chat: AnyModel, attrs: Record<string, unknown>) => {
    const chatId = chatIdOf(chat)._serialized;
    if (!Chat.get(chatId)) {
      app.drafts.delete(chatId);
      Chat.add(chat);
    }
    const msg = new app.MsgModel({ isNotification: false, star: false, ...attrs, ack: 0 });
    msgsOf(chat).add(msg, { silent: true });
    Msg.add(msg);
    chat.set("t", attrs.t as number);
    const key = keyOf(msg);
    const quoted = attrs.quotedStanzaID as string | undefined;
    const sent = call("send", chatId, key.id, attrs.body ?? "", quoted).then((ack) => {
      (msg as InstanceType<typeof app.MsgModel>).updateAck(ack as number);
      return { messageSendResult: "OK" };
    });
    return [Promise.resolve(msg), sent];
  };

  const modules: Record<string, unknown> = {
    WAWebSocketModel: { Socket },
    WAWebCmd: { Cmd },
    WAWebConnModel: { Conn },
    WAWebOfflineHandler: {
      OfflineMessageHandler: { getOfflineDeliveryProgress: () => app.syncProgress() },
    },
    WAWebAltDeviceLinkingApi: {
      setPairingType() {},
      async initializeAltDeviceLinking() {},
      async initializeQRLinking() {},
      startAltLinkingFlow: (phone: string) => call("pairingCode", phone),
    },
    WABase64: {
      encodeB64: (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)),
      decodeB64: (b64: string) => app.b64ToBytes(b64),
    },
    WAWebCompanionRegClientUtils: { DEVICE_PLATFORM: "Chrome" },
    WAWebAdvSignatureApi: {},
    WAWebUserPrefsInfoStore: {},
    WAWebSignalStoreApi: {
      waSignalStore: {
        getRegistrationInfo: async () => ({
          identityKeyPair: { pubKey: app.b64ToBytes(app.identity().identity) },
        }),
      },
      waNoiseInfo: {
        get: async () => ({ staticKeyPair: { pubKey: app.b64ToBytes(app.identity().noise) } }),
      },
    },
    WAWebUserPrefsMultiDevice: { getADVSecretKey: () => app.identity().adv },
    WAWebUserPrefsMeUser: { getMaybeMePnUser: () => me.pn(), getMaybeMeLidUser: () => me.lidWid() },
    WAWebSyncGatingUtils: {},
    WAWebCollections: { Msg, Chat, Contact, GroupMetadata },
    WAWebWidFactory: {
      // whatsapp-web.js also passes serialized wids back (`getChatById(chat.id)`).
      createWid: (id: unknown) => widOf(id),
      createWidFromWidLike: (like: unknown) => widOf(like),
      asUserWidOrThrow: (wid: unknown) => widOf(wid),
    },
    WAWebMsgKey: MsgKey,
    WALinkify: { findLink: () => null, findLinks: () => [] },
    WAWebChatGetters: { getIsNewsletter: () => false, getIsBroadcast: () => false },
    WAWebLinkPreviewChatAction: { getLinkPreview: async () => null },
    WAWebGetEphemeralFieldsMsgActionsUtils: { getEphemeralFields: () => ({}) },
    WAWebSendMsgChatAction: { addAndSendMsgToChat: sendMessage },
    WAWebStreamModel: { Stream: { markAvailable() {}, markUnavailable() {} } },
    WAWebUpdateUnreadChatAction: {
      async sendSeen({ chat }: { chat: AnyModel }) {
        const unread = msgsOf(chat)
          .getModelsArray()
          .filter((m) => !keyOf(m).fromMe)
          .map((m) => keyOf(m).id);
        await call("read", chatIdOf(chat)._serialized, unread);
        chat.set("unreadCount", 0);
      },
    },
    WAWebFindChatAction: {
      async findOrCreateLatestChat(wid: InstanceType<typeof Wid>) {
        const existing = Chat.get(wid) ?? app.drafts.get(wid._serialized);
        if (existing) return { chat: existing };
        const chat = app.upsertChat(
          {
            id: wid._serialized,
            archived: false,
            pinned: false,
            markedUnread: false,
            unreadCount: 0,
            timestamp: 0,
          },
          true,
          false,
        );
        app.drafts.set(wid._serialized, chat);
        return { chat };
      },
    },
    WAWebContactProfilePicThumbBridge: {
      requestProfilePicFromServer: async (chat: { id: { _serialized: string } }) => {
        const url = (await call("picture", chat.id._serialized)) as string | null;
        if (!url) throw new ServerStatusCodeError(404, "item-not-found");
        return { eurl: url, tag: "1" };
      },
    },
    WAWebChatLoadMessages: {
      async loadEarlierMsgs({ chat }: { chat: AnyModel }) {
        const chatId = chatIdOf(chat)._serialized;
        const oldest = msgsOf(chat).getModelsArray()[0];
        const older = (await call(
          "loadEarlier",
          chatId,
          oldest ? keyOf(oldest).id : null,
        )) as Parameters<typeof app.addMessages>[2];
        return app.addMessages(chat, chatId, older, false);
      },
    },
    WAWebDeleteChatAction: {
      async sendDelete(chat: AnyModel) {
        await call("deleteChat", chatIdOf(chat)._serialized);
        app.removeChat(chatIdOf(chat)._serialized);
      },
    },
    WAWebChatClearBridge: {
      async sendClear(chat: AnyModel) {
        await call("clearChat", chatIdOf(chat)._serialized);
        for (const m of msgsOf(chat).getModelsArray()) {
          msgsOf(chat).remove(m);
          Msg.remove(m);
        }
      },
    },
    WAWebMsgActionCapability: {
      canEditText: (msg: AnyModel) => keyOf(msg).fromMe && msg.get("type") === "chat",
      canEditCaption: () => false,
      canSenderRevokeMsg: (msg: AnyModel) => keyOf(msg).fromMe && msg.get("type") !== "revoked",
      canAdminRevokeMsg: () => false,
    },
    WAWebSendMessageEditAction: {
      async sendMessageEdit(msg: AnyModel, content: string) {
        const key = keyOf(msg);
        await call("edit", key.remote._serialized, key.id, content);
        msg.set({ body: content, latestEditSenderTimestampMs: Date.now() });
      },
    },
    WAWebPinMsgConstants: { getPinExpiryDuration: () => 604800 },
    WAWebSendPinMessageAction: {
      async sendPinInChatMsg(msg: AnyModel, action: number) {
        const key = keyOf(msg);
        await call(action === 1 ? "pin" : "unpin", key.remote._serialized, key.id);
        msg.set("pinned", action === 1);
        return { messageSendResult: "OK" };
      },
    },
    WAWebMsgReply: { canReplyMsg: () => true },
    WAWebDownloadManager: {
      downloadManager: {
        // The simulator has the world's plain bytes; there is nothing to decrypt.
        async downloadAndMaybeDecrypt({ directPath }: { directPath: string }) {
          const data = (await call("media", directPath)) as string;
          return app.b64ToBytes(data).buffer;
        },
      },
    },
    WAWebLidMigrationUtils: { toPn: (wid: unknown) => widOf(wid) },
    WAWebApiContact: {
      getCurrentLid: (wid: InstanceType<typeof Wid>) => {
        const lid = Contact.get(wid)?.get("lid") as string | undefined;
        return lid ? new Wid(lid) : undefined;
      },
      getPhoneNumber: (wid: InstanceType<typeof Wid>) => {
        const found = Contact.getModelsArray().find((c) => c.get("lid") === wid._serialized);
        return found ? (found.get("id") as InstanceType<typeof Wid>) : undefined;
      },
      getAlternateUserWid: () => undefined,
    },
    WAWebContactGetters: {
      getIsMe: (c: AnyModel) => (c.get("id") as InstanceType<typeof Wid>).user === me.phone,
      getIsUser: (c: AnyModel) => (c.get("id") as InstanceType<typeof Wid>).isUser(),
      getIsGroup: (c: AnyModel) => (c.get("id") as InstanceType<typeof Wid>).isGroup(),
      getIsWAContact: () => true,
      getUserid: (c: AnyModel) => (c.get("id") as InstanceType<typeof Wid>).user,
      getVerifiedName: () => undefined,
      getVerifiedLevel: () => undefined,
      getStatusMute: () => false,
      getName: (c: AnyModel) => c.get("name"),
      getShortName: (c: AnyModel) => c.get("name"),
      getPushname: (c: AnyModel) => c.get("pushname"),
      getIsEnterprise: () => false,
    },
    WAWebFrontendContactGetters: { getIsMyContact: (c: AnyModel) => Boolean(c.get("isMyContact")) },
    WAWebQueryExistsJob: { queryWidExists: async (wid: unknown) => ({ wid: widOf(wid) }) },
  };

  const registry = Object.assign(
    (name: string) => {
      if (Object.hasOwn(modules, name)) return modules[name];
      missing.add(name);
      return undefined;
    },
    { missing },
  );
  Object.assign(window, {
    require: registry,
    __fakeWa: { missing, app },
    Debug: { VERSION: version },
  });
}
