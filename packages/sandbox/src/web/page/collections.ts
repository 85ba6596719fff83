/// <reference lib="dom" />
/**
 * @module Browser code of the fake WhatsApp Web page: the app's models (messages, chats, contacts)
 * and the collections and singletons whatsapp-web.js reads (`Msg`, `Chat`, `Contact`,
 * `GroupMetadata`, `Socket`, `Conn`, `Cmd`), plus the account's own ids (`me`).
 * Stringified into the page like `definePageModels`; it gets the model kit as an argument.
 */
import type { PageModels } from "./models.ts";

/** The page's collections (what {@link definePageCollections} returns). */
export type PageCollections = ReturnType<typeof definePageCollections>;

/** Defines the models and creates the empty collections; runs in the page. */
export function definePageCollections(kit: PageModels) {
  const { Model, Collection, Wid, MsgKey } = kit;
  type Model = InstanceType<typeof Model>;

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
    ChatModel,
    MsgModel,
  };
}
