/** @module `iq w:g2`: group metadata from the world (Baileys fetches it before every group send), and the participating list. */
import { type BinaryNode, getBinaryNodeChild } from "@whiskeysockets/baileys";
import { toChatId, toWireJid } from "../world/jid.ts";
import type { WorldAccount, WorldGroup } from "../world/types.ts";
import { errorChild } from "./errors.ts";

function groupNode(account: WorldAccount, groupId: string, group: WorldGroup): BinaryNode {
  const me = `${account.phone}@s.whatsapp.net`;
  return {
    tag: "group",
    attrs: {
      id: groupId.split("@")[0] ?? "",
      subject: group.subject,
      s_t: "1700000000",
      creation: "1700000000",
      creator: me,
      // PN addressing keeps the simulator's sender-key names on phone numbers.
      addressing_mode: "pn",
    },
    content: [
      { tag: "participant", attrs: { jid: me, type: "admin" } },
      ...group.participants.map((p) => ({ tag: "participant", attrs: { jid: toWireJid(p) } })),
    ],
  };
}

/** Answers an `iq w:g2`; returns the result's content. */
export function handleGroupIq(account: WorldAccount, iq: BinaryNode): BinaryNode[] {
  if (getBinaryNodeChild(iq, "participating")) {
    return [
      {
        tag: "groups",
        attrs: {},
        content: [...account.groups].map(([id, group]) => groupNode(account, id, group)),
      },
    ];
  }
  const groupId = toChatId(iq.attrs.to ?? "");
  const group = account.groups.get(groupId);
  if (!getBinaryNodeChild(iq, "query")) return [];
  return group ? [groupNode(account, groupId, group)] : [errorChild(404, "item-not-found")];
}
