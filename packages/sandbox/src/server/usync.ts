/**
 * @module `iq usync`: device lists (one phone, device 0, per user), LIDs (Baileys 7 maps every phone JID
 * to a LID before it encrypts) and "is on WhatsApp" contact lookups.
 */
import {
  type BinaryNode,
  getBinaryNodeChild,
  getBinaryNodeChildren,
} from "@whiskeysockets/baileys";
import { userOf } from "../world/jid.ts";
import type { WorldAccount } from "../world/types.ts";
import { contactOf } from "../world/world.ts";

function lidOf(account: WorldAccount, jid: string): string {
  if (userOf(jid) === account.phone) return `${account.lid}@lid`;
  return `${contactOf(account, jid).lid}@lid`;
}

/** Answers an `iq usync`; returns the result's content. */
export function handleUsyncIq(account: WorldAccount, iq: BinaryNode): BinaryNode[] {
  const usync = getBinaryNodeChild(iq, "usync");
  const protocols = (getBinaryNodeChild(usync, "query")?.content as BinaryNode[] | undefined) ?? [];
  const wanted = new Set(protocols.map((p) => p.tag));
  const users = getBinaryNodeChildren(getBinaryNodeChild(usync, "list"), "user").map((user) => {
    const phoneChild = getBinaryNodeChild(user, "contact");
    const raw = phoneChild?.content;
    const phoneText =
      typeof raw === "string" ? raw : raw ? Buffer.from(raw as Uint8Array).toString() : "";
    const jid = user.attrs.jid ?? `${phoneText.replace(/\D/g, "")}@s.whatsapp.net`;
    const bare = `${userOf(jid)}@${jid.slice(jid.indexOf("@") + 1)}`;
    const content: BinaryNode[] = [];
    if (wanted.has("devices")) {
      content.push({
        tag: "devices",
        attrs: {},
        content: [
          { tag: "device-list", attrs: {}, content: [{ tag: "device", attrs: { id: "0" } }] },
        ],
      });
    }
    if (wanted.has("lid") && !bare.endsWith("@lid")) {
      content.push({ tag: "lid", attrs: { val: lidOf(account, bare) } });
    }
    if (wanted.has("contact")) content.push({ tag: "contact", attrs: { type: "in" } });
    return { tag: "user", attrs: { jid: bare }, content };
  });
  return [
    {
      tag: "usync",
      attrs: { sid: usync?.attrs.sid ?? "", mode: "query", last: "true", index: "0" },
      content: [{ tag: "list", attrs: {}, content: users }],
    },
  ];
}
