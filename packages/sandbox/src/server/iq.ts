/**
 * @module The iq router: every `iq get/set` the client sends gets an answer (at least an empty result,
 * because Baileys resolves unanswered queries to `undefined` after a timeout and then crashes later);
 * unknown ones are logged and recorded on the account.
 */
import { type BinaryNode, getBinaryNodeChild, S_WHATSAPP_NET } from "@whiskeysockets/baileys";
import { toChatId } from "../world/jid.ts";
import { handleAppStateIq } from "./app-state.ts";
import type { ClientConnection } from "./connection.ts";
import type { SimContext } from "./context.ts";
import { errorChild } from "./errors.ts";
import { handleGroupIq } from "./groups.ts";
import { handleLinkCodeIq } from "./pairing-code.ts";
import { handleEncryptIq } from "./prekeys.ts";
import { socketStateOf } from "./socket-state.ts";
import { handleUsyncIq } from "./usync.ts";

const PRIVACY_CATEGORIES = [
  "last",
  "online",
  "profile",
  "status",
  "groupadd",
  "readreceipts",
  "calladd",
];

/** Computes the content of the result, or an error child. */
async function answer(
  ctx: SimContext,
  conn: ClientConnection,
  iq: BinaryNode,
): Promise<BinaryNode[]> {
  const account = conn.account;
  const first = Array.isArray(iq.content) ? iq.content[0] : undefined;
  switch (iq.attrs.xmlns) {
    case "encrypt":
      return handleEncryptIq(account, iq);
    case "passive":
    case "w:p":
      return [];
    case "usync":
      return account ? handleUsyncIq(account, iq) : [];
    case "w:sync:app:state":
      return account ? handleAppStateIq(account, iq, ctx.logger) : [];
    case "privacy":
      if (iq.attrs.type !== "get") return [];
      return [
        {
          tag: "privacy",
          attrs: {},
          content: PRIVACY_CATEGORIES.map((name) => ({
            tag: "category",
            attrs: { name, value: "all" },
          })),
        },
      ];
    case "blocklist":
      return [{ tag: "list", attrs: {} }];
    case "abt":
    case "w":
      return [{ tag: "props", attrs: { protocol: "1", hash: "sim" }, content: [] }];
    case "w:profile:picture": {
      const target = iq.attrs.target;
      const url = account && target ? account.pictures.get(toChatId(target)) : undefined;
      if (!url) return [errorChild(404, "item-not-found")];
      const type = getBinaryNodeChild(iq, "picture")?.attrs.type ?? "preview";
      return [{ tag: "picture", attrs: { url, id: "1", type } }];
    }
    case "w:m":
      return [
        {
          tag: "media_conn",
          attrs: { auth: "sim", ttl: "3600", auth_ttl: "3600", max_buckets: "1" },
          content: [{ tag: "host", attrs: { hostname: ctx.media.host } }],
        },
      ];
    case "w:g2":
      return account ? handleGroupIq(account, iq) : [];
    case "md":
      return handleLinkCodeIq(ctx.linkCodes, conn, iq);
    default:
      ctx.logger.debug(
        { xmlns: iq.attrs.xmlns, child: first?.tag },
        "unknown iq answered with an empty result",
      );
      if (account)
        socketStateOf(account).unknownIqs.push({
          tag: "iq",
          xmlns: iq.attrs.xmlns,
          child: first?.tag,
        });
      return [];
  }
}

/** Answers one client iq (results and errors from the client are routed elsewhere). */
export async function handleIq(
  ctx: SimContext,
  conn: ClientConnection,
  iq: BinaryNode,
): Promise<void> {
  let content: BinaryNode[];
  try {
    content = await answer(ctx, conn, iq);
  } catch (err) {
    ctx.logger.warn({ err, xmlns: iq.attrs.xmlns }, "iq handler failed");
    content = [errorChild(500, "internal-server-error")];
  }
  const isError = content.length === 1 && content[0]?.tag === "error";
  conn.send({
    tag: "iq",
    attrs: {
      id: iq.attrs.id ?? "",
      type: isError ? "error" : "result",
      from: iq.attrs.to ?? S_WHATSAPP_NET,
    },
    content,
  });
}
