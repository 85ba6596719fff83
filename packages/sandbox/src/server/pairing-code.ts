/**
 * @module Pairing by code: the client's `companion_hello` (its ephemeral key wrapped with the 8-character
 * code), the phone "entering" the code (a `link_code_companion_reg` notification carrying the phone's
 * wrapped ephemeral key), the client's `companion_finish` (a key bundle from which both derive the ADV
 * secret), then the same `pair-success` and 515 as QR pairing.
 */
import { createCipheriv, createDecipheriv, hkdfSync, pbkdf2, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import {
  type BinaryNode,
  Curve,
  getBinaryNodeChild,
  getBinaryNodeChildBuffer,
  S_WHATSAPP_NET,
} from "@whiskeysockets/baileys";
import { userOf } from "../world/jid.ts";
import type { WorldAccount } from "../world/types.ts";
import { type ClientConnection, stanzaId } from "./connection.ts";
import { sendPairSuccess } from "./pairing.ts";
import { socketStateOf } from "./socket-state.ts";

const pbkdf2Async = promisify(pbkdf2);

/** A client that asked for a pairing code and waits for the phone. */
export interface PendingLinkCode {
  conn: ClientConnection;
  phone: string;
  wrappedCompanionEphemeral: Buffer;
  ref: Buffer;
  /** Resolved by the client's `companion_finish`. */
  finish?: (node: BinaryNode) => void;
}

// Same key derivation as Baileys' `derivePairingCodeKey`: PBKDF2-SHA256, 2 << 16 rounds.
const codeKey = (code: string, salt: Buffer) => pbkdf2Async(code, salt, 2 << 16, 32, "sha256");

async function unwrap(code: string, wrapped: Buffer): Promise<Buffer> {
  const key = await codeKey(code, wrapped.subarray(0, 32));
  const decipher = createDecipheriv("aes-256-ctr", key, wrapped.subarray(32, 48));
  return Buffer.concat([decipher.update(wrapped.subarray(48, 80)), decipher.final()]);
}

async function wrap(code: string, publicKey: Uint8Array): Promise<Buffer> {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-ctr", await codeKey(code, salt), iv);
  return Buffer.concat([salt, iv, cipher.update(publicKey), cipher.final()]);
}

/** Answers `iq md <link_code_companion_reg>` (hello and finish); returns the result's content. */
export function handleLinkCodeIq(
  pending: Map<string, PendingLinkCode>,
  conn: ClientConnection,
  iq: BinaryNode,
): BinaryNode[] {
  const reg = getBinaryNodeChild(iq, "link_code_companion_reg");
  if (!reg) return [];
  const phone = userOf(reg.attrs.jid ?? "");
  if (reg.attrs.stage === "companion_hello") {
    const wrapped = getBinaryNodeChildBuffer(
      reg,
      "link_code_pairing_wrapped_companion_ephemeral_pub",
    );
    const ref = randomBytes(16);
    pending.set(phone, { conn, phone, wrappedCompanionEphemeral: Buffer.from(wrapped ?? []), ref });
    conn.onClose(() => {
      if (pending.get(phone)?.conn === conn) pending.delete(phone);
    });
    return [
      {
        tag: "link_code_companion_reg",
        attrs: {},
        content: [{ tag: "link_code_pairing_ref", attrs: {}, content: ref }],
      },
    ];
  }
  if (reg.attrs.stage === "companion_finish") pending.get(phone)?.finish?.(reg);
  return [];
}

/**
 * The client that asked for a code for the account's number, or else the latest one that asked (tests
 * often request a code for an arbitrary number; pairing then gives the client the account's number).
 */
function findLink(
  pending: Map<string, PendingLinkCode>,
  account: WorldAccount,
): PendingLinkCode | undefined {
  const open = [...pending.values()].filter((link) => !link.conn.closed);
  return open.find((link) => link.phone === account.phone) ?? open.at(-1);
}

/** The phone enters `code`: completes pairing of the client that requested it for the account's number. */
export async function enterPairingCode(
  pending: Map<string, PendingLinkCode>,
  account: WorldAccount,
  code: string,
): Promise<void> {
  // `requestPairingCode` does not wait for the server, so its hello may still be in flight.
  let link = findLink(pending, account);
  for (let waited = 0; !link && waited < 5_000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    link = findLink(pending, account);
  }
  if (!link) throw new Error(`pairing-code: no client asked for a code for ${account.phone}`);
  // Apps show the code as ABCD-EFGH; the client wrapped its key with the bare 8 characters.
  code = code.replace(/[^0-9A-Za-z]/g, "").toUpperCase();
  const companionEphemeral = await unwrap(code, link.wrappedCompanionEphemeral);
  const primaryEphemeral = Curve.generateKeyPair();
  const finished = new Promise<BinaryNode>((resolve) => {
    link.finish = resolve;
  });
  link.conn.send({
    tag: "notification",
    attrs: {
      id: stanzaId(),
      type: "link_code_companion_reg",
      from: S_WHATSAPP_NET,
      t: String(Math.floor(Date.now() / 1000)),
    },
    content: [
      {
        tag: "link_code_companion_reg",
        attrs: { stage: "primary_hello" },
        content: [
          { tag: "link_code_pairing_ref", attrs: {}, content: link.ref },
          {
            tag: "primary_identity_pub",
            attrs: {},
            content: socketStateOf(account).phoneIdentity.public,
          },
          {
            tag: "link_code_pairing_wrapped_primary_ephemeral_pub",
            attrs: {},
            content: await wrap(code, primaryEphemeral.public),
          },
        ],
      },
    ],
  });
  const reg = await finished;
  const bundle = Buffer.from(
    getBinaryNodeChildBuffer(reg, "link_code_pairing_wrapped_key_bundle") ?? [],
  );
  const companionShared = Curve.sharedKey(primaryEphemeral.private, companionEphemeral);
  const bundleKey = Buffer.from(
    hkdfSync(
      "sha256",
      companionShared,
      bundle.subarray(0, 32),
      "link_code_pairing_key_bundle_encryption_key",
      32,
    ),
  );
  const decipher = createDecipheriv("aes-256-gcm", bundleKey, bundle.subarray(32, 44));
  decipher.setAuthTag(bundle.subarray(bundle.length - 16));
  // A wrong code fails here (GCM authentication), like on a real phone.
  const payload = Buffer.concat([
    decipher.update(bundle.subarray(44, bundle.length - 16)),
    decipher.final(),
  ]);
  const companionIdentity = payload.subarray(0, 32);
  const random = payload.subarray(64, 96);
  const identityShared = Curve.sharedKey(
    socketStateOf(account).phoneIdentity.private,
    companionIdentity,
  );
  const advSecret = Buffer.from(
    hkdfSync(
      "sha256",
      Buffer.concat([companionShared, identityShared, random]),
      Buffer.alloc(0),
      "adv_secret",
      32,
    ),
  );
  pending.delete(link.phone);
  await sendPairSuccess(link.conn, account, Buffer.from(companionIdentity), advSecret);
}
